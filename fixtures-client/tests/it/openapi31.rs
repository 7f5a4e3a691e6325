//! OpenAPI 3.1 (JSON Schema 2020-12) shapes on the wire (`generator/tests/fixtures/compile/openapi31.yaml`).

use crate::support::{only_request, serve};
use fixtures_client::openapi31::models::*;
use fixtures_client::openapi31::{Base64, Client, Nullable};
use serde_json::json;
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
    // `const: thing`: a fixed value (one value, no other decodes); `type: [string, "null"]`
    // required: an Option sent as null.
    assert_eq!(thing.kind, ThingKind);
    assert_eq!(thing.kind.as_str(), "thing");
    let mut wrong = thing_json();
    wrong["kind"] = json!("other");
    assert!(serde_json::from_value::<Thing>(wrong).is_err());
    assert_eq!(thing.nickname, None);
    // `contentEncoding: base64`: bytes in Rust.
    assert_eq!(thing.payload, Some(Base64(vec![0x89, b'P', b'N', b'G'])));
    // `type: [string, integer]`: any JSON value; `$defs`: a type of its own.
    assert_eq!(thing.mixed, Some(json!(5)));
    assert_eq!(thing.inner, Some(Inner::new().with_depth(1)));
    assert_eq!(thing.status, Nullable::Value(ThingStatus::Active));

    let client = Client::with_base_url(&server.uri()).unwrap();
    assert_eq!(client.echo_thing(&thing).await.unwrap().into_inner(), thing);
    let sent: serde_json::Value =
        serde_json::from_slice(&only_request(&server).await.body).unwrap();
    // `maybeOwner: null` is kept as `Nullable::Null`, so `null` is what is sent back.
    assert_eq!(thing.maybe_owner, Nullable::Null);
    assert_eq!(sent, thing_json());
}

#[test]
fn nullable_members_and_enums_with_null() {
    let mut value = thing_json();
    value["status"] = json!(null);
    value["note"] = json!(null);
    value["maybeOwner"] = json!({"name": "Bo"});
    value.as_object_mut().unwrap().remove("count");
    let thing: Thing = serde_json::from_value(value).unwrap();
    assert_eq!(thing.status, Nullable::Null);
    assert_eq!(thing.note, Nullable::Null);
    assert_eq!(
        thing.maybe_owner,
        Nullable::Value(Owner::new().with_name("Bo"))
    );
    // Absent stays absent.
    assert_eq!(thing.count, Nullable::Absent);
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
