//! Stage three: the intermediate form to Rust tokens (quote) to formatted files (prettyplease).

mod client;
mod constructors;
mod dispatch;
mod docs;
mod examples;
mod models;
mod operations;
mod params_builder;
mod pipeline;
mod request;
mod response_value;
mod runtime;
mod streams;
mod types;

use proc_macro2::TokenStream;

use pipeline::{FilePlan, Planned, Section};

use crate::model::ir::{Api, Ty, TypeKind};

pub use runtime::RuntimeSource;

/// How the generated files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A complete crate: `Cargo.toml`, `src/lib.rs` and the modules beside it.
    #[default]
    Crate,
    /// Only `src/generated/**`, for a crate whose `Cargo.toml` and `lib.rs` are hand-written
    /// (`mod generated; pub use generated::*;`).
    Module,
}

#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    pub crate_name: String,
    pub layout: Layout,
    /// The spec's file name, quoted in every file's preamble.
    pub source_name: String,
    /// Whether the crate is a member of an enclosing cargo workspace: its `Cargo.toml` then has
    /// no `[workspace]` table of its own (cargo refuses two workspace roots).
    pub workspace_member: bool,
    /// A copy of the runtime in the generated crate, or a dependency on the runtime crate.
    pub runtime: RuntimeSource,
    /// Write `tests/examples.rs` (with [`Layout::Crate`] and examples collected in the model).
    pub example_tests: bool,
}

/// One generated file: a path relative to the crate root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A generated file before formatting: what [`emit_tokens`] builds and [`format`] finishes.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    /// The path relative to the crate root.
    pub path: String,
    pub content: EmittedContent,
}

#[derive(Debug, Clone)]
pub enum EmittedContent {
    /// Rust code: `header` (comments and inner attributes) followed by `tokens`, to format.
    Rust { header: String, tokens: TokenStream },
    /// Finished text (`Cargo.toml`, the runtime's files).
    Text(String),
}

/// The intermediate form to formatted files: the same as `format(emit_tokens(api, options))`,
/// with the items built and formatted a few at a time on every core (`pipeline::run`).
pub fn emit(api: &Api, options: &EmitOptions) -> Vec<GeneratedFile> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    pipeline::run(&|| plan(api, options), threads)
}

/// The files of a generated crate, in the order [`emit_tokens`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    CargoToml,
    Root,
    Models,
    Operations,
    Client,
    Runtime,
    /// `tests/examples.rs` and the document it reads.
    ExampleTests,
}

fn parts(options: &EmitOptions) -> Vec<Part> {
    let mut parts = vec![Part::Root, Part::Models, Part::Operations, Part::Client];
    if options.layout == Layout::Crate {
        parts.insert(0, Part::CargoToml);
    }
    if options.runtime == RuntimeSource::Vendored {
        parts.push(Part::Runtime);
    }
    if options.layout == Layout::Crate && options.example_tests {
        parts.push(Part::ExampleTests);
    }
    parts
}

/// Builds every file's tokens (quote), without formatting them.
pub fn emit_tokens(api: &Api, options: &EmitOptions) -> Vec<EmittedFile> {
    plan(api, options)
        .into_iter()
        .map(|file| EmittedFile {
            path: file.path,
            content: match file.content {
                Planned::Text(text) => EmittedContent::Text(text()),
                Planned::Rust { header, sections } => EmittedContent::Rust {
                    header,
                    tokens: sections.iter().map(Section::tokens).collect(),
                },
            },
        })
        .collect()
}

/// Every file of the generated crate, planned (nothing built yet).
fn plan<'a>(api: &'a Api, options: &'a EmitOptions) -> Vec<FilePlan<'a>> {
    parts(options)
        .into_iter()
        .flat_map(|part| plan_part(api, options, part))
        .collect()
}

