//! Stage three: the intermediate form to Rust tokens (quote) to formatted files (prettyplease).

mod client;
mod constructors;
mod dispatch;
mod docs;
mod examples;
mod models;
mod operations;
mod params_builder;
mod request;
mod response_value;
mod runtime;
mod streams;
mod types;

use proc_macro2::TokenStream;
use syn::parse::Parser;

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

/// The intermediate form to formatted files: [`emit_tokens`], then [`format`].
///
/// `client.rs` (the largest file) is built and formatted on a second thread while this one does
/// the others; token streams cannot cross threads, so each thread builds the tokens it formats.
/// The result is the same as `format(emit_tokens(api, options))`.
pub fn emit(api: &Api, options: &EmitOptions) -> Vec<GeneratedFile> {
    let parts = parts(options);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 {
        return format(emit_tokens(api, options));
    }
    let build = |part: Part| format(emit_part(api, options, part));
    std::thread::scope(|scope| {
        let client = scope.spawn(|| build(Part::Client));
        let mut others: Vec<Vec<GeneratedFile>> = parts
            .iter()
            .map(|&part| match part {
                Part::Client => Vec::new(),
                part => build(part),
            })
            .collect();
        let at = parts.iter().position(|&p| p == Part::Client);
        let client = client.join().expect("building client.rs panicked");
        if let Some(at) = at {
            others[at] = client;
        }
        others.into_iter().flatten().collect()
    })
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
    parts(options)
        .into_iter()
        .flat_map(|part| emit_part(api, options, part))
        .collect()
}

