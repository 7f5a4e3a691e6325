//! What the generator says and writes for the OpenAPI features that show in the generated code
//! rather than on the wire: servers, webhooks, media types it reads or not, response headers,
//! Swagger 2.0. (The wire behaviour of each feature fixture is tested in `fixtures-client`.)

use generator::{generate, Diagnostic, Options, Output, Severity};

fn fixture(name: &str) -> (String, String) {
    let path = format!(
        "{}/tests/fixtures/compile/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (format!("tests/fixtures/compile/{name}"), text)
}

fn generated(name: &str) -> Output {
    let (file, text) = fixture(name);
    generate(&file, &text, &Options::default())
        .unwrap_or_else(|f| panic!("{name} does not generate: {:#?}", f.diagnostics))
}

fn file<'a>(output: &'a Output, path: &str) -> &'a str {
    &output
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

fn failure(text: &str) -> Vec<Diagnostic> {
    match generate("doc.yaml", text, &Options::default()) {
        Ok(output) => panic!("generated, with warnings {:#?}", output.warnings),
        Err(failure) => failure.diagnostics,
    }
}

fn located(d: &Diagnostic) -> String {
    format!("{}:{} {}", d.pos.line, d.pos.column, d.path)
}

#[test]
fn every_feature_fixture_generates() {
    let dir = format!("{}/tests/fixtures/compile", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let output = generated(&name);
        assert!(output
            .warnings
            .iter()
            .all(|w| w.severity == Severity::Warning));
    }
}

#[test]
fn without_servers_there_is_no_default_base_url() {
    let output = generated("no-servers.yaml");
    let client = file(&output, "src/client.rs");
    assert!(client.contains("pub fn with_base_url("));
    assert!(!client.contains("pub fn new("), "{client}");
    assert!(!client.contains("DEFAULT_BASE_URL"));
    assert!(!client.contains("Default for Client"));
}

#[test]
fn server_variables_take_their_defaults() {
    let output = generated("servers.yaml");
    let client = file(&output, "src/client.rs");
    assert!(client.contains(
        r#"pub const DEFAULT_BASE_URL: &'static str = "https://eu.example.com:8443/v2";"#
    ));
    assert!(client.contains("pub fn new() -> Self"));
}

#[test]
fn webhooks_are_skipped_with_a_warning() {
    let output = generated("openapi31.yaml");
    let warning = output
        .warnings
        .iter()
        .find(|w| w.path.to_string() == "webhooks")
        .expect("a warning about webhooks");
    assert!(warning.message.contains("skipped"), "{warning}");
    assert_eq!(located(warning), "34:3 webhooks");
    let client = file(&output, "src/client.rs");
    assert_eq!(client.matches("pub async fn ").count(), 1, "only /things");
}

/// Code without whitespace or trailing commas, to find a signature however rustfmt broke it.
fn compact(code: &str) -> String {
    let code: String = code.split_whitespace().collect();
    code.replace(",>", ">").replace(",)", ")")
}

#[test]
fn media_types_not_read_are_left_out_beside_others_and_event_streams_get_their_own_method() {
    let output = generated("bodies.yaml");
    let left_out: Vec<String> = output
        .warnings
        .iter()
        .filter(|w| w.path.to_string().starts_with("paths./negotiated"))
        .map(|w| format!("{} {}", located(w), w.message))
        .collect();
    assert_eq!(left_out.len(), 1, "{left_out:#?}");
    assert!(left_out[0].contains("application/xml") && left_out[0].contains("not generated"));
    // The event stream beside JSON is read by a method of its own, as text events.
    let client = compact(file(&output, "src/client.rs"));
    assert!(
        client.contains("pubasyncfnget_negotiated_events(&self)->::std::result::Result<runtime::EventStream<::std::string::String,()>"),
        "no `get_negotiated_events` returning text events"
    );

    // Alone, it gets the same method, and the buffered method returns the body's bytes.
    let alone = generate(
        "doc.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /events:\n    get:\n      operationId: watch\n      responses:\n        '200':\n          description: a stream\n          content:\n            text/event-stream:\n              schema: {type: string}\n",
        &Options::default(),
    )
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(alone.warnings.is_empty(), "{:#?}", alone.warnings);
    let client = compact(file(&alone, "src/client.rs"));
    assert!(
        client.contains(
            "pubasyncfnwatch(&self)->::std::result::Result<runtime::ResponseValue<::std::vec::Vec<u8>>,Error<()>>"
        ),
        "no buffered `watch` returning bytes"
    );
    assert!(
        client.contains("pubasyncfnwatch_events(&self)->::std::result::Result<runtime::EventStream<::std::string::String,()>"),
        "no `watch_events`"
    );
}