/// The files of one part: one, except for the runtime's copy and the example tests.
fn plan_part<'a>(api: &'a Api, options: &'a EmitOptions, part: Part) -> Vec<FilePlan<'a>> {
    let dir = match options.layout {
        Layout::Crate => "src",
        Layout::Module => "src/generated",
    };
    let preamble = preamble(&options.source_name);
    let rust = |name: &str, sections: Vec<Section<'a>>, inner_attrs: &str| FilePlan {
        path: format!("{dir}/{name}"),
        content: Planned::Rust {
            header: format!("{preamble}{inner_attrs}"),
            sections,
        },
    };
    let deprecated = || {
        if uses_deprecated(api) {
            "// Items the spec marks deprecated are still used by the generated code itself.\n#![allow(deprecated)]\n\n"
        } else {
            ""
        }
    };
    let doc_lints = "// Descriptions are the spec author's Markdown, kept as written.\n#![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]\n";
    let root_name = match options.layout {
        Layout::Crate => "lib.rs",
        Layout::Module => "mod.rs",
    };
    let file = match part {
        Part::CargoToml => FilePlan {
            path: "Cargo.toml".into(),
            content: Planned::Text(Box::new(move || cargo_toml(api, options))),
        },
        Part::Root => rust(
            root_name,
            vec![Section::Whole(Box::new(move || {
                client::root_module(api, &options.runtime)
            }))],
            doc_lints,
        ),
        Part::Models => rust(
            "models.rs",
            models::sections(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::Operations => rust(
            "operations.rs",
            operations::sections(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::Client => rust(
            "client.rs",
            client::sections(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::ExampleTests => {
            let Some(tests) = &api.example_tests else {
                return Vec::new();
            };
            let name = &options.crate_name;
            return vec![
                FilePlan {
                    path: "tests/examples.rs".into(),
                    content: Planned::Rust {
                        header: preamble.clone(),
                        sections: vec![Section::Whole(Box::new(move || {
                            examples::files(api, tests, name).0
                        }))],
                    },
                },
                FilePlan {
                    path: "tests/examples.json".into(),
                    content: Planned::Text(Box::new(move || examples::files(api, tests, name).1)),
                },
            ];
        }
        Part::Runtime => {
            return runtime::vendored_files(api)
                .into_iter()
                .map(|(name, text)| {
                    let text = format!("{preamble}{text}");
                    FilePlan {
                        path: format!("{dir}/runtime/{name}"),
                        content: Planned::Text(Box::new(move || text.clone())),
                    }
                })
                .collect()
        }
    };
    vec![file]
}

/// Formats the Rust files (syn + prettyplease) into their final text, one file at a time.
pub fn format(files: Vec<EmittedFile>) -> Vec<GeneratedFile> {
    files
        .into_iter()
        .map(|file| GeneratedFile {
            path: file.path,
            contents: match file.content {
                EmittedContent::Rust { header, tokens } => {
                    format!("{header}{}", pipeline::format_tokens(tokens))
                }
                EmittedContent::Text(text) => text,
            },
        })
        .collect()
}

fn preamble(source_name: &str) -> String {
    format!(
        "// @generated by openapi-rust-generator from `{source_name}`. Do not edit by hand:\n\
         // edit the OpenAPI document and generate again (in this repository: `cargo xtask codegen`).\n\n"
    )
}

fn uses_deprecated(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|o| o.deprecated || o.params.iter().any(|p| p.deprecated))
        || api.types.iter().any(|t| {
            t.deprecated
                || matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
        })
}

/// Whether a date or date-time appears anywhere (the crate then needs and re-exports chrono).
fn uses_date_time(api: &Api) -> bool {
    any_ty(api, &|t| matches!(t, Ty::DateTime | Ty::Date))
}

/// Whether a UUID appears anywhere (the crate then needs and re-exports uuid).
fn uses_uuid(api: &Api) -> bool {
    any_ty(api, &|t| matches!(t, Ty::Uuid))
}

fn any_ty(api: &Api, pred: &dyn Fn(&Ty) -> bool) -> bool {
    fn walk(ty: &Ty, pred: &dyn Fn(&Ty) -> bool) -> bool {
        pred(ty)
            || match ty {
                Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => walk(inner, pred),
                _ => false,
            }
    }
    let in_types = api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| walk(&f.ty, pred))
                || s.additional.as_ref().is_some_and(|a| walk(a, pred))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| walk(&v.ty, pred)),
        TypeKind::Alias(ty) => walk(ty, pred),
        TypeKind::StringEnum(_) | TypeKind::Fixed(_) => false,
    });
    let in_ops = api.operations.iter().any(|o| {
        o.params.iter().any(|p| walk(&p.ty, pred))
            || o.body.as_ref().is_some_and(|b| walk(&b.ty, pred))
            || o.success
                .iter()
                .chain(&o.errors)
                .any(|c| c.contents.iter().any(|m| walk(&m.ty, pred)))
    });
    in_types || in_ops
}

