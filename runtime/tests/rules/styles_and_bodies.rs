//! The runtime every generated crate carries (`openapi-client-runtime`), compiled here so its
//! serialization and decoding rules are tested once, against the OpenAPI specification's own
//! "Style Examples" table (OpenAPI 3.0.3 §4.7.12.4: `color` is the string "blue", the array
//! ["blue","black","brown"], or the object {"R":100,"G":200,"B":150}).

use openapi_client_runtime::*;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::json;

type E = ();

fn query(style: QueryStyle, explode: bool, value: serde_json::Value) -> String {
    let mut q = Query::default();
    q.add::<_, E>("color", &value, style, explode, false)
        .unwrap();
    let mut url = url::Url::parse("http://h/p").unwrap();
    q.apply(&mut url);
    url.query().unwrap_or("").to_owned()
}

fn primitive() -> serde_json::Value {
    json!("blue")
}
fn array() -> serde_json::Value {
    json!(["blue", "black", "brown"])
}
fn object() -> serde_json::Value {
    json!({"R": 100, "G": 200, "B": 150})
}

#[test]
fn form_style_matches_the_openapi_table() {
    assert_eq!(query(QueryStyle::Form, false, primitive()), "color=blue");
    assert_eq!(
        query(QueryStyle::Form, false, array()),
        "color=blue,black,brown"
    );
    assert_eq!(
        query(QueryStyle::Form, true, array()),
        "color=blue&color=black&color=brown"
    );
    // serde_json keeps object keys sorted; the pairs themselves follow the table's shape.
    assert_eq!(
        query(QueryStyle::Form, false, object()),
        "color=B,150,G,200,R,100"
    );
    assert_eq!(query(QueryStyle::Form, true, object()), "B=150&G=200&R=100");
}