#[test]
fn several_request_media_types_choose_json_and_name_the_others() {
    let output = generated("bodies.yaml");
    let client = file(&output, "src/client.rs");
    assert!(client.contains(
        "The body is sent as `application/json`. The spec also accepts application/xml, application/x-www-form-urlencoded; those are not generated."
    ));
}

#[test]
fn multipart_and_form_encodings_are_generated() {
    let output = generated("bodies.yaml");
    let client: String = file(&output, "src/client.rs")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // One exact type is the part's; a list (`image/png, image/jpeg`) is never sent as one
    // header: the caller's type, else `application/octet-stream`.
    assert!(client.contains(r#"form.file("file",value,"image/png")?;"#));
    assert!(client.contains(r#"form.file("thumbnail",value,"application/octet-stream")?;"#));
    assert!(client
        .contains(r#"form.value("meta",value,::std::option::Option::Some("application/json"))?;"#));
    assert!(!client.contains("image/png,image/jpeg\""));
    assert!(client.contains(
        r#"runtime::FormEncoding{name:"color",style:runtime::QueryStyle::DeepObject,explode:true,}"#
    ));
    // The generated crate needs no extra reqwest feature: the runtime writes multipart itself.
    assert!(!file(&output, "Cargo.toml").contains("multipart"));
}

#[test]
fn response_header_references_must_lead_somewhere() {
    let errors = failure(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '204':\n          description: none\n          headers:\n            X-Rate:\n              $ref: '#/components/headers/Missing'\n",
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        located(&errors[0]),
        "11:21 paths./a.get.responses.204.headers.X-Rate.$ref"
    );
    assert!(
        errors[0].message.contains("points to nothing"),
        "{}",
        errors[0]
    );
}

#[test]
fn swagger_2_is_refused_with_a_hint() {
    let errors = failure("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(errors.len(), 1);
    assert!(errors[0]
        .message
        .contains("Swagger 2.0 (OpenAPI 2.0) is not supported"));
    assert!(errors[0]
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("swagger2openapi"));
}

#[test]
fn deprecated_items_are_rust_deprecated() {
    let output = generated("schemas.yaml");
    let models = file(&output, "src/models.rs");
    assert!(models.contains("#[deprecated]\n#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]\n#[non_exhaustive]\npub struct LegacyThing"));
    assert!(models.contains("    #[deprecated]\n    #[serde(rename = \"oldField\")]"));
    let client = file(&output, "src/client.rs");
    assert!(client.contains("#[deprecated]\n    pub async fn legacy_thing<"));
    let operations = file(&output, "src/operations.rs");
    assert!(operations.contains("#[deprecated]\n    pub old:"));
}

#[test]
fn servers_of_paths_and_operations_and_callbacks_are_not_applied_and_said_so() {
    let output = generated("servers.yaml");
    let warnings: Vec<String> = output
        .warnings
        .iter()
        .map(|w| format!("{} {}", located(w), w.message))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("33:7 paths./uploads.servers `servers` here is not applied"));
    assert!(warnings[0].contains("https://uploads.example.com"));
    assert!(warnings[1].starts_with("37:9 paths./uploads.post.servers"));
    assert!(warnings[2]
        .starts_with("39:9 paths./uploads.post.callbacks callbacks are requests the server sends"));
}

#[test]
fn keywords_whose_meaning_is_not_carried_out_are_said_so() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      discriminator: {propertyName: kind}\n      properties:\n        kind: {type: string}\n        tree: {$dynamicRef: '#node'}\n        size: {type: integer, not: {const: 0}}\n";
    let output = generate("doc.yaml", text, &Options::default()).unwrap();
    let warnings: Vec<String> = output
        .warnings
        .iter()
        .map(|w| format!("{} {}", located(w), w.message))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("8:22 components.schemas.Pet.discriminator a `discriminator` without `oneOf`/`anyOf` picks no subtype"));
    assert!(warnings[1].starts_with(
        "11:29 components.schemas.Pet.properties.tree.$dynamicRef `$dynamicRef` is not followed"
    ));
    assert!(warnings[2]
        .starts_with("12:36 components.schemas.Pet.properties.size.not `not` only narrows"));
}
