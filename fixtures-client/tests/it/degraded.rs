//! Parts of a document with no typed form, generated untyped (`degraded.yaml`): what each
//! puts on the wire is still exactly what the document says.

use crate::support::{header, only_request, serve};
use fixtures_client::degraded::models::{Color, Shapes};
use fixtures_client::degraded::operations::{
    FilterParams, GetFileParams, PostShapesResponse, SearchParams,
};
use fixtures_client::degraded::Client;
use wiremock::ResponseTemplate;

async fn client_for(server: &wiremock::MockServer) -> Client {
    // The server URL's `{tenant}` has no default: the base URL is given.
    Client::with_base_url(&format!("{}/api", server.uri()))
        .unwrap()
        .with_key_api_key("k1")
}

#[tokio::test]
async fn an_undeclared_path_variable_is_a_percent_encoded_string_and_an_unknown_response_type_is_bytes(
) {
    let yaml = b"a: [1, 2]\n\xff".to_vec();
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(yaml.clone(), "application/x-yaml")).await;
    let params = GetFileParams {
        item_id: 7,
        file_name: "a b/c?d".into(),
    };
    let body = client_for(&server)
        .await
        .get_file(&params)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(body, yaml, "the bytes the server sent, untouched");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/items/7/files/a%20b%2Fc%3Fd");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/x-yaml")
    );
    // The document's security: the alternative naming an undefined scheme is dropped, the
    // other one (`key`) applies.
    assert_eq!(header(&request, "x-key").as_deref(), Some("k1"));
}

#[tokio::test]
async fn an_xml_body_is_sent_as_given_with_its_content_type() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_raw(b"\x01\x02".to_vec(), "application/vnd.example.custom"),
    )
    .await;
    let xml = "<a>é</a>";
    let back = client_for(&server)
        .await
        .post_xml(xml)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(back, vec![1, 2]);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/xml");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/xml")
    );
    assert_eq!(request.body, xml.as_bytes());
    // Its only security alternative names an undefined scheme: no credential is sent.
    assert_eq!(header(&request, "x-key"), None);
}

#[tokio::test]
async fn an_unknown_request_type_is_bytes_with_its_content_type() {
    let server = serve(ResponseTemplate::new(204)).await;
    let bytes = [0u8, 159, 146, 150, 10];
    client_for(&server).await.put_proto(&bytes).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-protobuf")
    );
    assert_eq!(request.body, bytes);
}

#[tokio::test]
async fn an_event_stream_alone_is_read_whole_as_bytes() {
    let events = b"data: one\n\ndata: two\n\n".to_vec();
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(events.clone(), "text/event-stream")).await;
    let body = client_for(&server)
        .await
        .get_events()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(body, events);
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("text/event-stream")
    );
}

#[tokio::test]
async fn all_of_annotations_keep_the_referenced_type_and_false_properties_are_left_out() {
    let answer =
        br#"{"color":"green","count":2,"mixed":{"name":"x"},"never":1,"anything":[1,"a"]}"#;
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(answer.to_vec(), "application/json")).await;
    let shapes = Shapes::builder()
        .color(Color::Red)
        .count(3)
        .build()
        .with_anything(serde_json::json!({"k": null}))
        .with_mixed(serde_json::json!("text"));
    let back = client_for(&server)
        .await
        .post_shapes(&shapes)
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"anything": {"k": null}, "color": "red", "count": 3, "mixed": "text"})
    );
    let PostShapesResponse::Status200ApplicationJson(back) = back else {
        panic!("read as application/json: {back:?}");
    };
    assert_eq!(back.color, Color::Green);
    assert_eq!(back.count, 2);
    assert_eq!(back.mixed, Some(serde_json::json!({"name": "x"})));
    assert_eq!(back.anything, Some(serde_json::json!([1, "a"])));
}

#[tokio::test]
async fn deep_object_on_an_array_uses_the_bracket_convention() {
    let server = serve(ResponseTemplate::new(204)).await;
    let params = SearchParams {
        expand: Some(vec!["data.customer".into(), "a b&c".into()]),
    };
    client_for(&server).await.search(&params).await.unwrap();
    let request = only_request(&server).await;
    // Brackets percent-encoded as for objects (3.1.1's table); servers read `expand[0]=...`.
    assert_eq!(
        request.url.query(),
        Some("expand%5B0%5D=data.customer&expand%5B1%5D=a%20b%26c")
    );
}

#[tokio::test]
async fn deep_object_through_refs_follows_the_schema_they_name() {
    let server = serve(ResponseTemplate::new(204)).await;
    let params = FilterParams {
        ids: Some(vec!["a".into(), "b c".into()]),
        mode: Some("fast&slow".into()),
    };
    client_for(&server).await.filter(&params).await.unwrap();
    let request = only_request(&server).await;
    // `ids` names a list: the bracket convention; `mode` names a string: `mode=value`.
    assert_eq!(
        request.url.query(),
        Some("ids%5B0%5D=a&ids%5B1%5D=b%20c&mode=fast%26slow")
    );
}
