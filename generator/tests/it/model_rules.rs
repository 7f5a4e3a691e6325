//! The model stage's rules, checked on small documents: what the intermediate form says about
//! parameters, bodies, responses, security and names.

use generator::diagnostics::Diagnostics;
use generator::load;
use generator::model::ir::*;
use generator::model::{build, Selection};

fn model(text: &str) -> (Api, Vec<generator::Diagnostic>) {
    let mut diags = Diagnostics::new("test.yaml");
    let doc = load::load(text, &mut diags).expect("the test document loads");
    let api = build(&doc, &Selection::default(), &mut diags);
    (api, diags.into_sorted())
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("operation {id} is in the model"))
}

const PARAMS: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
      - {name: verbose, in: query, schema: {type: boolean}}
    get:
      operationId: getItem
      parameters:
        - {name: verbose, in: query, required: true, schema: {type: string}}
        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "200": {description: ok}
"#;

#[test]
fn parameter_defaults_and_path_level_merging() {
    let (api, diags) = model(PARAMS);
    assert!(diags.is_empty(), "{diags:?}");
    let get = op(&api, "getItem");
    let names: Vec<_> = get.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(names, ["id", "verbose", "tags", "X-Trace", "session"]);
    let id = &get.params[0];
    assert_eq!(
        (id.location, id.style, id.explode, id.required),
        (ParamLocation::Path, ParamStyle::Simple, false, true)
    );
    assert_eq!(id.ty, Ty::Int(IntKind::I64));
    // The operation's `verbose` replaces the path item's, as OpenAPI says.
    let verbose = &get.params[1];
    assert_eq!((verbose.ty.clone(), verbose.required), (Ty::String, true));
    assert_eq!(
        (verbose.style, verbose.explode),
        (ParamStyle::Form, true),
        "query defaults to form, explode true"
    );
    assert_eq!(
        (get.params[2].style, get.params[2].explode),
        (ParamStyle::PipeDelimited, false)
    );
    assert_eq!(
        (get.params[3].style, get.params[3].rust_name.as_str()),
        (ParamStyle::Simple, "x_trace")
    );
    assert_eq!(
        (get.params[4].style, get.params[4].explode),
        (ParamStyle::Form, true),
        "cookie defaults to form"
    );
    assert_eq!(
        get.path_parts,
        [PathPart::Literal("/items/".into()), PathPart::Param(0)]
    );
}

#[test]
fn explode_with_space_delimited_is_refused() {
    let text = PARAMS.replace(
        "style: pipeDelimited,",
        "style: pipeDelimited, explode: true,",
    );
    let (_, diags) = model(&text);
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("only with `explode: false`")),
        "{diags:?}"
    );
}

/// A form body's Encoding Object reads `style` and `explode` by the parameters' rule: the same
/// defaults (`explode` true only for `form`) and the same refusals.
#[test]
fn form_fields_take_styles_as_query_parameters_do() {
    let form = |encoding: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /f:
    post:
      operationId: send
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {{type: object, properties: {{a: {{type: array, items: {{type: string}}}}, b: {{type: object}}}}}}
            encoding: {encoding}
      responses:
        "204": {{description: ok}}
"#
        )
    };
    let (api, diags) = model(&form("{a: {style: pipeDelimited}, b: {style: deepObject}}"));
    assert!(diags.is_empty(), "{diags:?}");
    let encodings = &op(&api, "send").body.as_ref().expect("a body").encodings;
    let styles: Vec<_> = encodings.iter().map(|e| e.style).collect();
    assert_eq!(
        styles,
        [
            Some((ParamStyle::PipeDelimited, false)),
            Some((ParamStyle::DeepObject, false))
        ]
    );
    let (api, diags) = model(&form("{a: {explode: false}}"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        op(&api, "send").body.as_ref().expect("a body").encodings[0].style,
        Some((ParamStyle::Form, false))
    );
    // Undefined by OpenAPI for a parameter, and so for a field: the operation is left out.
    let (api, diags) = model(&form("{a: {style: spaceDelimited, explode: true}}"));
    assert!(api.operations.is_empty());
    let refusal = diags
        .iter()
        .find(|d| d.message.contains("only with `explode: false`"))
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        refusal.path.to_string(),
        "paths./f.post.requestBody.content.application/x-www-form-urlencoded.encoding.a.explode"
    );
}

