//! What each parameter style puts on the wire (`generator/tests/fixtures/compile/parameters.yaml`),
//! against the OpenAPI specification's "Style Examples" (3.1.1 §4.8.12.4, the values `"blue"`,
//! `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`).
//!
//! An object's members go on the wire in the order of the generated struct's fields, which is
//! by wire name (`B`, `G`, `R`) whatever the order in the spec: the same object as the table's.

use std::collections::BTreeMap;

use crate::support::{header, no_content, only_request};
use fixtures_client::parameters::models::{Color, QueryStylesFilter};
use fixtures_client::parameters::operations::*;
use fixtures_client::parameters::Client;

fn colors() -> Vec<String> {
    vec!["blue".into(), "black".into(), "brown".into()]
}

/// Members go on the wire in the document's order (`R`, `G`, `B`).
fn color() -> Color {
    Color::builder().r(100).g(200).b(150).build()
}

async fn client(server: &wiremock::MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

#[tokio::test]
async fn simple_style_path_parameters_and_a_path_level_parameter_overridden_by_the_operation() {
    let server = no_content().await;
    let params = PathSimpleParams::builder()
        .string("blue")
        .array(colors())
        .object(color())
        .object_exploded(color())
        .x_trace("trace-1")
        .build();
    client(&server).await.path_simple(&params).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/simple/blue/blue,black,brown/R,100,G,200,B,150/R=100,G=200,B=150"
    );
    // Declared at path level as an integer, by the operation as a required string: the
    // operation's declaration wins.
    assert_eq!(header(&request, "x-trace").as_deref(), Some("trace-1"));
}

#[tokio::test]
async fn label_style_path_parameters() {
    let server = no_content().await;
    let params = PathLabelParams::builder()
        .string("blue")
        .array(colors())
        .array_exploded(colors())
        .object(color())
        .object_exploded(color())
        .build();
    client(&server).await.path_label(&params).await.unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/label/.blue/.blue,black,brown/.blue.black.brown/.R,100,G,200,B,150/.R=100.G=200.B=150"
    );
}

#[tokio::test]
async fn matrix_style_path_parameters() {
    let server = no_content().await;
    let params = PathMatrixParams::builder()
        .string("blue")
        .empty("")
        .array(colors())
        .array_exploded(colors())
        .object(color())
        .object_exploded(color())
        .build();
    client(&server).await.path_matrix(&params).await.unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/matrix/;string=blue/;empty/;array=blue,black,brown\
         /;arrayExploded=blue;arrayExploded=black;arrayExploded=brown\
         /;object=R,100,G,200,B,150/;R=100;G=200;B=150"
    );
}

#[tokio::test]
async fn path_values_are_percent_encoded_within_their_segment() {
    let server = no_content().await;
    let params = PathSimpleParams::builder()
        .string("a/b?c#d e")
        .array(vec!["x,y".to_owned()])
        .object(color())
        .object_exploded(color())
        .x_trace("t")
        .build();
    client(&server).await.path_simple(&params).await.unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/simple/a%2Fb%3Fc%23d%20e/x%2Cy/R,100,G,200,B,150/R=100,G=200,B=150"
    );
}

#[tokio::test]
async fn query_styles() {
    let server = no_content().await;
    let params = QueryStylesParams::new()
        .string("blue")
        .empty("")
        .number(1.5)
        .flag(true)
        .form_exploded(colors())
        .form(colors())
        .form_object(color())
        .spaced(colors())
        .piped(colors())
        .piped_object(color())
        .deep(color())
        .reserved("/a/b?c=d")
        .escaped("a b&c=d/é+")
        .filter(QueryStylesFilter::new().with_name("x").with_limit(5))
        .status("sold out")
        .ids(vec![1, 2, 3]);
    client(&server)
        .await
        .query_styles(&params)
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    let expected = [
        "string=blue",
        "empty=",
        "number=1.5",
        "flag=true",
        "formExploded=blue&formExploded=black&formExploded=brown",
        "form=blue,black,brown",
        "formObject=R,100,G,200,B,150",
        "spaced=blue%20black%20brown",
        "piped=blue%7Cblack%7Cbrown",
        "pipedObject=R%7C100%7CG%7C200%7CB%7C150",
        // Brackets percent-encoded, as in OpenAPI 3.1.1's table (RFC 3986 does not allow them
        // bare in a query); servers decode them before reading the key.
        "deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150",
        // allowReserved keeps reserved characters, except those that would end the value.
        "reserved=/a/b?c%3Dd",
        "escaped=a%20b%26c%3Dd%2F%C3%A9%2B",
        // `content: application/json`: the JSON text, percent-encoded.
        "filter=%7B%22name%22%3A%22x%22%2C%22limit%22%3A5%7D",
        "status=sold%20out",
        "ids=1,2,3",
    ]
    .join("&");
    assert_eq!(request.url.query(), Some(expected.as_str()));
    // And a server's own parser reads the values back.
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("escaped".into(), "a b&c=d/é+".into())));
    assert!(pairs.contains(&("reserved".into(), "/a/b?c=d".into())));
    assert!(pairs.contains(&("filter".into(), r#"{"name":"x","limit":5}"#.into())));
    assert!(pairs.contains(&("deep[G]".into(), "200".into())));
}

#[tokio::test]
async fn unset_optional_query_parameters_are_left_out() {
    let server = no_content().await;
    client(&server)
        .await
        .query_styles(&QueryStylesParams::new().string("blue"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(only_request(&server).await.url.query(), Some("string=blue"));
}

#[tokio::test]
async fn form_exploded_objects_spread_their_members() {
    let server = no_content().await;
    let extra: BTreeMap<String, String> = [("k 1".to_owned(), "v".to_owned())].into();
    let params = QueryExplodedObjectParams::new(color()).extra(extra);
    client(&server)
        .await
        .query_exploded_object(&params)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("R=100&G=200&B=150&k%201=v")
    );
}

#[tokio::test]
async fn header_and_cookie_parameters() {
    let server = no_content().await;
    let params = HeadersAndCookiesParams::builder()
        .x_string("plain")
        .session("abc 1")
        .build()
        .x_array(colors())
        .x_object(color())
        .x_object_exploded(color())
        .x_json(color())
        .tags(colors())
        .count(3);
    client(&server)
        .await
        .headers_and_cookies(&params)
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-string").as_deref(), Some("plain"));
    assert_eq!(
        header(&request, "x-array").as_deref(),
        Some("blue,black,brown")
    );
    assert_eq!(
        header(&request, "x-object").as_deref(),
        Some("R,100,G,200,B,150")
    );
    assert_eq!(
        header(&request, "x-object-exploded").as_deref(),
        Some("R=100,G=200,B=150")
    );
    assert_eq!(
        header(&request, "x-json").as_deref(),
        Some(r#"{"R":100,"G":200,"B":150}"#)
    );
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session=abc%201; tags=blue,black,brown; count=3")
    );
    // The `Accept` parameter is ignored, as OpenAPI says; the responses decide the header.
    assert_eq!(header(&request, "accept").as_deref(), Some("*/*"));
}
