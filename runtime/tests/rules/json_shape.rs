//! JSON bodies are read by the runtime's strict reader (`from_json`):
//! where the spec says `type: object`, only a JSON object is accepted. serde's derived structs
//! also accept an array of their fields in order, which made `[]` decode as an empty
//! `Auth0User` (every field optional) instead of failing; these tests pin the rule, and that
//! everything else JSON decodes as before.

use std::collections::BTreeMap;

use openapi_client_runtime::*;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::Deserialize;

type E = ();

fn json_response(status: u16, body: &str) -> RawResponse {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    RawResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: body.as_bytes().to_vec(),
        secret_fields: &[],
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
    match json_response(200, body).decode::<T, E>(Media::Json, "T (application/json)") {
        Ok(value) => Ok(value),
        Err(Error::Decode(e)) => Err(e.message),
        Err(other) => panic!("a 200 JSON body should decode or be Error::Decode, got {other:?}"),
    }
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct Profile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    logins: Option<i64>,
    #[serde(default)]
    identities: Option<Vec<Identity>>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct Identity {
    #[serde(default)]
    provider: Option<String>,
    #[serde(rename = "isSocial", default)]
    is_social: Option<bool>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Metadata {
    global_id: String,
    #[serde(default)]
    extra: Option<serde_json::Value>,
}

#[test]
fn an_array_is_not_accepted_where_a_struct_is_expected() {
    for body in ["[]", "[null]", r#"["Ada", 3]"#] {
        let message = decode::<Profile>(body).expect_err(body);
        assert!(
            message.contains("invalid type: sequence, expected struct Profile"),
            "{body}: the message should say an array came where an object was expected: {message}"
        );
    }
    let nested = decode::<Profile>(r#"{"identities":[{"provider":"github"},[]]}"#)
        .expect_err("identities[1] is an array");
    assert_eq!(
        nested,
        "invalid type: sequence, expected struct Identity at `identities[1]`"
    );
    for scalar in ["\"Ada\"", "3", "true", "null"] {
        assert!(
            decode::<Profile>(scalar).is_err(),
            "{scalar} is not an object"
        );
    }
}

#[test]
fn objects_decode_as_before() {
    assert_eq!(decode::<Profile>("{}").unwrap(), Profile::default());
    let profile: Profile = decode(
        r#"{"name":"Ada","logins":42,"unknown":{"deep":[1,2]},
            "identities":[{"provider":"github","isSocial":true,"profileData":{}}],
            "metadata":{"global_id":"g","extra":{"n":-1,"f":1.5,"big":18446744073709551615,"s":"x","l":[null,true]}}}"#,
    )
    .unwrap();
    assert_eq!(profile.name.as_deref(), Some("Ada"));
    assert_eq!(profile.logins, Some(42));
    assert_eq!(
        profile.identities.unwrap()[0],
        Identity {
            provider: Some("github".into()),
            is_social: Some(true)
        }
    );
    let extra = profile.metadata.unwrap().extra.unwrap();
    assert_eq!(
        extra,
        serde_json::json!({"n":-1,"f":1.5,"big":18446744073709551615u64,"s":"x","l":[null,true]}),
        "free-form values keep their numbers exactly"
    );
    // `null` for an optional field is None.
    assert_eq!(decode::<Profile>(r#"{"name":null}"#).unwrap().name, None);
    // Maps (additionalProperties) and integers from floats that are whole stay as serde does.
    let map: BTreeMap<String, i64> = decode(r#"{"a":1,"b":-2}"#).unwrap();
    assert_eq!(map.get("b"), Some(&-2));
    let float: f64 = decode("3").unwrap();
    assert_eq!(float, 3.0);
}

#[test]
fn shape_errors_say_where_they_are_and_syntax_errors_say_the_line_and_column() {
    assert_eq!(
        decode::<Profile>(r#"{"metadata":{"extra":1}}"#).unwrap_err(),
        "missing field `global_id` at `metadata`"
    );
    assert_eq!(
        decode::<Profile>(r#"{"logins":"many"}"#).unwrap_err(),
        "invalid type: string \"many\", expected i64 at `logins`"
    );
    assert_eq!(
        decode::<Profile>(r#"{"identities":[{"isSocial":"yes"}]}"#).unwrap_err(),
        "invalid type: string \"yes\", expected a boolean at `identities[0].isSocial`"
    );
    let syntax = decode::<Profile>(r#"{"name":"Ad"#).unwrap_err();
    assert!(
        syntax.contains("EOF while parsing") && syntax.contains("line 1 column"),
        "{syntax}"
    );
    let tuple = decode::<(i64, i64)>("[1,2,3]").unwrap_err();
    assert!(tuple.contains("invalid length 3"), "{tuple}");
}

#[test]
fn enums_decode_in_every_form_the_generator_emits() {
    // String enums that keep unknown values (`#[serde(from = "String")]`).
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(from = "String")]
    enum TokenType {
        Bearer,
        UnknownValue(String),
    }
    impl From<String> for TokenType {
        fn from(value: String) -> Self {
            match value.as_str() {
                "Bearer" => TokenType::Bearer,
                _ => TokenType::UnknownValue(value),
            }
        }
    }
    assert_eq!(
        decode::<TokenType>("\"Bearer\"").unwrap(),
        TokenType::Bearer
    );
    assert_eq!(
        decode::<TokenType>("\"DPoP\"").unwrap(),
        TokenType::UnknownValue("DPoP".into())
    );

    // oneOf without a discriminator (`#[serde(untagged)]`).
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Either {
        Identity(Identity),
        Text(String),
    }
    assert_eq!(
        decode::<Either>(r#"{"provider":"github"}"#).unwrap(),
        Either::Identity(Identity {
            provider: Some("github".into()),
            is_social: None
        })
    );
    assert_eq!(decode::<Either>("\"x\"").unwrap(), Either::Text("x".into()));

    // Internally tagged (discriminator) and externally tagged enums.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind")]
    enum Pet {
        Cat { lives: i64 },
    }
    assert_eq!(
        decode::<Pet>(r#"{"kind":"Cat","lives":9}"#).unwrap(),
        Pet::Cat { lives: 9 }
    );
    #[derive(Debug, PartialEq, Deserialize)]
    enum External {
        Unit,
        Wrapped(i64),
        Named { n: i64 },
    }
    assert_eq!(decode::<External>("\"Unit\"").unwrap(), External::Unit);
    assert_eq!(
        decode::<External>(r#"{"Wrapped":5}"#).unwrap(),
        External::Wrapped(5)
    );
    assert_eq!(
        decode::<External>(r#"{"Named":{"n":1}}"#).unwrap(),
        External::Named { n: 1 }
    );
    assert!(decode::<External>(r#"{"Named":[1]}"#).is_err());
}

#[test]
fn a_declared_error_body_that_is_an_array_is_kept_raw() {
    #[derive(Debug, Deserialize)]
    struct OAuthError {
        #[serde(default)]
        #[allow(dead_code)]
        error: Option<String>,
    }
    match json_response(400, "[]").api_error::<OAuthError, OAuthError>(Media::Json, |e| e) {
        Error::UnexpectedStatus(raw) => assert_eq!(raw.body, b"[]"),
        other => {
            panic!("`[]` is not an OAuthError object; expected UnexpectedStatus, got {other:?}")
        }
    }
}