const RESPONSES: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
security: [{key: []}]
paths:
  /a:
    get:
      operationId: onlyDefault
      security: []
      responses:
        default:
          description: anything
          content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}
  /b:
    post:
      operationId: manyShapes
      security: [{bearer: []}, {key: [], basic: []}]
      requestBody:
        required: true
        content:
          application/xml: {schema: {type: string}}
          application/json: {schema: {$ref: '#/components/schemas/Pet'}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        "202": {description: accepted}
        4XX: {description: client error, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {type: [string, "null"]}
        children: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        parent: {$ref: '#/components/schemas/Pet'}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
"#;

#[test]
fn responses_security_and_bodies() {
    let (api, diags) = model(RESPONSES);
    assert!(
        diags
            .iter()
            .all(|d| d.severity == generator::Severity::Warning),
        "{diags:?}"
    );

    // With no success declared, `default` also describes the successes.
    let only_default = op(&api, "onlyDefault");
    assert_eq!(only_default.success.len(), 1);
    assert_eq!(only_default.success[0].status, StatusMatch::Range(2));
    assert_eq!(only_default.errors[0].status, StatusMatch::Default);
    assert!(
        only_default.security.is_empty(),
        "`security: []` turns the global requirement off"
    );

    let many = op(&api, "manyShapes");
    let statuses: Vec<_> = many.success.iter().map(|c| c.status.clone()).collect();
    assert_eq!(statuses, [StatusMatch::Code(200), StatusMatch::Code(202)]);
    assert!(many.success[1].contents.is_empty());
    assert_eq!(many.errors[0].status, StatusMatch::Range(4));
    assert_eq!(many.errors[0].contents[0].media, Media::Text);
    let body = many.body.as_ref().expect("a body");
    assert_eq!(
        (body.content_type.as_str(), body.media, body.required),
        ("application/json", Media::Json, true)
    );
    assert_eq!(body.alternatives, ["application/xml"]);

    let scheme = |key: &str| {
        api.security_schemes
            .iter()
            .position(|s| s.key == key)
            .unwrap()
    };
    assert_eq!(
        many.security,
        vec![vec![scheme("bearer")], vec![scheme("key"), scheme("basic")]]
    );
    assert_eq!(
        api.security_schemes[scheme("bearer")].setter,
        "with_bearer_token"
    );
    assert_eq!(
        api.security_schemes[scheme("key")].setter,
        "with_key_api_key"
    );
}

#[test]
fn recursive_fields_are_boxed_and_nullable_types_are_optional() {
    let (api, _) = model(RESPONSES);
    let pet = api
        .types
        .iter()
        .find(|t| t.name == "Pet")
        .expect("Pet is a type");
    let TypeKind::Struct(s) = &pet.kind else {
        panic!("Pet is a struct")
    };
    let field = |name: &str| s.fields.iter().find(|f| f.wire_name == name).unwrap();
    assert!(field("parent").boxed, "a struct holding itself needs a Box");
    assert!(!field("children").boxed, "a Vec already allocates");
    assert!(field("owner").nullable && !field("owner").required);
    assert!(field("name").required);
    let order: Vec<_> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(
        order,
        ["name", "owner", "children", "parent"],
        "fields in the document's order"
    );
}

#[test]
fn colliding_names_stay_distinct_and_wire_names_exact() {
    let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    user:
      type: object
      properties:
        user_id: {type: string}
        userId: {type: string}
        UserID: {type: string}
        type: {type: string}
    User: {type: string, enum: [a, A, ""]}
"#;
    let (api, _) = model(text);
    let mut names: Vec<_> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["User", "User2"]);
    let user = api
        .types
        .iter()
        .find(|t| matches!(t.kind, TypeKind::Struct(_)))
        .unwrap();
    let TypeKind::Struct(s) = &user.kind else {
        unreachable!()
    };
    let pairs: Vec<_> = s
        .fields
        .iter()
        .map(|f| (f.rust_name.as_str(), f.wire_name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            // In the document's order; the property whose wire name already is its Rust name
            // keeps it, the others are numbered in that order.
            ("user_id", "user_id"),
            ("user_id_2", "userId"),
            ("user_id_3", "UserID"),
            ("type", "type")
        ]
    );
    let enumeration = api
        .types
        .iter()
        .find(|t| matches!(t.kind, TypeKind::StringEnum(_)))
        .unwrap();
    let TypeKind::StringEnum(variants) = &enumeration.kind else {
        unreachable!()
    };
    let variants: Vec<_> = variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.wire_value.as_str()))
        .collect();
    assert_eq!(variants, [("A", "a"), ("A2", "A"), ("Empty", "")]);
}

/// Names the generated items keep for their own methods are not given to what the document
/// names: a parameter `new` or `builder` (methods of the parameters struct), a header
/// `From-Headers` (the typed headers' reader), a field whose setter another field's `null`
/// setter has.
#[test]
fn names_yield_to_the_methods_of_their_items() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/method-names.yaml"),
    )
    .unwrap();
    let (api, diags) = model(&text);
    let get = op(&api, "getA");
    let names: Vec<&str> = get.params.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(names, ["new_2", "build", "builder_2"]);
    assert!(
        diags.iter().any(|d| d.message
            == "parameter `new` is the field `new_2` in Rust because `new` is taken by a method of the parameters struct; the wire name stays exact"),
        "{diags:?}"
    );
    let headers = get.success_headers.as_ref().expect("typed headers");
    assert_eq!(headers.name, "GetAResponseHeaders");
    assert_eq!(headers.headers[0].rust_name, "from_headers_2");
    let thing = api.types.iter().find(|t| t.name == "Thing").unwrap();
    let TypeKind::Struct(s) = &thing.kind else {
        panic!("a struct")
    };
    let setters: Vec<(Option<&str>, Option<&str>)> = s
        .fields
        .iter()
        .map(|f| (f.setter.as_deref(), f.null_setter.as_deref()))
        .collect();
    assert_eq!(
        setters,
        [
            (Some("with_a"), Some("with_a_null")),
            (Some("with_a_null_2"), None)
        ]
    );
    // `ThingBuilder` is a schema's name: its own builder is `ThingBuilderBuilder`.
    let builder = api.types.iter().find(|t| t.name == "ThingBuilder").unwrap();
    let TypeKind::Struct(s) = &builder.kind else {
        panic!("a struct")
    };
    assert_eq!(s.builder.as_deref(), Some("ThingBuilderBuilder"));
}
