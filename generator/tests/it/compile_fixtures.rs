//! Hostile but valid documents generate code that compiles, passes clippy and keeps every wire
//! name.
//!
//! Every `tests/fixtures/hostile/*.yaml` (plus a generated document with many operations) is
//! generated with [`Layout::Module`] into one module of a single scratch crate,
//! `target/fixture-crates/hostile/` (one crate, so its dependencies build once), whose
//! dependencies are those the generated `Cargo.toml` lists. Then, with `CARGO_TARGET_DIR` at
//! `target/fixture-target/`:
//!
//! - `cargo clippy --all-targets -- -D warnings`: the code compiles, without a warning;
//! - `cargo test --tests`: round-trip tests this file writes into the crate
//!   (`tests/wire_names.rs`: every object schema decoded from and encoded back to JSON holding
//!   each property under its wire name, every enum value decoded as its own variant);
//! - `cargo test --doc`: descriptions' code fences (the fixtures put `compile_error!` in them)
//!   must not become doctests.
//!
//! **Adding a fixture is adding one file** to `tests/fixtures/hostile/`. (Feature fixtures of
//! `tests/fixtures/compile/` are compiled as the checked-in `fixtures-client` crate instead.)
//!
//! The crate with 10,000 operations takes minutes and gigabytes to check, so it is an ignored
//! test: `cargo test -p openapi-rust-generator --test it compile_fixtures:: -- --ignored`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::diagnostics::Diagnostics;
use generator::model::ir::{Api, FloatKind, IntKind, Ty, TypeKind};
use generator::model::naming;
use generator::{generate, GeneratedFile, Layout, Options, RuntimeSource, Selection};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's `target/` (or `CARGO_TARGET_DIR`, when set).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => manifest_dir().parent().unwrap().join("target"),
    }
}

/// One document to put in the scratch crate, as module `module`.
struct Fixture {
    module: String,
    file_name: String,
    text: String,
}

