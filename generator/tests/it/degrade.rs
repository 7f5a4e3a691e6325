//! Documents with parts that have no exact typed form still yield a client: those parts are
//! generated untyped or left out, each with a located warning (the wire is tested in
//! `fixtures-client/tests/it/degraded.rs`).

use generator::{generate, Options, Output};

fn generated(name: &str, text: &str) -> Output {
    crate::common::generated(name, text, &Options::default())
}

fn file<'o>(output: &'o Output, name: &str) -> &'o str {
    &output
        .files
        .iter()
        .find(|f| f.path.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

#[test]
fn additional_properties_false_on_a_schema_without_type_is_an_empty_struct_not_a_panic() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Shares:\n      type: object\n      properties:\n        private:\n          additionalProperties: false\n";
    let output = generated("shares.yaml", text);
    let models = file(&output, "models.rs");
    assert!(
        models.contains("pub private: ::std::option::Option<SharesPrivate>,"),
        "{models}"
    );
    assert!(models.contains("pub struct SharesPrivate {}"), "{models}");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn json_with_escaped_surrogate_pairs_is_read_with_positions() {
    let text = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\", \"description\": \"smile \\ud83d\\ude00\"},\n \"paths\": {\"/a/{b}\": {\"get\": {\"responses\": {\"204\": {\"description\": \"ok\"}}}}}}";
    let output = generated("smile.json", text);
    assert!(file(&output, "lib.rs").contains("smile 😀"));
    // The undeclared `{b}`: a warning at the path's key, line 2, column 12.
    let warning = &output.warnings[0];
    assert!(warning.message.contains("`{b}`"), "{warning}");
    assert_eq!((warning.pos.line, warning.pos.column), (2, 12), "{warning}");
}

#[test]
fn all_of_parts_intersect() {
    let text = r##"openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Color: {type: string, enum: [red, green]}
    Id: {type: string, format: uuid}
    Base: {type: object, properties: {a: {type: string}}}
    Annotated:
      allOf: [{$ref: "#/components/schemas/Color"}, {description: d, deprecated: true, example: red, x-any: 1}]
    Nullable:
      allOf: [{nullable: true}, {$ref: "#/components/schemas/Id"}]
    TwoStrings:
      allOf: [{type: string, maxLength: 40}, {$ref: "#/components/schemas/Id"}]
    Numbers:
      allOf: [{type: number}, {type: integer, format: int32}]
    Merged:
      allOf: [{$ref: "#/components/schemas/Base"}, {properties: {b: {type: integer}}, required: [b]}]
    Contradiction:
      allOf: [{$ref: "#/components/schemas/Color"}, {$ref: "#/components/schemas/Base"}]
"##;
    let output = generated("allof.yaml", text);
    let models = file(&output, "models.rs");
    for expected in [
        "pub type Annotated = Color;",
        "pub type Nullable = ::std::option::Option<Id>;",
        "pub type TwoStrings = Id;",
        "pub type Numbers = i32;",
        "pub type Contradiction = ::serde_json::Value;",
        "pub struct Merged {",
        "pub b: i64,",
    ] {
        assert!(models.contains(expected), "{expected}\n{models}");
    }
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("allof.yaml:20:14: warning: components.schemas.Contradiction.allOf: the `allOf` parts are a string and an object"),
        "{warnings:?}"
    );
}

#[test]
fn an_operation_with_no_faithful_form_is_left_out_alone() {
    let output = generated(
        "degraded.yaml",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/compile/degraded.yaml"),
        )
        .unwrap(),
    );
    let client = file(&output, "client.rs");
    assert!(!client.contains("fn left_out"), "left out");
    assert!(client.contains("pub async fn get_file<'p>("));
    assert!(!client.contains("DEFAULT_BASE_URL"), "no default server");
    let left_out = output
        .warnings
        .iter()
        .find(|w| w.message.starts_with("operation `leftOut`"))
        .expect("a warning naming the operation left out");
    assert_eq!(left_out.to_string(), "degraded.yaml:71:20: warning: paths./unsupported.get: operation `leftOut` (`GET /unsupported`) is left out of the client: it has no faithful form (see the warnings on it)");
}

#[test]
fn a_ref_to_nothing_still_refuses_the_document() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/Nope'}]\n      responses: {'204': {description: ok}}\n";
    let failure = generate("ref.yaml", text, &Options::default()).expect_err("refused");
    assert_eq!(failure.errors().count(), 1, "{:?}", failure.diagnostics);
}

/// `deepObject` is decided on the schema a parameter's or form field's `$ref`s name (through
/// `allOf` wrappers): a list of values is sent with brackets and a string as `name=value`, each
/// with a warning at its `style`; a list of objects has no faithful form, so its operation is
/// left out.
#[test]
fn deep_object_is_decided_on_the_schema_refs_name() {
    let text = r##"openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /list:
    get:
      operationId: list
      parameters:
        - {name: ids, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Ids"}}
        - {name: mode, in: query, style: deepObject, schema: {allOf: [{$ref: "#/components/schemas/Mode"}]}}
        - {name: where, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Where"}}
      responses: {"204": {description: ok}}
  /batch:
    get:
      operationId: batch
      parameters:
        - {name: rows, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Rows"}}
      responses: {"204": {description: ok}}
  /form:
    post:
      operationId: form
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/Body"}
            encoding: {rows: {style: deepObject, explode: true}}
      responses: {"204": {description: ok}}
components:
  schemas:
    Ids: {type: array, items: {type: string}}
    Mode: {type: string}
    Where: {type: object, properties: {a: {type: string}}}
    Rows: {type: array, items: {$ref: "#/components/schemas/Where"}}
    Body:
      allOf:
        - {$ref: "#/components/schemas/Named"}
        - {properties: {rows: {$ref: "#/components/schemas/Rows"}}}
    Named: {type: object, properties: {name: {type: string}}}
"##;
    let output = generated("deep.yaml", text);
    let client = file(&output, "client.rs");
    assert!(client.contains("pub async fn list<'p>("), "{client}");
    assert!(!client.contains("fn batch"), "left out");
    assert!(!client.contains("fn form"), "left out");
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    for expected in [
        "deep.yaml:8:41: warning: paths./list.get.parameters[0].style: `deepObject` is defined for objects only; each item is sent as `ids[0]=a&ids[1]=b`, the Rails/`qs` bracket convention",
        "deep.yaml:9:42: warning: paths./list.get.parameters[1].style: `deepObject` is defined for objects only; a single value is sent as `mode=value`",
        "deep.yaml:16:42: warning: paths./batch.get.parameters[0].style: `deepObject` is defined for objects only, and `rows` is a list of objects: neither OpenAPI nor the bracket convention used for lists of values (`rows[0]=a`) says how to send its items",
        "deep.yaml:14:20: warning: paths./batch.get: operation `batch` (`GET /batch`) is left out of the client: it has no faithful form (see the warnings on it)",
        "deep.yaml:20:20: warning: paths./form.post: operation `form` (`POST /form`) is left out of the client: it has no faithful form (see the warnings on it)",
        "deep.yaml:25:38: warning: paths./form.post.requestBody.content.application/x-www-form-urlencoded.encoding.rows.style: `deepObject` is defined for objects only, and `rows` is a list of objects: neither OpenAPI nor the bracket convention used for lists of values (`rows[0]=a`) says how to send its items",
    ] {
        assert!(warnings.iter().any(|w| w == expected), "{expected}\nin\n{warnings:#?}");
    }
    // An object is what deepObject is for: no warning on `where`.
    assert!(
        !warnings.iter().any(|w| w.contains("parameters[2]")),
        "{warnings:#?}"
    );
}
