//! `Options::example_tests` (`--example-tests`): which examples of a document become pairs of the
//! generated `tests/examples.rs`, with which type, and what the crate needs to run it. Running
//! the written test is done on real documents (figures in docs/corpus.md).

use generator::{Layout, Options};

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Examples, version: '1' }
paths:
  /courts:
    post:
      operationId: createCourt
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Court' }
            example: { name: body }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Court' }
              examples:
                named: { value: { name: named } }
                shared: { $ref: '#/components/examples/SharedCourt' }
                elsewhere: { externalValue: 'https://example.com/court.json' }
            application/xml:
              schema: { $ref: '#/components/schemas/Court' }
              example: '<court/>'
components:
  examples:
    SharedCourt:
      value: { name: shared }
  schemas:
    Court:
      type: object
      nullable: true
      example: { name: component }
      properties:
        name: { type: string, example: property }
        seats: { type: integer, nullable: true, example: 3 }
"##;

fn generate(example_tests: bool) -> Vec<generator::GeneratedFile> {
    let options = Options {
        crate_name: "court-client".into(),
        layout: Layout::Crate,
        example_tests,
        ..Options::default()
    };
    generator::generate("examples.yaml", DOCUMENT, &options)
        .unwrap()
        .files
}

fn file<'a>(files: &'a [generator::GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

#[test]
fn every_example_attached_to_a_schema_becomes_a_pair_with_its_type() {
    let files = generate(true);
    let test = file(&files, "tests/examples.rs");
    let places: Vec<&str> = test
        .lines()
        .filter_map(|l| l.trim().strip_prefix("place: \""))
        .map(|l| l.trim_end_matches("\","))
        .collect();
    assert_eq!(
        places,
        [
            "components.schemas.Court.example",
            "components.schemas.Court.properties.name.example",
            "components.schemas.Court.properties.seats.example",
            "paths./courts.post.requestBody.content.application/json.example",
            "paths./courts.post.responses.200.content.application/json.examples.named",
            "paths./courts.post.responses.200.content.application/json.examples.shared",
        ],
        "{test}"
    );
    // A nullable object component decodes `null` (an `Option`), a nullable property too; the
    // shared example is the one `components.examples` holds.
    assert!(
        test.contains("super::round_trip::<::std::option::Option<Court>>"),
        "{test}"
    );
    assert!(
        test.contains("super::round_trip::<::std::option::Option<i64>>"),
        "{test}"
    );
    assert!(test.contains(r#"value: "{\"name\":\"shared\"}""#), "{test}");
    assert!(
        test.contains(r#"schema: "/components/schemas/Court/properties/seats""#),
        "{test}"
    );
    assert!(test.contains("const OPENAPI_31: bool = false;"), "{test}");
    // The document it validates against, and the validator.
    assert!(file(&files, "tests/examples.json").contains("\"SharedCourt\""));
    assert!(file(&files, "Cargo.toml").contains("[dev-dependencies]\njsonschema = "));
}

#[test]
fn without_the_option_no_test_is_written() {
    let files = generate(false);
    assert!(files.iter().all(|f| !f.path.starts_with("tests/")));
    assert!(!file(&files, "Cargo.toml").contains("jsonschema"));
}

/// The test validates each example against `"#" + schema` in (for 3.0) a copy of the document
/// where typeless `nullable` schemas are wrapped in an `anyOf`: the pointer must be a valid URI
/// fragment (percent-encoded `{`, `}`, `#`) and must go through the wrappers, or the validator
/// cannot find the schema and the example goes unchecked (seen on a real document).
#[test]
fn schema_pointers_are_uri_fragments_into_the_validated_copy() {
    let document = r##"
openapi: 3.0.3
info: { title: Pointers, version: '1' }
paths:
  /files/{file_id}#get:
    get:
      operationId: getFile
      parameters:
        - { name: file_id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Wrapped' }
              example: { name: x }
components:
  schemas:
    Wrapped:
      nullable: true
      properties:
        name: { type: string, example: inner }
"##;
    let options = Options {
        crate_name: "pointer-client".into(),
        layout: Layout::Crate,
        example_tests: true,
        ..Options::default()
    };
    let files = generator::generate("pointers.yaml", document, &options)
        .unwrap()
        .files;
    let test = file(&files, "tests/examples.rs");
    let schemas: Vec<&str> = test
        .lines()
        .filter_map(|l| l.trim().strip_prefix("schema: \""))
        .map(|l| l.trim_end_matches("\","))
        .collect();
    assert_eq!(
        schemas,
        [
            "/components/schemas/Wrapped/anyOf/0/properties/name",
            "/paths/~1files~1%7Bfile_id%7D%23get/get/responses/200/content/application~1json/schema",
        ],
        "{test}"
    );
}