fn hostile_fixtures() -> Vec<Fixture> {
    let dir = manifest_dir().join("tests/fixtures/hostile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixture in {}", dir.display());
    paths
        .into_iter()
        .map(|path| Fixture {
            module: naming::snake(&path.file_stem().unwrap().to_string_lossy(), "fixture"),
            file_name: format!(
                "tests/fixtures/hostile/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            text: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

/// A document with `count` operations, each with a path and a query parameter and a JSON
/// response; a few operationIds collide after case conversion.
fn many_operations(count: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Many operations, version: \"1\"}\nservers: [{url: \"https://api.example.com/\"}]\npaths:\n",
    );
    for i in 0..count {
        let id = match i % 3 {
            0 => format!("getItem{i}"),
            1 => format!("get-item-{i}"),
            _ => format!("GET_ITEM_{i}"),
        };
        writeln!(
            text,
            "  /items/{i}/{{item-id}}:\n    get:\n      operationId: {id}\n      parameters:\n        - {{name: item-id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: limit, in: query, schema: {{type: integer, format: int32}}}}\n      responses:\n        \"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Item\"}}}}}}}}\n        \"404\": {{description: missing}}"
        )
        .unwrap();
        // Two spellings of one name, so that renaming is exercised at scale too.
        if i % 1000 == 0 {
            writeln!(
                text,
                "  /items/{i}/again:\n    get:\n      operationId: get_item{i}\n      responses:\n        \"204\": {{description: ok}}"
            )
            .unwrap();
        }
    }
    text.push_str("components:\n  schemas:\n    Item:\n      type: object\n      required: [item-id]\n      properties:\n        item-id: {type: string}\n        type: {type: string}\n");
    text
}

fn model(fixture: &Fixture) -> Api {
    let mut diags = Diagnostics::new(&fixture.file_name);
    let document = generator::load::load(&fixture.text, &mut diags).expect("loads");
    generator::model::build(&document, &Selection::default(), &mut diags)
}

/// Sample JSON for a type, with every property present, or `None` when the type has no sample
/// that must survive a round trip unchanged (untagged unions may decode as another variant).
fn sample(api: &Api, ty: &Ty, depth: usize) -> Option<String> {
    Some(match ty {
        Ty::String | Ty::Bytes => "\"s\"".into(),
        Ty::Bool => "true".into(),
        Ty::Int(IntKind::I32 | IntKind::I64 | IntKind::U32 | IntKind::U64) => "7".into(),
        Ty::Float(FloatKind::F32 | FloatKind::F64) => "1.5".into(),
        Ty::DateTime => "\"2024-01-02T03:04:05+01:00\"".into(),
        Ty::Date => "\"2024-01-02\"".into(),
        Ty::Uuid => "\"67e55044-10b1-426f-9247-bb680e5fe0c8\"".into(),
        Ty::Base64 => "\"aGVsbG8=\"".into(),
        Ty::Any => "{\"any\":[1,\"x\",null]}".into(),
        Ty::Unit => "null".into(),
        Ty::Array(_) if depth > 3 => "[]".into(),
        Ty::Array(inner) => format!("[{}]", sample(api, inner, depth + 1)?),
        Ty::Map(_) if depth > 3 => "{}".into(),
        Ty::Map(inner) => format!("{{\"k\":{}}}", sample(api, inner, depth + 1)?),
        Ty::Nullable(_) if depth > 3 => "null".into(),
        Ty::Nullable(inner) => sample(api, inner, depth)?,
        Ty::Named(id) => {
            let def = &api.types[id.0];
            match &def.kind {
                TypeKind::Alias(inner) => sample(api, inner, depth)?,
                TypeKind::StringEnum(variants) => serde_json_string(&variants.first()?.wire_value),
                TypeKind::Fixed(value) => serde_json_string(value),
                TypeKind::Union(_) => return None,
                TypeKind::Struct(s) => {
                    if depth > 6 {
                        return None;
                    }
                    let mut members = Vec::new();
                    for field in &s.fields {
                        let name = serde_json_string(&field.wire_name);
                        // Deep in a recursive type, optional fields are left out and nullable
                        // ones are null (a required one must still be there).
                        let value = match sample(api, &field.ty, depth + 1) {
                            _ if !field.required && depth > 3 => continue,
                            _ if field.nullable && depth > 3 => "null".to_owned(),
                            Some(value) => value,
                            None if !field.required => continue,
                            None if field.nullable => "null".to_owned(),
                            None => return None,
                        };
                        members.push(format!("{name}:{value}"));
                    }
                    format!("{{{}}}", members.join(","))
                }
            }
        }
    })
}

fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `tests/wire_names.rs` for the scratch crate: a round trip per object schema and enum value.
fn wire_name_tests(crate_name: &str, modules: &[(String, Api)]) -> (String, usize) {
    let krate = crate_name.replace('-', "_");
    let mut out = String::from(
        "//! Written by generator/tests/it/compile_fixtures.rs: wire names survive a serde round trip.\n\
         // Schemas the documents mark deprecated are checked too.\n#![allow(deprecated)]\n\n\
         /// Decodes `json`, encodes it back to the same JSON, and decodes that to the same value.\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(json: &str) -> T {\n    \
             let value: serde_json::Value = serde_json::from_str(json).unwrap();\n    \
             let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!(\"{e}: {json}\"));\n    \
             let encoded = serde_json::to_value(&decoded).unwrap();\n    \
             assert_eq!(encoded, value, \"{json}\");\n    \
             let again: T = serde_json::from_value(encoded).unwrap_or_else(|e| panic!(\"{e}: {json}\"));\n    \
             assert_eq!(again, decoded, \"{json}\");\n    \
             decoded\n}\n\n\
         /// A member the schema does not declare, where it allows none: accepted, and left out again.\n\
         fn drops_undeclared<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(json: &str, with_extra: &str) {\n    \
             let decoded: T = serde_json::from_str(with_extra).unwrap_or_else(|e| panic!(\"{e}: {with_extra}\"));\n    \
             let expected: serde_json::Value = serde_json::from_str(json).unwrap();\n    \
             assert_eq!(serde_json::to_value(&decoded).unwrap(), expected, \"{with_extra}\");\n}\n",
    );
    let mut checks = 0;
    for (module, api) in modules {
        let mut body = String::new();
        let mut types: Vec<_> = api.types.iter().enumerate().collect();
        types.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        for (index, def) in types {
            let path = format!("{krate}::{module}::models::{}", def.name);
            match &def.kind {
                TypeKind::Struct(s) if !s.fields.is_empty() => {
                    let ty = Ty::Named(generator::model::ir::TypeId(index));
                    if let Some(json) = sample(api, &ty, 0) {
                        writeln!(body, "    round_trip::<{path}>({json:?});").unwrap();
                        checks += 1;
                        // One member more than the schema lists: kept where additional
                        // properties are allowed (the round trip sees it again), else dropped.
                        let extra = match &s.additional {
                            Some(value_ty) => sample(api, value_ty, 1),
                            None => Some("1".to_owned()),
                        };
                        if let (Some(extra), Some(open)) = (extra, json.strip_suffix('}')) {
                            let comma = if open == "{" { "" } else { "," };
                            let with_extra =
                                format!("{open}{comma}\"x-undeclared-member\":{extra}}}");
                            if s.additional.is_some() {
                                writeln!(body, "    round_trip::<{path}>({with_extra:?});")
                                    .unwrap();
                            } else {
                                writeln!(
                                    body,
                                    "    drops_undeclared::<{path}>({json:?}, {with_extra:?});"
                                )
                                .unwrap();
                            }
                            checks += 1;
                        }
                    }
                }
                TypeKind::StringEnum(variants) => {
                    for variant in variants {
                        let json = serde_json_string(&variant.wire_value);
                        writeln!(
                            body,
                            "    assert!(matches!(round_trip::<{path}>({json:?}), {path}::{}));",
                            variant.rust_name
                        )
                        .unwrap();
                        checks += 1;
                    }
                }
                _ => {}
            }
        }
        writeln!(
            out,
            "\n#[test]\nfn {module}_keeps_wire_names() {{\n{body}}}"
        )
        .unwrap();
    }
    (out, checks)
}

/// The `[dependencies]` lines of a generated `Cargo.toml`.
fn dependencies(cargo_toml: &str) -> Vec<String> {
    cargo_toml
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('['))
        .map(str::to_owned)
        .collect()
}

/// Generates every fixture into `target/fixture-crates/<crate_dir>/`, then runs each of
/// `commands` (cargo arguments) on it; returns the number of round-trip checks written.
fn build_scratch_crate(crate_dir: &str, fixtures: &[Fixture], commands: &[&[&str]]) -> usize {
    build_scratch_crate_with(crate_dir, fixtures, &[], commands)
}

/// As [`build_scratch_crate`], with more files (paths relative to the crate; `src/lib.rs`
/// content is appended to the generated one).
fn build_scratch_crate_with(
    crate_dir: &str,
    fixtures: &[Fixture],
    extra: &[(&str, String)],
    commands: &[&[&str]],
) -> usize {
    let root = target_dir().join("fixture-crates").join(crate_dir);
    let src = root.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).unwrap();
    }
    std::fs::create_dir_all(&src).unwrap();
    let mut deps = BTreeSet::new();
    let mut lib = String::from("//! Every hostile fixture, one module each (written by generator/tests/it/compile_fixtures.rs).\n\n");
    let mut modules = Vec::new();
    for fixture in fixtures {
        let generated = |layout| {
            let options = Options {
                crate_name: "fixture-crate".into(),
                layout,
                runtime: RuntimeSource::Vendored,
                ..Options::default()
            };
            crate::common::generated(&fixture.file_name, &fixture.text, &options).files
        };
        let whole: Vec<GeneratedFile> = generated(Layout::Crate);
        let manifest = whole.iter().find(|f| f.path == "Cargo.toml").unwrap();
        deps.extend(dependencies(&manifest.contents));
        for file in generated(Layout::Module) {
            let relative = file
                .path
                .strip_prefix("src/generated/")
                .unwrap_or_else(|| panic!("unexpected file {}", file.path));
            let path = src.join(&fixture.module).join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file.contents).unwrap();
        }
        writeln!(lib, "pub mod {};", fixture.module).unwrap();
        modules.push((fixture.module.clone(), model(fixture)));
    }
    for (path, contents) in extra {
        if *path == "src/lib.rs" {
            lib.push_str(contents);
            continue;
        }
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let (tests, checks) = wire_name_tests("fixture-crate", &modules);
    std::fs::create_dir_all(root.join("tests")).unwrap();
    std::fs::write(root.join("tests/wire_names.rs"), tests).unwrap();
    // One line per crate: where fixtures ask for different features (reqwest with `stream` or
    // without), the longer line, which has the extra ones.
    let mut by_name: std::collections::BTreeMap<String, String> = Default::default();
    for line in deps {
        let name = line.split([' ', '=']).next().unwrap_or("").to_owned();
        let keep = by_name
            .get(&name)
            .is_none_or(|kept| kept.len() < line.len());
        if keep {
            by_name.insert(name, line);
        }
    }
    let deps: Vec<String> = by_name.into_values().collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fixture-crate\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n\n[workspace]\n",
            deps.join("\n")
        ),
    )
    .unwrap();
    // The workspace's lock file: the same dependency versions, already downloaded.
    std::fs::copy(
        manifest_dir().join("../Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for args in commands {
        let started = Instant::now();
        let output = Command::new(&cargo)
            .args(*args)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", target_dir().join("fixture-target"))
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "`cargo {}` failed in {}:\n{stdout}\n{stderr}",
            args.join(" "),
            root.display()
        );
        eprintln!(
            "cargo {} on {}: {:.1?}",
            args.join(" "),
            root.display(),
            started.elapsed()
        );
        if *args == TESTS {
            // Each fixture's round-trip test ran.
            for (module, _) in &modules {
                assert!(
                    stdout.contains(&format!("test {module}_keeps_wire_names ... ok")),
                    "{stdout}"
                );
            }
        }
        if *args == DOC_TESTS {
            // The fixtures' code fences hold `compile_error!` and `panic!`: as doctests they
            // would fail; as text there are none.
            assert!(
                stdout.contains("running 0 tests"),
                "a description became a doctest:\n{stdout}"
            );
        }
    }
    checks
}

