//! `--tag Auth0` on the whole Pieces OS document generates only what the four Auth0 operations
//! reach, and the same API as `spec/auth0.yaml` (our hand-kept copy of those operations): every
//! method with the same arguments, every parameter struct, model, field (type and wire name)
//! and enum value the original has is in the client generated from `spec/auth0.yaml`, the same.
//! `spec/auth0.yaml` adds error responses (the `OAuthError` model), `x-secret` (a redacting
//! `Debug`) and a few documented optional fields, so return types, error types and `Debug`
//! impls are not compared, and its additions are listed rather than refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::{Layout, Options, Selection};
use quote::ToTokens;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is a workspace member")
        .to_path_buf()
}

fn generate(path: &Path, selection: Selection) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is expected beside the repository: {e}", path.display()));
    let options = Options {
        crate_name: "api".into(),
        layout: Layout::Module,
        selection,
        ..Options::default()
    };
    let output = generator::generate(&path.display().to_string(), &text, &options)
        .unwrap_or_else(|f| panic!("{} does not generate: {:#?}", path.display(), f.diagnostics));
    output
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The caller-visible surface of the generated modules: one entry per item, keyed by module
/// and name, valued by what a caller depends on.
fn surface(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for module in ["models", "operations", "client"] {
        let text = &files[&format!("src/generated/{module}.rs")];
        let file = syn::parse_file(text).expect("generated code parses");
        for item in file.items {
            match item {
                syn::Item::Struct(s) => {
                    out.insert(format!("{module}::{}", s.ident), String::new());
                    for f in &s.fields {
                        let serde: Vec<String> = f
                            .attrs
                            .iter()
                            .filter(|a| a.path().is_ident("serde"))
                            .map(|a| a.to_token_stream().to_string())
                            .collect();
                        let name = f
                            .ident
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        out.insert(
                            format!("{module}::{}.{name}", s.ident),
                            format!("{} {}", f.ty.to_token_stream(), serde.join(" ")),
                        );
                    }
                }
                syn::Item::Enum(e) => {
                    out.insert(format!("{module}::{}", e.ident), String::new());
                    for v in &e.variants {
                        // With its doc attribute, which names the wire value.
                        out.insert(
                            format!("{module}::{}::{}", e.ident, v.ident),
                            v.to_token_stream().to_string(),
                        );
                    }
                }
                syn::Item::Type(t) => {
                    out.insert(
                        format!("{module}::{}", t.ident),
                        t.ty.to_token_stream().to_string(),
                    );
                }
                syn::Item::Impl(i) => {
                    let self_ty = i.self_ty.to_token_stream().to_string();
                    for item in &i.items {
                        let syn::ImplItem::Fn(f) = item else { continue };
                        if !matches!(f.vis, syn::Visibility::Public(_)) {
                            continue;
                        }
                        // Arguments only: the return type carries the declared errors.
                        let args: Vec<String> = f
                            .sig
                            .inputs
                            .iter()
                            .map(|a| a.to_token_stream().to_string())
                            .collect();
                        out.insert(
                            format!("{module}::{self_ty}::{}", f.sig.ident),
                            args.join(", "),
                        );
                    }
                    // `impl From<X> for Y`: conversions a caller may rely on.
                    if let Some((_, path, _)) = &i.trait_ {
                        let name = path.to_token_stream().to_string();
                        if !name.contains("Debug") {
                            out.insert(
                                format!("{module}::impl {name} for {self_ty}"),
                                String::new(),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn tag_auth0_on_the_whole_api_gives_the_api_of_spec_auth0() {
    let root = workspace_root();
    let corpus = root.join("spec/pieces-os.yaml");
    let selected = surface(&generate(
        &corpus,
        Selection {
            tags: vec!["Auth0".into()],
            operation_ids: Vec::new(),
        },
    ));
    let ours = surface(&generate(
        &root.join("spec/auth0.yaml"),
        Selection::default(),
    ));

    // Everything the original has, spec/auth0.yaml has too, identically. (spec/auth0.yaml adds
    // error models and a few documented optional fields, which the original lacks.)
    let differences: Vec<String> = selected
        .iter()
        .filter_map(|(key, value)| match ours.get(key) {
            None => Some(format!("only in --tag Auth0: {key}")),
            Some(other) if other != value => Some(format!(
                "{key} differs:\n  --tag Auth0:     {value}\n  spec/auth0.yaml: {other}"
            )),
            Some(_) => None,
        })
        .collect();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    let extra: Vec<&String> = ours.keys().filter(|k| !selected.contains_key(*k)).collect();
    eprintln!("spec/auth0.yaml adds: {extra:#?}");
    // Its additions are the error model and optional fields (with their `with_` setters),
    // which no caller has to set.
    for key in extra {
        assert!(
            key.contains("OAuthError")
                || key.contains("::with_")
                || ours[key].starts_with(":: std :: option :: Option"),
            "spec/auth0.yaml adds something a caller must provide: {key} = {}",
            ours[key]
        );
    }

    let methods: Vec<&String> = selected
        .keys()
        .filter(|k| k.starts_with("client::Client::"))
        .collect();
    assert!(
        methods.len() >= 12,
        "the four operations, their request builders and the client's own methods: {methods:?}"
    );
}

#[test]
fn a_selection_leaves_out_unreachable_schemas_and_credentials() {
    let root = workspace_root();
    let corpus = root.join("spec/pieces-os.yaml");
    let all = generate(&corpus, Selection::default());
    let one = generate(
        &corpus,
        Selection {
            tags: Vec::new(),
            operation_ids: vec!["authorize-auth0".into()],
        },
    );
    let models = |files: &BTreeMap<String, String>| {
        files["src/generated/models.rs"]
            .matches("\npub struct ")
            .count()
    };
    assert!(
        models(&all) > 500,
        "every component schema without a selection"
    );
    assert!(models(&one) < 10, "only what one operation reaches");
    let client = &one["src/generated/client.rs"];
    assert_eq!(client.matches("pub async fn ").count(), 1);
    // GET /authorize sends the application's key only; the bearer-token setters go.
    assert!(client.contains("pub fn with_application_api_key("));
    assert!(!client.contains("_token("), "{client}");
}
