//! Names of the client's methods and of each operation's own items: its method and the
//! methods beside it (`_request`, streams, `_from_body`), its type stem and the types in
//! `operations.rs` that start with it, its parameters, the variants of its response enums,
//! its typed headers' accessors, and the credential setters.

use std::collections::BTreeSet;

use super::{camel, snake, suffixed, Namespace};
use crate::diagnostics::Diagnostics;
use crate::load::node::{DocPath, Node};
use crate::model::ir::*;

/// The names of `Client`'s own methods (written by `emit/client.rs`, whose test checks this
/// list against them): operations cannot take them.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http",
    "base_url",
    "http",
    "with_max_body_bytes",
    "clone",
];

/// The methods of a `…Params` struct besides its setters (which are named as its fields).
const PARAMS_METHODS: &[&str] = &["new", "builder"];

/// The method of a `…ResponseHeaders` struct besides its accessors.
const HEADERS_METHODS: &[&str] = &["from_headers"];

/// The method an operation asks for.
pub(crate) fn method(operation_id: &str) -> String {
    snake(operation_id, "operation")
}

/// The stem an operation asks for its types.
pub(crate) fn stem(operation_id: &str) -> String {
    camel(operation_id, "Operation")
}

/// The credential setter of a security scheme (`with_<key>_token`, ...) and its snake_case
/// name, unique among the schemes' (`names`).
pub(crate) fn credential(key: &str, kind: &SchemeKind, names: &mut Namespace) -> (String, String) {
    let rust_name = names.unique(&snake(key, "scheme"));
    // `self_` must not give `with_self__token` (the snake_case lint refuses it).
    let plain = rust_name.trim_end_matches('_');
    let setter = match kind {
        SchemeKind::ApiKey { .. } => format!("with_{plain}_api_key"),
        SchemeKind::Basic => format!("with_{plain}_basic_auth"),
        SchemeKind::Bearer => format!("with_{plain}_token"),
    };
    (rust_name, setter)
}

/// Gives each operation a unique method name and type stem, in the document's order (the
/// first to ask for a name gets it), and names what derives from them; an operation that
/// cannot have the names it asks for gets a number, with a warning. `setters` are the
/// credential setters, methods of `Client` too.
pub(crate) fn name_operations(
    operations: &mut [Operation],
    setters: &[String],
    root: &Node,
    diags: &mut Diagnostics,
) {
    let mut taken: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| m.to_string()).collect();
    taken.extend(setters.iter().cloned());
    let mut stems = Namespace::default();
    // `operations.rs` defines `IntoParams` and `Unset` beside the operations' own types.
    stems.reserve("Into");
    for op in operations.iter_mut() {
        // The method and its `_request` builder must both be free...
        let base = op.fn_name.clone();
        // ... and so must the methods reading its streams, and sending its body as a stream.
        let upload = op.body.as_ref().is_some_and(|b| b.media == Media::Binary);
        let suffixes: Vec<&str> = std::iter::once("request")
            .chain(op.streams.iter().map(|s| s.kind.method_suffix()))
            .chain(upload.then_some("from_body"))
            .collect();
        let mut plain = base.clone();
        let mut n = 2;
        while taken.contains(&plain)
            || suffixes
                .iter()
                .any(|suffix| taken.contains(&suffixed(&plain, suffix)))
        {
            plain = suffixed(&base, &n.to_string());
            n += 1;
        }
        taken.insert(plain.clone());
        for suffix in &suffixes {
            taken.insert(suffixed(&plain, suffix));
        }
        op.request_fn_name = suffixed(&plain, "request");
        for stream in &mut op.streams {
            stream.fn_name = suffixed(&plain, stream.kind.method_suffix());
        }
        op.upload_fn_name = upload.then(|| suffixed(&plain, "from_body"));
        let wanted_stem = op.type_stem.clone();
        op.type_stem = stems.unique(&op.type_stem);
        // A unique stem makes these unique: no suffix ends another.
        op.params_type = format!("{}Params", op.type_stem);
        op.params_builder = format!("{}ParamsBuilder", op.type_stem);
        let mut renamed = Vec::new();
        if plain != base {
            renamed.push(format!("the method `{plain}` (not `{base}`)"));
        }
        if op.type_stem != wanted_stem {
            renamed.push(format!(
                "its types start with `{}` (not `{wanted_stem}`)",
                op.type_stem
            ));
        }
        if !renamed.is_empty() {
            let node = root.pointer(&op.source.keys());
            let pos = node
                .and_then(|n| n.get("operationId"))
                .or(node)
                .map_or(root.pos, |n| n.pos);
            diags.warning(
                pos,
                &op.source,
                format!(
                    "operation `{}` becomes {} in Rust, as another operation or the client itself has those names; the request is unchanged",
                    op.operation_id,
                    renamed.join(" and ")
                ),
            );
        }
        op.fn_name = plain;
    }
}