const CLIPPY: &[&str] = &["clippy", "--all-targets", "--", "-D", "warnings"];
const TESTS: &[&str] = &["test", "--tests"];
const DOC_TESTS: &[&str] = &["test", "--doc"];

#[test]
fn hostile_documents_generate_crates_that_compile_and_keep_wire_names() {
    let mut fixtures = hostile_fixtures();
    fixtures.push(Fixture {
        module: "many_operations".into(),
        file_name: "many-operations.yaml".into(),
        text: many_operations(300),
    });
    let checks = build_scratch_crate("hostile", &fixtures, &[CLIPPY, TESTS, DOC_TESTS]);
    assert!(checks > 30, "only {checks} round-trip checks");
}

/// The feature fixtures (`tests/fixtures/compile/`), one module each.
fn feature_fixtures() -> Vec<Fixture> {
    let dir = manifest_dir().join("tests/fixtures/compile");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Fixture {
            module: naming::snake(&path.file_stem().unwrap().to_string_lossy(), "fixture"),
            file_name: format!(
                "tests/fixtures/compile/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            text: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

/// Code a user writes against `api` (the payments fixture), unchanged between its versions.
const CALLER: &str = r#"
use api::models::{BankAccount, Card, NewPayment, PaymentMethod};
use api::operations::GetPaymentParams;
use api::Client;

/// A request body with an optional property set, and a union variant that implies its tag.
pub fn payment() -> NewPayment {
    NewPayment::builder()
        .amount(1250)
        .currency("EUR")
        .method(PaymentMethod::Card(Card::new("4242").with_brand("visa")))
        .build()
        .with_description("books")
}

pub fn bank_account() -> PaymentMethod {
    PaymentMethod::BankAccount(BankAccount::new("DE89370400440532013000"))
}

/// Every way of passing parameters: the path values alone, the builder, a reference.
pub fn requests() -> Vec<reqwest::Request> {
    let client = Client::new();
    let params = GetPaymentParams::builder()
        .customer_id("cus_1")
        .payment_id(7)
        .build()
        .expand(true);
    vec![
        client.create_payment_request(&payment()).unwrap(),
        client.get_payment_request(("cus_1", 7)).unwrap(),
        client.get_payment_request(&params).unwrap(),
    ]
}
"#;

const GROWTH_TEST: &str = r#"//! Written by generator/tests/it/compile_fixtures.rs: one caller, two versions of its API.

use fixture_crate::{caller_v1, caller_v2};

#[test]
fn the_same_caller_sends_the_same_values_to_both_versions() {
    let v1 = serde_json::to_value(caller_v1::payment()).unwrap();
    assert_eq!(v1, serde_json::to_value(caller_v2::payment()).unwrap());
    assert_eq!(
        v1,
        serde_json::json!({
            "amount": 1250,
            "currency": "EUR",
            "description": "books",
            "method": {"type": "card", "last4": "4242", "brand": "visa"}
        })
    );
    assert_eq!(
        serde_json::to_value(caller_v2::bank_account()).unwrap(),
        serde_json::json!({"type": "bank_account", "iban": "DE89370400440532013000"})
    );
    let urls = |requests: Vec<reqwest::Request>| {
        requests.iter().map(|r| r.url().to_string()).collect::<Vec<_>>()
    };
    let v1 = urls(caller_v1::requests());
    assert_eq!(v1, urls(caller_v2::requests()));
    assert_eq!(v1[1], "https://payments.example.com/customers/cus_1/payments/7");
    assert_eq!(v1[2], "https://payments.example.com/customers/cus_1/payments/7?expand=true");
}

#[test]
fn a_tag_that_contradicts_its_variant_does_not_decode() {
    use fixture_crate::payments_v2::models::{Card, PaymentMethod};
    let wrong = serde_json::json!({"type": "bank_account", "last4": "4242"});
    assert!(serde_json::from_value::<Card>(wrong).is_err());
    let unknown = serde_json::json!({"type": "cash", "last4": "4242"});
    assert!(serde_json::from_value::<PaymentMethod>(unknown).is_err());
}
"#;

#[test]
fn feature_fixtures_round_trip_and_a_caller_survives_an_added_optional_property() {
    let mut fixtures = feature_fixtures();
    let v1 = std::fs::read_to_string(manifest_dir().join("tests/fixtures/growth/payments.yaml"))
        .unwrap();
    let v2 = v1.replace(
        "        # grows here\n",
        "        reference: {type: string, description: Added in version 2.}\n",
    );
    assert_ne!(v1, v2);
    for (module, text) in [("payments_v1", v1), ("payments_v2", v2)] {
        fixtures.push(Fixture {
            module: module.into(),
            file_name: "tests/fixtures/growth/payments.yaml".into(),
            text,
        });
    }
    let lib = "\n/// The caller, compiled against version 1.\npub mod caller_v1 {\n    use crate::payments_v1 as api;\n    include!(\"caller.rs\");\n}\n\n/// The same caller, against version 2.\npub mod caller_v2 {\n    use crate::payments_v2 as api;\n    include!(\"caller.rs\");\n}\n";
    let extra = [
        ("src/lib.rs", lib.to_owned()),
        ("src/caller.rs", CALLER.to_owned()),
        ("tests/growth.rs", GROWTH_TEST.to_owned()),
    ];
    let checks = build_scratch_crate_with("features", &fixtures, &extra, &[TESTS]);
    assert!(checks > 30, "only {checks} round-trip checks");
}

#[test]
fn ten_thousand_operations_generate_with_distinct_names() {
    let text = many_operations(10_000);
    let output = generate("many.yaml", &text, &Options::default()).expect("generates");
    let client = &output
        .files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .unwrap()
        .contents;
    for i in [0, 1, 2, 4_999, 9_999] {
        // Every path is there exactly as written.
        assert!(client.contains(&format!("\"/items/{i}/\"")), "/items/{i}/");
    }
    let methods: Vec<&str> = client
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub async fn "))
        .map(|l| l.split('(').next().unwrap())
        .collect();
    assert_eq!(methods.len(), 10_010);
    let distinct: BTreeSet<&str> = methods.iter().copied().collect();
    assert_eq!(distinct.len(), methods.len(), "method names collide");
    // `getItem1000` and `get_item1000` both want `get_item1000`: one yields, with a warning.
    assert_eq!(output.warnings.len(), 10, "{:?}", output.warnings);
}

#[test]
#[ignore = "minutes and gigabytes: cargo test -p openapi-rust-generator --test it compile_fixtures:: -- --ignored"]
fn ten_thousand_operations_compile() {
    let fixtures = [Fixture {
        module: "ten_thousand".into(),
        file_name: "ten-thousand.yaml".into(),
        text: many_operations(10_000),
    }];
    build_scratch_crate("ten-thousand", &fixtures, &[&["check", "--lib"]]);
}

/// A crate `generator --out` writes builds alone, outside the workspace (its `Cargo.toml` has a
/// `[workspace]` of its own), in both forms of the runtime: a copy of the runtime's files it
/// uses (`bodies.yaml` sends form and multipart bodies, `parameters.yaml` neither, so each copy
/// leaves out other parts), and a dependency on the runtime crate.
#[test]
fn standalone_crates_build_alone_with_either_form_of_the_runtime() {
    let runtime_crate = manifest_dir()
        .join("../runtime")
        .canonicalize()
        .expect("the runtime crate");
    let cases = [
        ("bodies.yaml", RuntimeSource::Vendored),
        ("parameters.yaml", RuntimeSource::Vendored),
        (
            "bodies.yaml",
            RuntimeSource::Crate(runtime_crate.display().to_string()),
        ),
    ];
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (spec, runtime) in cases {
        let vendored = runtime == RuntimeSource::Vendored;
        let name = format!(
            "standalone-{}-{}",
            spec.trim_end_matches(".yaml"),
            if vendored { "vendored" } else { "crate" }
        );
        let path = manifest_dir().join("tests/fixtures/compile").join(spec);
        let options = Options {
            crate_name: name.clone(),
            runtime,
            ..Options::default()
        };
        let output = generator::generate_from_path(&path, &options).expect("generates");
        let runtime_files: Vec<&str> = output
            .files
            .iter()
            .filter_map(|f| f.path.strip_prefix("src/runtime/"))
            .collect();
        match (vendored, spec) {
            (false, _) => assert!(runtime_files.is_empty(), "{runtime_files:?}"),
            (true, "bodies.yaml") => {
                assert!(
                    runtime_files.contains(&"form.rs") && runtime_files.contains(&"multipart.rs")
                );
            }
            (true, _) => {
                assert!(
                    !runtime_files.contains(&"form.rs") && !runtime_files.contains(&"multipart.rs")
                );
                assert!(runtime_files.contains(&"params.rs"));
            }
        }
        let root = target_dir().join("fixture-crates").join(&name);
        let _ = std::fs::remove_dir_all(&root);
        generator::write::sync_dir(&root, &output.files, generator::write::Mode::Write, true)
            .unwrap();
        std::fs::copy(
            manifest_dir().join("../Cargo.lock"),
            root.join("Cargo.lock"),
        )
        .unwrap();
        let result = Command::new(&cargo)
            .args(CLIPPY)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", target_dir().join("fixture-target"))
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{name}:\n{stderr}");
        assert!(
            !stderr.contains("warning"),
            "{name} builds with warnings:\n{stderr}"
        );
    }
}

use crate::common::schema_grammar;

/// A sample of the structure-aware fuzzer's documents (`tests/it/fuzz.rs`), the first that
/// generate from seed 0 on, compile in one crate under `clippy -D warnings`. More with
/// `GRAMMAR_COMPILE_SAMPLE=N`.
#[test]
fn grammar_documents_generate_crates_that_compile() {
    let wanted: usize = std::env::var("GRAMMAR_COMPILE_SAMPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let mut fixtures = Vec::new();
    let mut seed = 0u64;
    while fixtures.len() < wanted {
        let text = schema_grammar::document(seed);
        if generate("grammar.json", &text, &Options::default()).is_ok() {
            fixtures.push(Fixture {
                module: format!("grammar_{seed}"),
                file_name: format!("grammar-{seed}.json"),
                text,
            });
        }
        seed += 1;
    }
    build_scratch_crate("grammar", &fixtures, &[CLIPPY]);
}
