//! Schema shapes on the wire (`generator/tests/fixtures/compile/schemas.yaml`): what the
//! generated types send as JSON and read back, for every shape of OpenAPI 3.0 schemas.

use std::collections::BTreeMap;

use crate::support::{only_request, serve};
use fixtures_client::schemas::models::*;
use fixtures_client::schemas::{Base64, Client};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

fn json_response(body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string().into_bytes(), "application/json")
}

fn shapes_json() -> serde_json::Value {
    json!({
        "int32": -2147483648i64,
        "int64": 9007199254740993i64,
        "float": 1.5,
        "double": 0.1,
        "plainInteger": 3,
        "plainNumber": 2.5,
        "requiredButNullable": null,
        "base64": "AAEC/w==",
        "when": "2024-01-02T03:04:05+01:00",
        "day": "2024-01-02",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "counts": {"a": 1, "b": 2},
        "labelled": {"label": "x", "extra": "kept", "more": "also kept"},
        "freeForm": {"any": [1, {"thing": true}]},
        "anything": [null, 1, "two"],
        "grid": [[1.0, 2.0], [], [3.5]],
        "dimensions": {"width": 2, "height": 3},
        "mood": "",
        "level": 2,
        "retries": 3,
        "closed": {"only": "this"},
    })
}

#[tokio::test]
async fn every_shape_round_trips_through_the_generated_types() {
    let server = serve(json_response(&shapes_json())).await;
    let shapes: Shapes = serde_json::from_value(shapes_json()).unwrap();
    // Integer and number formats keep their Rust widths and values.
    assert_eq!(shapes.int32, i32::MIN);
    assert_eq!(shapes.int64, 9007199254740993);
    assert_eq!(shapes.float, 1.5f32);
    // Binary-as-base64, dates, UUIDs.
    assert_eq!(shapes.base64, Some(Base64(vec![0, 1, 2, 255])));
    assert_eq!(
        shapes.when.unwrap().to_rfc3339(),
        "2024-01-02T03:04:05+01:00"
    );
    assert_eq!(shapes.day.unwrap().to_string(), "2024-01-02");
    // A struct with listed properties keeps the others in `additional_properties`.
    let labelled = shapes.labelled.clone().unwrap();
    assert_eq!(labelled.label, "x");
    assert_eq!(labelled.additional_properties["extra"], "kept");
    // Inline objects and enums have names from where they stand.
    assert_eq!(
        shapes.dimensions,
        Some(ShapesDimensions::new().with_width(2).with_height(3))
    );
    assert_eq!(shapes.mood, Some(ShapesMood::Empty));
    assert_eq!(shapes.grid.as_ref().unwrap()[2], vec![3.5]);

    let echoed = client(&server)
        .echo_shapes(&shapes)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(echoed, shapes);
    // What went on the wire is the document we started from: every wire name, null where
    // required-but-nullable, nothing invented for absent optional fields.
    let sent: serde_json::Value =
        serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(sent, shapes_json());
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let mut value = shapes_json();
    value["mood"] = json!("ecstatic");
    let shapes: Shapes = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        shapes.mood,
        Some(ShapesMood::UnknownValue("ecstatic".into()))
    );
    assert_eq!(serde_json::to_value(&shapes).unwrap(), value);
}

#[tokio::test]
async fn a_discriminated_union_is_chosen_by_its_tag_and_all_of_merges_parts() {
    let pets = json!([
        {"kind": "dog", "name": "Rex", "barks": true},
        {"kind": "cat", "name": "Tom", "lives": 9},
        {"kind": "goldfish", "fins": 2},
    ]);
    let server = serve(json_response(&pets)).await;
    let decoded = client(&server).list_pets().await.unwrap().into_inner();
    assert_eq!(
        decoded,
        vec![
            // Each variant implies its tag: nobody writes `kind`, and nobody can write a wrong one.
            Pet::Dog(Dog::builder().name("Rex").barks(true).build()),
            Pet::Cat(Cat::new("Tom").with_lives(9)),
            // `goldfish` maps to Fish by the mapping.
            Pet::Fish(Fish::new().with_fins(2)),
        ]
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), pets);
    // An unknown tag is an error naming the allowed ones, not a wrong variant.
    let error = serde_json::from_value::<Pet>(json!({"kind": "bird", "name": "x"})).unwrap_err();
    assert!(
        error.to_string().contains("one of dog, cat, goldfish"),
        "{error}"
    );
}

