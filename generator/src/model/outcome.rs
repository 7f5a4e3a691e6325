//! What each operation's method gives back, decided once for emit to print: the success type
//! (the `T` of `ResponseValue<T, H>`), the error type (carried by `Error::Api`), the enums that
//! stand for several shapes with their variant names, and the typed headers `H`.

use super::ir::*;
use super::naming;

/// Fills in `success_outcome`, `error_outcome` and `success_headers` of every operation. Runs
/// once the operations' type stems are final (the enums' names start with them).
pub(crate) fn shape_responses(operations: &mut [Operation]) {
    for op in operations {
        op.success_outcome = outcome(&op.success, &op.type_stem, "Response");
        op.error_outcome = outcome(&op.errors, &op.type_stem, "Error");
        let mut headers = merged_success_headers(&op.success);
        naming::operations::header_accessors(&mut headers);
        op.success_headers = (!headers.is_empty()).then(|| SuccessHeaders {
            name: naming::operations::headers_struct(&op.type_stem),
            headers,
        });
    }
}

/// One arm per response and media type, in the document's order. When every arm reads the
/// same type, that type; when they differ, an enum `<stem><suffix>` with a variant per arm
/// (`Status200`, `Status4XX`, `Default`, with the media type added where one status has
/// several). No success response at all: the raw response.
fn outcome(cases: &[ResponseCase], stem: &str, suffix: &str) -> Outcome {
    let mut arms: Vec<OutcomeArm> = Vec::new();
    for case in cases {
        let contents: Vec<Option<&ResponseContent>> = if case.contents.is_empty() {
            vec![None]
        } else {
            case.contents.iter().map(Some).collect()
        };
        for content in contents {
            arms.push(OutcomeArm {
                status: case.status.clone(),
                content: content.cloned(),
                variant: None,
                doc: case.description.clone(),
            });
        }
    }
    let mut tys: Vec<Ty> = arms.iter().map(OutcomeArm::ty).collect();
    tys.sort();
    tys.dedup();
    let ty = match tys.as_slice() {
        [] if suffix == "Response" => OutcomeType::Raw,
        [] => OutcomeType::Single(Ty::Unit),
        [single] => OutcomeType::Single(single.clone()),
        _ => {
            naming::operations::outcome_variants(&mut arms);
            OutcomeType::Enum(naming::operations::outcome_enum(stem, suffix))
        }
    };
    Outcome { arms, ty }
}

/// The headers the success responses declare, once each: required only where every success
/// response declares it required, and read as text where two declare different types.
fn merged_success_headers(success: &[ResponseCase]) -> Vec<ResponseHeader> {
    let mut out: Vec<ResponseHeader> = Vec::new();
    for case in success {
        for header in &case.headers {
            match out.iter_mut().find(|h| h.wire_name == header.wire_name) {
                Some(known) => {
                    known.required &= header.required;
                    if known.ty != header.ty {
                        known.ty = Ty::String;
                    }
                }
                None => out.push(header.clone()),
            }
        }
    }
    for header in &mut out {
        let everywhere = success
            .iter()
            .all(|c| c.headers.iter().any(|h| h.wire_name == header.wire_name));
        header.required &= everywhere;
    }
    out
}