/// The files of one part: one, except for the runtime's copy.
fn emit_part(api: &Api, options: &EmitOptions, part: Part) -> Vec<EmittedFile> {
    let dir = match options.layout {
        Layout::Crate => "src",
        Layout::Module => "src/generated",
    };
    let preamble = preamble(&options.source_name);
    let rust = |name: &str, tokens: TokenStream, inner_attrs: &str| EmittedFile {
        path: format!("{dir}/{name}"),
        content: EmittedContent::Rust {
            header: format!("{preamble}{inner_attrs}"),
            tokens,
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
        Part::CargoToml => EmittedFile {
            path: "Cargo.toml".into(),
            content: EmittedContent::Text(cargo_toml(api, options)),
        },
        Part::Root => rust(
            root_name,
            client::root_module(api, &options.runtime),
            doc_lints,
        ),
        Part::Models => rust(
            "models.rs",
            models::models(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::Operations => rust(
            "operations.rs",
            operations::operations(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::Client => rust(
            "client.rs",
            client::client(api),
            &format!("{doc_lints}{}", deprecated()),
        ),
        Part::ExampleTests => {
            let Some(tests) = &api.example_tests else {
                return Vec::new();
            };
            let (tokens, document) = examples::files(api, tests, &options.crate_name);
            return vec![
                EmittedFile {
                    path: "tests/examples.rs".into(),
                    content: EmittedContent::Rust {
                        header: preamble.clone(),
                        tokens,
                    },
                },
                EmittedFile {
                    path: "tests/examples.json".into(),
                    content: EmittedContent::Text(document),
                },
            ];
        }
        Part::Runtime => {
            return runtime::vendored_files(api)
                .into_iter()
                .map(|(name, text)| EmittedFile {
                    path: format!("{dir}/runtime/{name}"),
                    content: EmittedContent::Text(format!("{preamble}{text}")),
                })
                .collect()
        }
    };
    vec![file]
}

/// Formats the Rust files (syn + prettyplease) into their final text.
pub fn format(files: Vec<EmittedFile>) -> Vec<GeneratedFile> {
    files
        .into_iter()
        .map(|file| GeneratedFile {
            path: file.path,
            contents: match file.content {
                EmittedContent::Rust { header, tokens } => {
                    format!("{header}{}", format_tokens(tokens))
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

fn format_tokens(tokens: TokenStream) -> String {
    // `tokens` is moved, not cloned: a shared token stream would be copied whole by syn.
    match print_items.parse2(tokens) {
        Ok(text) => separate_items(&text),
        // Unreachable unless the emitter has a bug ([`emit_tokens`] shows the raw tokens).
        Err(e) => format!("compile_error!(\"generator bug: {e}\");\n"),
    }
}

/// Parses a file item by item and prints them in batches as they are parsed, so that only a
/// few items' syntax trees are alive at a time (a whole file's tree was most of the peak memory on
/// large documents). prettyplease prints a file as its inner attributes and then each item on
/// lines of its own, so the pieces joined are the text of the whole file.
fn print_items(input: syn::parse::ParseStream) -> syn::Result<String> {
    let mut file = syn::File {
        shebang: None,
        attrs: input.call(syn::Attribute::parse_inner)?,
        items: Vec::new(),
    };
    let mut text = String::new();
    let flush = |file: &mut syn::File, text: &mut String| {
        if !(file.attrs.is_empty() && file.items.is_empty()) {
            text.push_str(&prettyplease::unparse(file));
            file.attrs.clear();
            file.items.clear();
        }
    };
    while !input.is_empty() {
        if starts_impl(input) {
            flush(&mut file, &mut text);
            print_impl(input, &mut text)?;
            continue;
        }
        file.items.push(input.parse()?);
        if file.items.len() == ITEMS_PER_PRINT {
            flush(&mut file, &mut text);
        }
    }
    flush(&mut file, &mut text);
    Ok(text)
}

/// Items parsed before they are printed: enough that a printer's setup costs little, few
/// enough that their syntax trees are a small part of the memory.
const ITEMS_PER_PRINT: usize = 32;

/// Whether the next item is an `impl` block (outer attributes, then `impl`). Looks at the
/// tokens only: parsing the attributes of every item twice costs more than it should.
fn starts_impl(input: syn::parse::ParseStream) -> bool {
    use proc_macro2::Delimiter;
    let mut cursor = input.cursor();
    loop {
        if let Some((pound, next)) = cursor.punct() {
            if pound.as_char() == '#' {
                if let Some((_, _, after)) = next.group(Delimiter::Bracket) {
                    cursor = after;
                    continue;
                }
            }
        }
        return cursor.ident().is_some_and(|(word, _)| word == "impl");
    }
}

/// An `impl` block, printed [`ITEMS_PER_PRINT`] associated items at a time: the client's
/// methods are one block, and its whole syntax tree was the largest part of the peak memory.
/// Each batch is printed inside a copy of the block's header; the header's lines are kept from
/// the first, the closing brace once at the end. prettyplease lays out each associated item on lines of
/// its own, so the text is the same as the whole block's.
fn print_impl(input: syn::parse::ParseStream, text: &mut String) -> syn::Result<()> {
    use proc_macro2::{Delimiter, TokenTree};
    let attrs = input.call(syn::Attribute::parse_outer)?;
    let header = input.step(|cursor| {
        let mut rest = *cursor;
        let mut header = TokenStream::new();
        while let Some((token, next)) = rest.token_tree() {
            if matches!(&token, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace) {
                return Ok((header, rest));
            }
            header.extend([token]);
            rest = next;
        }
        Err(cursor.error("expected the body of an impl block"))
    })?;
    let body;
    syn::braced!(body in input);
    let mut block: syn::ItemImpl = syn::parse2(quote::quote!(#header {}))?;
    block.attrs = attrs;
    block.attrs.extend(body.call(syn::Attribute::parse_inner)?);
    if body.is_empty() {
        text.push_str(&prettyplease::unparse(&file_of(block)));
        return Ok(());
    }
    let mut first = true;
    while !body.is_empty() {
        let mut some = block.clone();
        while !body.is_empty() && some.items.len() < ITEMS_PER_PRINT {
            some.items.push(body.parse()?);
        }
        if !first {
            // Inner attributes are printed once, with the first items.
            some.attrs
                .retain(|a| matches!(a.style, syn::AttrStyle::Outer));
        }
        let printed = prettyplease::unparse(&file_of(some));
        // The header ends with the first line at column 0 that opens the block; the block
        // ends with its own line `}`.
        let lines: Vec<&str> = printed.lines().collect();
        let opens = lines
            .iter()
            .position(|l| !l.starts_with([' ', '#', '/']) && l.ends_with('{'))
            .filter(|_| lines.last() == Some(&"}"))
            .ok_or_else(|| body.error("generator bug: an impl block printed unexpectedly"))?;
        let keep = if first { 0 } else { opens + 1 };
        for line in &lines[keep..lines.len() - 1] {
            text.push_str(line);
            text.push('\n');
        }
        first = false;
    }
    text.push_str("}\n");
    Ok(())
}

fn file_of(item: syn::ItemImpl) -> syn::File {
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Impl(item)],
    }
}

/// prettyplease puts items back to back; a blank line after each closing brace (and between
/// the `use` block and what follows) makes the files readable.
fn separate_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = |l: &str| l.len() - l.trim_start().len();
        let closes_item = line.trim() == "}" && indent(next) == indent(line) && next.trim() != "}";
        let ends_uses = line.starts_with("use ") && !next.starts_with("use ") && indent(next) == 0;
        let after_mods = (line.starts_with("mod ") || line.starts_with("pub mod "))
            && !(next.starts_with("mod ") || next.starts_with("pub mod "));
        if (closes_item || ends_uses || after_mods) && !next.trim().is_empty() {
            out.push('\n');
        }
    }
    out
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
