//! The runtime a generated client calls, in either of its two forms: a dependency on the
//! `openapi-client-runtime` crate (`runtime/` in this repository), or a copy of that crate's
//! source files in the generated crate's `runtime/` module folder. The copy is made from the
//! same files, embedded here at build time, so the runtime has one source.
//!
//! Either way the generated modules reach it as `super::runtime`, and the parts a client does
//! not use (form and multipart bodies) are left out: features of the crate, files of the copy.

use crate::model::ir::{Api, Media};

/// Where a generated client's runtime comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeSource {
    /// The runtime's source files the client uses, written into its `runtime/` module folder:
    /// the crate builds alone, with no dependency on a crate that is not published.
    #[default]
    Vendored,
    /// A dependency on the `openapi-client-runtime` crate, for several clients that share one
    /// copy of it. The text is a path to the crate (written as `path = "..."`), or a version
    /// requirement when it starts with a digit or one of `^~=<>*` (written as `version = "..."`).
    /// With [`super::Layout::Module`] no `Cargo.toml` is written: the crate that holds the module
    /// depends on the runtime itself, with the features [`features`] lists.
    Crate(String),
}

/// The runtime's package name and the name the generated code uses for it.
pub const CRATE_NAME: &str = "openapi-client-runtime";
const LIB_NAME: &str = "openapi_client_runtime";

/// The runtime's source files (`runtime/src/*.rs`), each with the feature it needs, if any.
const FILES: &[(&str, Option<&str>, &str)] = &[
    ("lib.rs", None, include_str!("../../../runtime/src/lib.rs")),
    (
        "bytes.rs",
        None,
        include_str!("../../../runtime/src/bytes.rs"),
    ),
    (
        "byte_stream.rs",
        Some("byte-stream"),
        include_str!("../../../runtime/src/byte_stream.rs"),
    ),
    (
        "credentials.rs",
        None,
        include_str!("../../../runtime/src/credentials.rs"),
    ),
    (
        "error.rs",
        None,
        include_str!("../../../runtime/src/error.rs"),
    ),
    (
        "form.rs",
        Some("form"),
        include_str!("../../../runtime/src/form.rs"),
    ),
    (
        "json.rs",
        None,
        include_str!("../../../runtime/src/json.rs"),
    ),
    (
        "jsonl.rs",
        Some("jsonl"),
        include_str!("../../../runtime/src/jsonl.rs"),
    ),
    (
        "json_shape.rs",
        None,
        include_str!("../../../runtime/src/json_shape.rs"),
    ),
    (
        "multipart.rs",
        Some("multipart"),
        include_str!("../../../runtime/src/multipart.rs"),
    ),
    (
        "nullable.rs",
        None,
        include_str!("../../../runtime/src/nullable.rs"),
    ),
    (
        "params.rs",
        None,
        include_str!("../../../runtime/src/params.rs"),
    ),
    (
        "request.rs",
        None,
        include_str!("../../../runtime/src/request.rs"),
    ),
    (
        "response.rs",
        None,
        include_str!("../../../runtime/src/response.rs"),
    ),
    (
        "http.rs",
        None,
        include_str!("../../../runtime/src/http.rs"),
    ),
    (
        "middleware.rs",
        Some("middleware"),
        include_str!("../../../runtime/src/middleware.rs"),
    ),
    (
        "redact.rs",
        None,
        include_str!("../../../runtime/src/redact.rs"),
    ),
    (
        "response_value.rs",
        None,
        include_str!("../../../runtime/src/response_value.rs"),
    ),
    (
        "secret.rs",
        None,
        include_str!("../../../runtime/src/secret.rs"),
    ),
    (
        "sse.rs",
        Some("sse"),
        include_str!("../../../runtime/src/sse.rs"),
    ),
    (
        "value.rs",
        None,
        include_str!("../../../runtime/src/value.rs"),
    ),
    (
        "websocket.rs",
        Some("websocket"),
        include_str!("../../../runtime/src/websocket.rs"),
    ),
];