#[test]
fn delimited_and_deep_object_styles_match_the_openapi_table() {
    assert_eq!(
        query(QueryStyle::SpaceDelimited, false, array()),
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query(QueryStyle::PipeDelimited, false, array()),
        "color=blue%7Cblack%7Cbrown"
    );
    // The table prints the brackets bare; RFC 3986 does not allow `[` `]` in a query, so they are
    // percent-encoded, which every server decodes back to `color[B]`.
    let deep = query(QueryStyle::DeepObject, true, object());
    assert_eq!(deep, "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100");
    let decoded: Vec<(String, String)> = url::form_urlencoded::parse(deep.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(decoded[0], ("color[B]".to_owned(), "150".to_owned()));
}

#[test]
fn query_values_are_percent_encoded_so_the_server_gets_them_back() {
    let tricky = "http://127.0.0.1:9/cb?a=1&b=2#frag %zz ünï+";
    let text = query(QueryStyle::Form, true, json!(tricky));
    assert_eq!(
        text,
        "color=http%3A%2F%2F127.0.0.1%3A9%2Fcb%3Fa%3D1%26b%3D2%23frag%20%25zz%20%C3%BCn%C3%AF%2B"
    );
    let decoded: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(decoded, [("color".to_owned(), tricky.to_owned())]);
    // Items of a space-delimited list are encoded one by one: a space inside an item is not a
    // delimiter the server could split on... it is, by definition of the style, so it is `%20` too.
    assert_eq!(
        query(QueryStyle::SpaceDelimited, false, json!(["a&b", "c"])),
        "color=a%26b%20c"
    );
}

#[test]
fn allow_reserved_keeps_reserved_characters() {
    let mut q = Query::default();
    q.add::<_, E>("path", "/a/b:c", QueryStyle::Form, true, true)
        .unwrap();
    let mut url = url::Url::parse("http://h/").unwrap();
    q.apply(&mut url);
    assert_eq!(url.query(), Some("path=/a/b:c"));
}

fn path(style: PathStyle, explode: bool, value: serde_json::Value) -> String {
    path_param::<_, E>("color", &value, style, explode).unwrap()
}

#[test]
fn path_styles_match_the_openapi_table() {
    use PathStyle::*;
    assert_eq!(path(Simple, false, primitive()), "blue");
    assert_eq!(path(Simple, false, array()), "blue,black,brown");
    assert_eq!(path(Simple, false, object()), "B,150,G,200,R,100");
    assert_eq!(path(Simple, true, object()), "B=150,G=200,R=100");
    assert_eq!(path(Label, false, primitive()), ".blue");
    assert_eq!(path(Label, false, array()), ".blue,black,brown");
    assert_eq!(path(Label, true, array()), ".blue.black.brown");
    assert_eq!(path(Label, false, object()), ".B,150,G,200,R,100");
    assert_eq!(path(Label, true, object()), ".B=150.G=200.R=100");
    assert_eq!(path(Matrix, false, primitive()), ";color=blue");
    assert_eq!(path(Matrix, false, array()), ";color=blue,black,brown");
    assert_eq!(
        path(Matrix, true, array()),
        ";color=blue;color=black;color=brown"
    );
    assert_eq!(path(Matrix, false, object()), ";color=B,150,G,200,R,100");
    assert_eq!(path(Matrix, true, object()), ";B=150;G=200;R=100");
}

#[test]
fn path_values_cannot_escape_their_segment() {
    assert_eq!(
        path(PathStyle::Simple, false, json!("../a/b?c#d")),
        "..%2Fa%2Fb%3Fc%23d"
    );
}

#[test]
fn form_bodies_repeat_lists_send_objects_as_json_and_leave_out_nulls() {
    let body = form_body::<_, E>(
        &json!({
            "grant_type": "authorization_code",
            "scope": ["a", "b c"],
            "schema": {"migration": 1},
            "state": null,
            "n": 5,
        }),
        &[],
    )
    .unwrap();
    assert_eq!(
        body,
        "grant_type=authorization_code&n=5&schema=%7B%22migration%22%3A1%7D&scope=a&scope=b+c"
    );
    assert!(matches!(
        form_body::<_, E>(&json!(["not", "an", "object"]), &[]),
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn headers_and_cookies_use_simple_and_form_styles() {
    let mut headers = HeaderMap::new();
    header_param::<_, E>(&mut headers, "x-colors", &array(), false, false).unwrap();
    assert_eq!(headers["x-colors"], "blue,black,brown");
    assert!(matches!(
        header_param::<_, E>(&mut headers, "x-bad", "line\nbreak", false, false),
        Err(Error::InvalidRequest(_))
    ));
    let mut cookies = Cookies::default();
    cookies.add::<_, E>("session", "a b;c", true).unwrap();
    cookies.add::<_, E>("ids", &json!([1, 2]), false).unwrap();
    let mut headers = HeaderMap::new();
    cookies.apply::<E>(&mut headers).unwrap();
    assert_eq!(headers["cookie"], "session=a%20b%3Bc; ids=1,2");
}

#[test]
fn credentials_follow_the_first_satisfiable_alternative() {
    let credentials = vec![
        Some(Credential::Header {
            name: "x-key",
            value: "k".into(),
        }),
        None,
        Some(Credential::Basic {
            username: "u".into(),
            password: Some("p".into()),
        }),
    ];
    let apply = |alternatives: &[&[usize]]| {
        let (mut q, mut h, mut c) = (Query::default(), HeaderMap::new(), Cookies::default());
        apply_credentials::<E>(&credentials, alternatives, &mut q, &mut h, &mut c).unwrap();
        h
    };
    // Bearer (index 1) is not configured, so the second alternative is used.
    let headers = apply(&[&[1], &[0, 2]]);
    assert_eq!(headers["x-key"], "k");
    assert_eq!(headers["authorization"], "Basic dTpw");
    assert!(headers["x-key"].is_sensitive());
    // Nothing satisfiable: nothing sent.
    assert!(apply(&[&[1]]).is_empty());
}

#[test]
fn joining_keeps_one_slash_between_base_and_path() {
    for base in ["http://h/pieces", "http://h/pieces/", "http://h/pieces//"] {
        let url = join_url::<E>(&url::Url::parse(base).unwrap(), "/oauth/token").unwrap();
        assert_eq!(url.as_str(), "http://h/pieces/oauth/token", "base {base}");
    }
    let url = join_url::<E>(&url::Url::parse("http://h").unwrap(), "/x").unwrap();
    assert_eq!(url.as_str(), "http://h/x");
}

fn response(status: u16, content_type: Option<&str>, body: &str) -> RawResponse {
    let mut headers = HeaderMap::new();
    if let Some(ct) = content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
    }
    RawResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: body.as_bytes().to_vec(),
        secret_fields: &[],
    }
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Token {
    access_token: String,
}

#[test]
fn json_decoding_checks_the_media_type_and_keeps_the_body_on_failure() {
    let ok: Token = response(
        200,
        Some("application/json; charset=utf-8"),
        r#"{"access_token":"t","extra":1}"#,
    )
    .decode::<_, E>(Media::Json, "Token (application/json)")
    .unwrap();
    assert_eq!(ok.access_token, "t");
    let problem =
        |r: RawResponse| match r.decode::<Token, E>(Media::Json, "Token (application/json)") {
            Err(Error::Decode(e)) => e,
            other => panic!("expected a decode error, got {other:?}"),
        };
    let truncated = problem(response(200, Some("application/json"), r#"{"access_tok"#));
    let text = truncated.to_string();
    assert!(
        text.contains("Token (application/json)") && text.contains(r#"body starts: {"access_tok"#),
        "{text}"
    );
    let html = problem(response(200, Some("text/html"), "<html>login</html>"));
    assert!(
        html.to_string().contains("content type is `text/html`"),
        "{html}"
    );
    assert_eq!(html.response.body, b"<html>login</html>");
    // `+json` media types are JSON too.
    let problem_json: Result<Token, Error<E>> = response(
        200,
        Some("application/problem+json"),
        r#"{"access_token":"t"}"#,
    )
    .decode(Media::Json, "Token");
    assert!(problem_json.is_ok());
}

#[test]
fn form_and_text_decoding() {
    #[derive(Debug, serde::Deserialize)]
    struct Pkce {
        code: String,
        state: String,
    }
    let pkce: Pkce = response(
        200,
        Some("application/x-www-form-urlencoded"),
        "code=a%2Bb&state=x+y",
    )
    .decode::<_, E>(Media::Form, "ResultedPkce")
    .unwrap();
    assert_eq!((pkce.code.as_str(), pkce.state.as_str()), ("a+b", "x y"));
    let html: String = response(200, Some("text/html; charset=utf-8"), "<p>bye</p>")
        .decode::<_, E>(Media::Text, "string")
        .unwrap();
    assert_eq!(html, "<p>bye</p>");
    let mut latin = response(200, Some("text/plain; charset=ISO-8859-1"), "");
    latin.body = vec![0x63, 0x61, 0x66, 0xE9];
    assert_eq!(
        latin.decode::<String, E>(Media::Text, "string").unwrap(),
        "café"
    );
}

#[test]
fn declared_errors_decode_and_undecodable_ones_keep_the_raw_response() {
    #[derive(Debug, serde::Deserialize)]
    struct OAuthError {
        error: String,
    }
    let api = response(
        400,
        Some("application/json"),
        r#"{"error":"invalid_grant"}"#,
    )
    .api_error::<OAuthError, OAuthError>(Media::Json, std::convert::identity);
    match api {
        Error::Api(e) => {
            assert_eq!(
                (e.status.as_u16(), e.body.error.as_str()),
                (400, "invalid_grant")
            );
            assert_eq!(e.raw_body, br#"{"error":"invalid_grant"}"#);
        }
        other => panic!("expected Api, got {other:?}"),
    }
    let html = response(401, Some("text/html"), "<h1>401</h1>")
        .api_error::<OAuthError, OAuthError>(Media::Json, std::convert::identity);
    match html {
        Error::UnexpectedStatus(raw) => {
            assert_eq!(raw.status.as_u16(), 401);
            assert_eq!(raw.text(), "<h1>401</h1>");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(html_status(), Some(StatusCode::UNAUTHORIZED));
}

fn html_status() -> Option<StatusCode> {
    let error: Error<E> = response(401, Some("text/html"), "")
        .unexpected::<(), E>()
        .unwrap_err();
    error.status()
}

#[test]
fn base64_round_trips() {
    let value = Base64(vec![0, 1, 2, 250]);
    let text = serde_json::to_string(&value).unwrap();
    assert_eq!(text, "\"AAEC+g==\"");
    assert_eq!(serde_json::from_str::<Base64>(&text).unwrap(), value);
    assert!(serde_json::from_str::<Base64>("\"not base64!\"").is_err());
}