#[test]
fn untagged_unions_any_of_and_nullable_references() {
    let holder: Holder = serde_json::from_value(json!({
        "maybe": null,
        "idOrName": "rex",
        "contact": {"phone": "+1 555"},
        "siblingNullable": null,
    }))
    .unwrap();
    assert_eq!(holder.sibling_nullable, None);
    assert_eq!(holder.id_or_name, Some(IdOrName::String("rex".into())));
    assert_eq!(holder.contact, Some(Contact::Phone(Phone::new("+1 555"))));
    assert_eq!(holder.maybe, None);
    let holder: Holder = serde_json::from_value(json!({
        "idOrName": 42,
        "maybe": {"name": "n"},
        "siblingNullable": {"name": "s"},
    }))
    .unwrap();
    assert_eq!(holder.id_or_name, Some(IdOrName::Integer(42)));
    assert_eq!(holder.maybe, Some(Some(Named::new("n"))));
    assert_eq!(holder.sibling_nullable, Some(Named::new("s")));
    // Required and nullable: sent as null rather than left out.
    let mut none = holder;
    none.sibling_nullable = None;
    assert_eq!(
        serde_json::to_value(&none).unwrap()["siblingNullable"],
        json!(null)
    );
}

#[tokio::test]
async fn recursive_types_nest() {
    let tree = json!({
        "value": "root",
        "children": [{"value": "a", "children": [{"value": "a1"}]}],
        "first": {"value": "first", "first": {"value": "deeper"}},
        "labels": {"x": {"value": "labelled"}},
    });
    let server = serve(json_response(&tree)).await;
    let node: TreeNode = serde_json::from_value(tree.clone()).unwrap();
    assert_eq!(
        node.first.as_ref().unwrap().first.as_ref().unwrap().value,
        "deeper"
    );
    let echoed = client(&server).put_tree(&node).await.unwrap().into_inner();
    assert_eq!(echoed, node);
    let sent: serde_json::Value =
        serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(sent, tree);

    let expr: Expr = serde_json::from_value(
        json!({"left": {"value": 1}, "right": {"left": {"value": 2}, "right": {"value": 3}}}),
    )
    .unwrap();
    let Expr::Sum(sum) = expr else {
        panic!("a sum")
    };
    assert_eq!(sum.left, Expr::Literal(Literal::new(1.0)));
    let pong = Pong::new(Ping::new().with_pong(Pong::new(Ping::default())));
    assert_eq!(
        serde_json::to_value(&pong).unwrap(),
        json!({"ping": {"pong": {"ping": {}}}})
    );
}

#[test]
fn maps_free_form_objects_and_closed_objects() {
    let counts: BTreeMap<String, i64> = [("a".to_owned(), 1)].into();
    let mut shapes: Shapes = serde_json::from_value(shapes_json()).unwrap();
    shapes.counts = Some(counts);
    assert_eq!(
        serde_json::to_value(&shapes).unwrap()["counts"],
        json!({"a": 1})
    );
    let closed: Closed = serde_json::from_value(json!({"only": "x"})).unwrap();
    assert_eq!(closed.only.as_deref(), Some("x"));
}

#[tokio::test]
#[allow(deprecated)]
async fn deprecated_operations_parameters_and_models_still_work() {
    let server = serve(json_response(&json!({"oldField": "o", "newField": "n"}))).await;
    let params = fixtures_client::schemas::operations::LegacyThingParams::new().old("x");
    let thing: LegacyThing = client(&server)
        .legacy_thing(&params)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(thing.old_field.as_deref(), Some("o"));
    assert_eq!(only_request(&server).await.url.query(), Some("old=x"));
}

/// Every type of the public API can be named through the generated module itself, so a user
/// needs no chrono, uuid, url or reqwest dependency of their own (with matching versions).
#[test]
fn public_types_are_named_through_the_modules_re_exports() {
    use fixtures_client::schemas::{chrono, reqwest, url, uuid};
    let mut shapes: Shapes = serde_json::from_value(shapes_json()).unwrap();
    let day: chrono::NaiveDate = "2025-06-07".parse().unwrap();
    let when: chrono::DateTime<chrono::FixedOffset> =
        chrono::DateTime::parse_from_rfc3339("2025-06-07T08:09:10+02:00").unwrap();
    shapes.day = Some(day);
    shapes.when = Some(when);
    shapes.id = Some(uuid::Uuid::from_u128(7));
    let json = serde_json::to_value(&shapes).unwrap();
    assert_eq!(json["day"], "2025-06-07");
    assert_eq!(json["when"], "2025-06-07T08:09:10+02:00");
    assert_eq!(json["id"], "00000000-0000-0000-0000-000000000007");
    let base: url::Url = "http://127.0.0.1:9/".parse().unwrap();
    let http: reqwest::Client = reqwest::Client::new();
    let _client = Client::with_base_url(base.as_str())
        .unwrap()
        .with_http(http);
}