/// The runtime's optional parts `api` uses: the Cargo features of the crate, the files of the
/// copy.
pub fn features(api: &Api) -> Vec<&'static str> {
    let uses = |media: Media| {
        api.operations
            .iter()
            .any(|o| o.body.as_ref().is_some_and(|b| b.media == media))
    };
    let mut features = Vec::new();
    if uses(Media::Form) {
        features.push("form");
    }
    if uses(Media::Multipart) {
        features.push("multipart");
    }
    features.extend(super::streams::runtime_features(api));
    features
}

/// The copy of the runtime for `api`: `(file name in the module folder, contents)`, the crate
/// root becoming `mod.rs`. Each file is the crate's own, less the parts `api` does not use.
pub fn vendored_files(api: &Api) -> Vec<(String, String)> {
    let features = features(api);
    FILES
        .iter()
        .filter(|(_, feature, _)| feature.is_none_or(|f| features.contains(&f)))
        .map(|(name, _, text)| match *name {
            "lib.rs" => ("mod.rs".to_owned(), without_unused_parts(text, &features)),
            name => (name.to_owned(), (*text).to_owned()),
        })
        .collect()
}

/// The crate root as a module: a `#[cfg(feature = "x")]` line and the one line after it are
/// kept (without the attribute) when the client uses `x`, and dropped when it does not, so the
/// copy names no feature the generated crate does not have.
fn without_unused_parts(lib: &str, features: &[&str]) -> String {
    let mut out = String::with_capacity(lib.len());
    let mut lines = lib.lines();
    while let Some(line) = lines.next() {
        let feature = line
            .trim()
            .strip_prefix("#[cfg(feature = \"")
            .and_then(|rest| rest.strip_suffix("\")]"));
        match feature {
            Some(feature) => {
                let item = lines.next().unwrap_or_default();
                if features.contains(&feature) {
                    out.push_str(item);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// How the generated crate root declares its `runtime` module.
pub fn declaration(source: &RuntimeSource) -> proc_macro2::TokenStream {
    match source {
        RuntimeSource::Vendored => quote::quote! {
            /// The runtime the generated code calls: errors, decoding, parameter styles,
            /// bodies and credentials (a copy of the `openapi-client-runtime` crate's files).
            #[rustfmt::skip]
            pub mod runtime;
        },
        RuntimeSource::Crate(_) => {
            let lib = quote::format_ident!("{LIB_NAME}");
            quote::quote! {
                /// The runtime the generated code calls: errors, decoding, parameter styles,
                /// bodies and credentials.
                pub use ::#lib as runtime;
            }
        }
    }
}

/// The `Cargo.toml` line of the runtime crate, for [`RuntimeSource::Crate`].
pub fn dependency(api: &Api, at: &str) -> String {
    let is_version = at
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "^~=<>*".contains(c));
    let source = if is_version {
        format!("version = {at:?}")
    } else {
        format!("path = {:?}", at.replace('\\', "/"))
    };
    let features: Vec<String> = features(api).iter().map(|f| format!("{f:?}")).collect();
    let features = if features.is_empty() {
        String::new()
    } else {
        format!(", features = [{}]", features.join(", "))
    };
    format!("{CRATE_NAME} = {{ {source}{features} }}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every source file of the runtime crate is embedded, so a copy is never missing one.
    #[test]
    fn every_runtime_source_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(n, _, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    /// Only the crate root may name features: a copied module cannot test a feature of the
    /// crate it is copied into.
    #[test]
    fn only_the_crate_root_names_features() {
        for (name, feature, text) in FILES {
            if *name != "lib.rs" {
                assert!(!text.contains("cfg(feature"), "{name} names a feature");
            }
            if let Some(feature) = feature {
                let module = name.trim_end_matches(".rs");
                assert!(
                    FILES[0]
                        .2
                        .contains(&format!("#[cfg(feature = \"{feature}\")]\nmod {module};")),
                    "lib.rs does not declare `{module}` under feature `{feature}`"
                );
            }
        }
    }

    #[test]
    fn unused_parts_are_left_out_of_the_root() {
        let lib = "mod a;\n#[cfg(feature = \"form\")]\nmod form;\n#[cfg(feature = \"multipart\")]\npub use multipart::Multipart;\n";
        assert_eq!(without_unused_parts(lib, &["form"]), "mod a;\nmod form;\n");
        assert_eq!(without_unused_parts(lib, &[]), "mod a;\n");
    }
}
