//! The runtime reads a JSON body straight from its text first (`Strict` over serde_json's
//! deserializer) and falls back to the parsed-value reader (`StrictJson`) only to explain a
//! failure. Both must refuse an array wherever the target has a struct, at any depth, and the
//! direct reading must give what serde_json gives for every right body.

use std::collections::BTreeMap;

use openapi_client_runtime::{Error, Media, RawResponse};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let response = RawResponse {
        status: StatusCode::OK,
        headers,
        body: body.as_bytes().to_vec(),
        secret_fields: &[],
    };
    match response.decode::<T, ()>(Media::Json, "T (application/json)") {
        Ok(value) => Ok(value),
        Err(Error::Decode(e)) => Err(e.message),
        Err(other) => panic!("expected a value or Error::Decode, got {other:?}"),
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Point {
    x: i64,
    #[serde(default)]
    y: Option<f64>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Shape {
    Dot,
    Circle(Point),
    Line { from: Point, to: Point },
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Either {
    Point(Point),
    Text(String),
}

#[derive(Debug, PartialEq, Deserialize)]
struct Doc {
    points: Vec<Point>,
    #[serde(default)]
    named: BTreeMap<String, Point>,
    #[serde(default)]
    maybe: Option<Point>,
    #[serde(default)]
    shapes: Vec<Shape>,
    #[serde(default)]
    either: Option<Either>,
    #[serde(default)]
    pair: Option<(Point, u8)>,
    #[serde(default)]
    free: Option<serde_json::Value>,
}

#[test]
fn right_bodies_decode_as_serde_json_reads_them() {
    for body in [
        r#"{"points":[]}"#,
        r#"{"points":[{"x":1},{"x":-2,"y":0.5}],"named":{"a":{"x":3,"y":1e3}}}"#,
        r#"{"points":[],"maybe":null,"shapes":["Dot",{"Circle":{"x":1}},{"Line":{"from":{"x":1},"to":{"x":2}}}]}"#,
        r#"{"points":[],"either":{"x":7},"pair":[{"x":1},2]}"#,
        r#"{"points":[],"either":"text","free":[1,{"a":[]},"\u00e9\n"],"unknown":[[{}]]}"#,
        r#" {"points":[{"x":9223372036854775807}]} "#,
    ] {
        let expected: Doc = serde_json::from_str(body).unwrap();
        assert_eq!(decode::<Doc>(body), Ok(expected), "{body}");
    }
}

#[test]
fn an_array_for_a_struct_is_refused_at_any_depth() {
    for (body, place) in [
        (r#"[[]]"#, ""),
        (r#"{"points":[[1]]}"#, "points[0]"),
        (r#"{"points":[],"named":{"a":[3]}}"#, "named.a"),
        (r#"{"points":[],"maybe":[1,2.0]}"#, "maybe"),
        (r#"{"points":[],"shapes":[{"Circle":[1]}]}"#, "shapes[0]"),
        (
            r#"{"points":[],"shapes":[{"Line":[{"x":1},{"x":2}]}]}"#,
            "shapes[0]",
        ),
        (r#"{"points":[],"pair":[[1],2]}"#, "pair[0]"),
    ] {
        let error = decode::<Doc>(body).expect_err(body);
        assert!(
            place.is_empty() || error.contains(&format!("`{place}")),
            "{body}: the message should name `{place}`: {error}"
        );
    }
}

#[test]
fn syntax_errors_and_trailing_text_are_refused() {
    for body in [
        r#"{"points":[]"#,
        r#"{"points":[]} x"#,
        r#"{"points":[]}{}"#,
        "",
    ] {
        assert!(decode::<Doc>(body).is_err(), "{body}");
    }
}
