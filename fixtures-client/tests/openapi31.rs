//! OpenAPI 3.1 (JSON Schema 2020-12) shapes on the wire (`generator/tests/fixtures/compile/openapi31.yaml`).

mod support;

use fixtures_client::openapi31::models::*;
use fixtures_client::openapi31::{Base64, Client};
use serde_json::json;
use support::{only_request, serve};
use wiremock::ResponseTemplate;

fn thing_json() -> serde_json::Value {
    json!({
        "kind": "thing",
        "version": 2,
        "name": "a",
        "nickname": null,
        "count": 3,
        "mixed": 5,
        "owner": {"name": "Ann"},
        "maybeOwner": null,
        "payload": "iVBORw==",
        "point": [1.5, 2],
        "inner": {"depth": 1},
        "status": "active",
        "size": 20,
        "exact": {"a": "x"},
        "requires": {"a": "x", "b": "y"},
    })
}

#[tokio::test]
async fn a_3_1_document_round_trips() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_raw(thing_json().to_string().into_bytes(), "application/json"),
    )
    .await;
    let thing: Thing = serde_json::from_value(thing_json()).unwrap();
    // `const: thing`: a one-value enum; `type: [string, "null"]` required: an Option sent as null.
    assert_eq!(thing.kind, ThingKind::Thing);
    assert_eq!(thing.nickname, None);
    // `contentEncoding: base64`: bytes in Rust.
    assert_eq!(thing.payload, Some(Base64(vec![0x89, b'P', b'N', b'G'])));
    // `type: [string, integer]`: any JSON value; `$defs`: a type of its own.
    assert_eq!(thing.mixed, Some(json!(5)));
    assert_eq!(thing.inner, Some(Inner { depth: Some(1) }));
    assert_eq!(thing.status, Some(ThingStatus::Active));

    let client = Client::with_base_url(&server.uri()).unwrap();
    assert_eq!(client.echo_thing(&thing).await.unwrap().into_inner(), thing);
    let sent: serde_json::Value =
        serde_json::from_slice(&only_request(&server).await.body).unwrap();
    // `maybeOwner: null` and absent are one value in Rust; absent is what is sent back.
    let mut expected = thing_json();
    expected.as_object_mut().unwrap().remove("maybeOwner");
    assert_eq!(sent, expected);
}

#[test]
fn nullable_members_and_enums_with_null() {
    let mut value = thing_json();
    value["status"] = json!(null);
    value["note"] = json!(null);
    value["maybeOwner"] = json!({"name": "Bo"});
    let thing: Thing = serde_json::from_value(value).unwrap();
    assert_eq!(thing.status, None);
    assert_eq!(thing.note, None);
    assert_eq!(
        thing.maybe_owner,
        Some(Owner {
            name: Some("Bo".into())
        })
    );
    // A required member that may be null is always sent (as null when None), and read
    // leniently: absent reads as None.
    let mut value = thing_json();
    value.as_object_mut().unwrap().remove("nickname");
    let thing: Thing = serde_json::from_value(value).unwrap();
    assert_eq!(thing.nickname, None);
    assert_eq!(
        serde_json::to_value(&thing).unwrap()["nickname"],
        json!(null)
    );
}