fn cargo_toml(api: &Api, options: &EmitOptions) -> String {
    let (crate_name, source_name) = (&options.crate_name, &options.source_name);
    let mut deps: Vec<String> = [
        r#"reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }"#,
        r#"serde = { version = "1", features = ["derive"] }"#,
        // Without `float_roundtrip` serde_json may read a number one unit in the last place
        // off (a faster parser): a value decoded and encoded again would change on the wire.
        r#"serde_json = { version = "1", features = ["float_roundtrip"] }"#,
        // The `tracing` feature: a span per call, named by the operationId.
        r#"tracing = { version = "0.1", optional = true }"#,
        r#"url = "2""#,
    ]
    .map(str::to_owned)
    .into();
    match &options.runtime {
        // What the runtime's files use besides the above.
        RuntimeSource::Vendored => deps.extend(
            [
                r#"base64 = "0.22""#,
                r#"percent-encoding = "2""#,
                r#"serde_urlencoded = "0.7""#,
            ]
            .map(str::to_owned)
            .into_iter()
            .chain(streams::vendored_dependencies(api)),
        ),
        RuntimeSource::Crate(at) => deps.push(runtime::dependency(api, at)),
    }
    if streams::uses_byte_stream(api) {
        // Streamed responses read the body chunk by chunk.
        deps[0] = r#"reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "stream"] }"#.to_owned();
    }
    if uses_date_time(api) {
        deps.push(r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#.to_owned());
    }
    if uses_uuid(api) {
        deps.push(r#"uuid = { version = "1", features = ["serde"] }"#.to_owned());
    }
    deps.sort();
    // The `middleware` feature: `Client::with_http` takes a
    // `reqwest_middleware::ClientWithMiddleware` (only through the runtime crate; a copy of the
    // runtime sends through a `reqwest::Client` or a `runtime::Transport` of the caller's).
    let features = match &options.runtime {
        RuntimeSource::Crate(_) => format!(
            "\n[features]\nmiddleware = [\"{}/middleware\"]\n",
            runtime::CRATE_NAME
        ),
        RuntimeSource::Vendored => String::new(),
    };
    let description = format!(
        "Typed async client for {}, generated from {source_name}.",
        api.title
    );
    // The examples test validates each example against its schema before decoding it.
    let dev = if options.example_tests && api.example_tests.is_some() {
        "\n[dev-dependencies]\njsonschema = { version = \"0.61\", default-features = false }\n"
    } else {
        ""
    };
    let workspace = if options.workspace_member {
        ""
    } else {
        "\n# A workspace of its own, wherever it is written (generate with --workspace-member to\n\
         # add it to an enclosing workspace instead).\n[workspace]\n"
    };
    format!(
        "# @generated by openapi-rust-generator from `{source_name}`. Do not edit by hand.\n\
         [package]\n\
         name = \"{crate_name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = {description:?}\n\
         \n\
         [dependencies]\n\
         {}\n\
         {features}{dev}{workspace}",
        deps.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `emit` builds `client.rs` on another thread; the files must not depend on that.
    #[test]
    fn threaded_emit_matches_the_sequential_stages() {
        let text = include_str!("../../../spec/auth0.yaml");
        let mut diags = crate::diagnostics::Diagnostics::new("auth0.yaml");
        let document = crate::load::load(text, &mut diags).unwrap();
        let api = crate::model::build(&document, &Default::default(), &mut diags);
        for layout in [Layout::Crate, Layout::Module] {
            let options = EmitOptions {
                crate_name: "auth0-client".into(),
                layout,
                source_name: "auth0.yaml".into(),
                runtime: RuntimeSource::Vendored,
                ..EmitOptions::default()
            };
            let files = emit(&api, &options);
            assert_eq!(files, format(emit_tokens(&api, &options)));
            let dir = match layout {
                Layout::Crate => "src",
                Layout::Module => "src/generated",
            };
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            let mut expected: Vec<String> = ["lib.rs", "models.rs", "operations.rs", "client.rs"]
                .iter()
                .map(|name| match (layout, *name) {
                    (Layout::Module, "lib.rs") => format!("{dir}/mod.rs"),
                    (_, name) => format!("{dir}/{name}"),
                })
                .collect();
            if layout == Layout::Crate {
                expected.insert(0, "Cargo.toml".into());
            }
            // The runtime's files, the form bodies of `POST /oauth/token` among them and no
            // multipart part: the API sends no multipart body.
            for name in [
                "mod.rs",
                "bytes.rs",
                "credentials.rs",
                "error.rs",
                "form.rs",
                "json.rs",
                "json_shape.rs",
                "nullable.rs",
                "params.rs",
                "request.rs",
                "response.rs",
                "http.rs",
                "redact.rs",
                "response_value.rs",
                "secret.rs",
                "value.rs",
            ] {
                expected.push(format!("{dir}/runtime/{name}"));
            }
            assert_eq!(paths, expected);
        }
    }
}