/// Field names of an operation's parameters (each beside where it stands). A parameter whose
/// wire name already is its Rust name keeps it; the others yield, in order, with a warning
/// when theirs is taken (by another parameter, or a method of the `…Params` struct).
pub(crate) fn parameter_names(
    params: &mut [(Param, DocPath)],
    root: &Node,
    diags: &mut Diagnostics,
) {
    let mut names = Namespace::default();
    for method in PARAMS_METHODS {
        names.reserve(method);
    }
    let wanted: Vec<String> = params
        .iter()
        .map(|(p, _)| snake(&p.wire_name, "param"))
        .collect();
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by_key(|&i| wanted[i] != params[i].0.wire_name);
    for i in order {
        let (param, param_loc) = &mut params[i];
        let wanted = &wanted[i];
        param.rust_name = names.unique(wanted);
        if &param.rust_name != wanted {
            let by = if PARAMS_METHODS.contains(&wanted.as_str()) {
                "a method of the parameters struct"
            } else {
                "another parameter"
            };
            diags.warning(
                root.pointer(&param_loc.keys()).map_or(root.pos, |n| n.pos),
                param_loc,
                format!(
                    "parameter `{}` is the field `{}` in Rust because `{wanted}` is taken by {by}; the wire name stays exact",
                    param.wire_name, param.rust_name
                ),
            );
        }
    }
}

/// The field of a path variable `name` no parameter declares: it yields to the parameters.
pub(crate) fn undeclared_path_parameter(params: &[(Param, DocPath)], name: &str) -> String {
    let mut names = Namespace::default();
    for method in PARAMS_METHODS {
        names.reserve(method);
    }
    for (p, _) in params {
        names.reserve(&p.rust_name);
    }
    names.unique(&snake(name, "param"))
}

/// `<stem>ResponseHeaders`, the typed headers of a success value.
pub(crate) fn headers_struct(stem: &str) -> String {
    format!("{stem}ResponseHeaders")
}

/// The accessor a response header `name` (as the document spells it) asks for.
pub(crate) fn header_accessor(name: &str) -> String {
    snake(name, "header")
}

/// Makes the accessors of a success value's typed headers (each the one it asked for) unique,
/// in order.
pub(crate) fn header_accessors(headers: &mut [ResponseHeader]) {
    let mut names = Namespace::default();
    for method in HEADERS_METHODS {
        names.reserve(method);
    }
    for header in headers {
        header.rust_name = names.unique(&header.rust_name);
    }
}

/// The enum of an operation's several success (`Response`) or error (`Error`) shapes.
pub(crate) fn outcome_enum(stem: &str, suffix: &str) -> String {
    format!("{stem}{suffix}")
}

/// The variant of each arm of an outcome enum: `Status200`, `Status4XX` or `Default`, with
/// the media type added where one status has several.
pub(crate) fn outcome_variants(arms: &mut [OutcomeArm]) {
    let mut names = Namespace::default();
    let several_per_status =
        |status: &StatusMatch| arms.iter().filter(|a| &a.status == status).count() > 1;
    let wanted: Vec<String> = arms
        .iter()
        .map(|arm| {
            let mut name = match &arm.status {
                StatusMatch::Code(c) => format!("Status{c}"),
                StatusMatch::Range(r) => format!("Status{r}XX"),
                StatusMatch::Default => "Default".to_owned(),
            };
            if several_per_status(&arm.status) {
                if let Some(c) = &arm.content {
                    name.push_str(&camel(&c.content_type, "Media"));
                }
            }
            name
        })
        .collect();
    for (arm, name) in arms.iter_mut().zip(wanted) {
        arm.variant = Some(names.unique(&name));
    }
}
