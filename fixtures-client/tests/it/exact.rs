//! Values as exact as the wire (`generator/tests/fixtures/compile/exact.yaml`): a nullable object
//! component where it is referenced, `null` versus absent, floats to the last digit, and base64
//! with non-zero padding bits.

use crate::support::{only_request, serve};
use fixtures_client::exact::models::*;
use fixtures_client::exact::operations::{GetCourtParams, PatchCourtParams};
use fixtures_client::exact::{Base64, Client, Nullable};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

fn json_response(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// The issue's minimal case: a required property that `$ref`s a `nullable: true` object.
#[test]
fn a_required_reference_to_a_nullable_object_accepts_null() {
    let court: Court = serde_json::from_str(r#"{"name": "n", "additionalLevels": null}"#).unwrap();
    assert_eq!(court.additional_levels, None);
    // Required: sent as `null`, never left out.
    assert_eq!(
        serde_json::to_value(&court).unwrap(),
        json!({"name": "n", "additionalLevels": null})
    );
    let court: Court = serde_json::from_str(
        r#"{"name": "n", "additionalLevels": {"level1": "a"}, "history": [null, {}]}"#,
    )
    .unwrap();
    assert_eq!(
        court.additional_levels,
        Some(AdditionalLevels::new().with_level1("a"))
    );
    // Items that `$ref` the nullable object may be null too.
    assert_eq!(
        court.history,
        Some(vec![None, Some(AdditionalLevels::default())])
    );
}

/// Optional nullable properties keep `null` apart from absent, both ways.
#[test]
fn null_and_absent_are_kept_apart() {
    // Members in the document's order, as the generated struct writes them.
    let text = r#"{"name":"n","additionalLevels":null,"parentLevels":null,"jurisdiction":null}"#;
    let court: Court = serde_json::from_str(text).unwrap();
    assert_eq!(court.parent_levels, Nullable::Null);
    // A nullable enum component: `null` is its own state, not an unknown value.
    assert_eq!(court.jurisdiction, Nullable::Null);
    assert_eq!(serde_json::to_string(&court).unwrap(), text);

    let court: Court = serde_json::from_str(r#"{"name":"n","additionalLevels":null}"#).unwrap();
    assert_eq!(court.parent_levels, Nullable::Absent);
    assert_eq!(court.jurisdiction, Nullable::Absent);
    assert_eq!(
        serde_json::to_string(&court).unwrap(),
        r#"{"name":"n","additionalLevels":null}"#
    );

    let levels: AdditionalLevels = serde_json::from_str(r#"{"level1":"x"}"#).unwrap();
    assert_eq!(levels.level1, Nullable::Value("x".into()));
    assert_eq!(levels.level1.value().map(String::as_str), Some("x"));
}

/// A merge patch: `null` clears, absent keeps, a value sets; on the wire exactly that.
#[tokio::test]
async fn a_merge_patch_sends_null_for_cleared_and_nothing_for_absent() {
    let server = serve(json_response(r#"{"name":"kept","additionalLevels":null}"#)).await;
    let patch = CourtPatch::new()
        .with_nickname_null()
        .with_seats(9)
        .with_additional_levels_null();
    assert_eq!(patch.nickname, Nullable::Null);
    assert_eq!(patch.tags, Nullable::Absent);
    let court = client(&server)
        .patch_court(&PatchCourtParams::new("c1"), &patch)
        .await
        .unwrap();
    assert_eq!(court.additional_levels, None);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(
        request.body,
        br#"{"nickname":null,"seats":9,"additionalLevels":null}"#
    );

    // The default patch sends an empty object: nothing is cleared.
    let server = serve(json_response(r#"{"name":"kept","additionalLevels":null}"#)).await;
    client(&server)
        .patch_court(&PatchCourtParams::new("c1"), &CourtPatch::default())
        .await
        .unwrap();
    assert_eq!(only_request(&server).await.body, b"{}");
}

/// A response whose required nullable object is `null` decodes.
#[tokio::test]
async fn a_response_with_a_null_object_decodes() {
    let server = serve(json_response(r#"{"name":"n","additionalLevels":null}"#)).await;
    let court = client(&server)
        .get_court(&GetCourtParams::new("c1"))
        .await
        .unwrap();
    assert_eq!(court.name, "n");
    assert_eq!(court.additional_levels, None);
}

/// Floats keep every digit on the way in and out (serde_json's `float_roundtrip`).
#[tokio::test]
async fn floats_round_trip_exactly() {
    let values: [f64; 8] = [
        0.1,
        1e-7,
        2.2250738585072014e-308,
        5e-324,
        1.7976931348623157e308,
        0.30000000000000004,
        123456.789e3,
        9007199254740993.0,
    ];
    for value in values {
        let text = format!(r#"{{"value":{value:e}}}"#);
        let m: Measurement = serde_json::from_str(&text).unwrap();
        assert_eq!(m.value.to_bits(), value.to_bits(), "{text}");
        let again: Measurement = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(again.value.to_bits(), value.to_bits(), "{text}");
    }
    // The digits a document writes come back as the shortest text for the same number.
    let body =
        r#"{"value":2.2250738585072014e-308,"values":[0.1,1e-7,17.000000000000004],"single":0.1}"#;
    let server = serve(json_response(body)).await;
    let m: Measurement = serde_json::from_str(body).unwrap();
    let echoed = client(&server)
        .echo_measurement(&m)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(echoed, m);
    assert_eq!(
        String::from_utf8(only_request(&server).await.body).unwrap(),
        body
    );
}

/// `format: byte` decodes leniently: non-zero padding bits and left-out padding are read as the
/// bytes they stand for; what is sent is canonical.
#[test]
fn base64_is_read_leniently_and_written_canonically() {
    let m: Measurement = serde_json::from_str(r#"{"value":1,"digest":"abcd123="}"#).unwrap();
    let canonical: Measurement =
        serde_json::from_str(r#"{"value":1,"digest":"abcd120="}"#).unwrap();
    assert_eq!(m.digest, canonical.digest);
    assert_eq!(m.digest, Some(Base64(vec![0x69, 0xb7, 0x1d, 0xd7, 0x6d])));
    assert_eq!(serde_json::to_value(&m).unwrap()["digest"], "abcd120=");
    // Unpadded, and the URL-safe alphabet.
    let m: Measurement = serde_json::from_str(r#"{"value":1,"digest":"-_8"}"#).unwrap();
    assert_eq!(m.digest, Some(Base64(vec![0xfb, 0xff])));
    // Text that is not base64 at all is still refused.
    assert!(serde_json::from_str::<Measurement>(r#"{"value":1,"digest":"a$b"}"#).is_err());
}
