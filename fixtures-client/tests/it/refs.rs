//! `$ref` wherever it may stand (`generator/tests/fixtures/compile/refs.yaml`): the referenced
//! parameters, bodies, responses and path items behave on the wire as if written in place.

use crate::support::{header, only_request, serve};
use fixtures_client::refs::models::{Owner, Pet, PetProblem};
use fixtures_client::refs::operations::{GetPetParams, ReplacePetParams};
use fixtures_client::refs::{Client, Error};
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn referenced_parameters_and_responses() {
    let server = serve(json(
        200,
        r#"{"id":7,"name":"Rex","owner":"Ann","tags":["good"]}"#,
    ))
    .await;
    // `petId` from components (path-level), `verbose` from components, `X-Request-Id` through
    // a pointer into another operation's parameters.
    let params = GetPetParams::new(7).verbose(true).x_request_id("r-1");
    let pet = client(&server).get_pet(&params).await.unwrap().into_inner();
    assert_eq!(
        pet,
        Pet::builder()
            .id(7)
            .name("Rex")
            .build()
            .with_owner("Ann")
            .with_tags(vec!["good".into()])
    );
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7");
    assert_eq!(request.url.query(), Some("verbose=true"));
    assert_eq!(header(&request, "x-request-id").as_deref(), Some("r-1"));
}

#[tokio::test]
async fn a_response_referencing_a_response_referencing_a_percent_encoded_schema() {
    let server = serve(json(404, r#"{"message":"no such pet"}"#)).await;
    // The only required input is the path's `petId`: the value alone is the parameters.
    let error = client(&server).get_pet(8).await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("{error:?}")
    };
    assert_eq!(api.body, PetProblem::new().with_message("no such pet"));
}

#[tokio::test]
async fn a_referenced_request_body_and_a_schema_referenced_through_paths() {
    let server = serve(json(200, r#"{"name":"Ann"}"#)).await;
    let pet = Pet::builder().id(7).name("Rex").build();
    let owner = client(&server)
        .replace_pet(&ReplacePetParams::new(7), &pet)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(owner, Owner::new().with_name("Ann"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/pets/7");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"id":7,"name":"Rex"}"#);
}

#[tokio::test]
async fn a_path_item_from_components() {
    let server = serve(json(200, r#"[{"id":1,"name":"Tom"}]"#)).await;
    let animals = client(&server).list_animals().await.unwrap().into_inner();
    assert_eq!(animals.len(), 1);
    assert_eq!(only_request(&server).await.url.path(), "/animals");
}

#[tokio::test]
async fn declared_response_headers_are_typed_accessors() {
    let pet = Pet::builder().id(7).name("Rex").build();
    let replace = |server: &MockServer| {
        let client = client(server);
        let pet = pet.clone();
        async move { client.replace_pet(&ReplacePetParams::new(7), &pet).await }
    };
    // `X-Rate-Limit` is `type: integer` (through `components/headers`).
    let server = serve(json(200, r#"{"name":"Ann"}"#).insert_header("x-rate-limit", "42")).await;
    let owner = replace(&server).await.unwrap();
    assert_eq!(owner.typed_headers().x_rate_limit(), Some(42));
    assert_eq!(owner.name.as_deref(), Some("Ann"));
    // Optional: absent is `None`.
    let server = serve(json(200, r#"{"name":"Ann"}"#)).await;
    assert_eq!(
        replace(&server)
            .await
            .unwrap()
            .typed_headers()
            .x_rate_limit(),
        None
    );
    // Not an integer: the response does not match the document.
    let server = serve(json(200, r#"{"name":"Ann"}"#).insert_header("x-rate-limit", "many")).await;
    let error = replace(&server).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode(_)) && error.to_string().contains("x-rate-limit"),
        "{error}"
    );
    // `ETag` is a string, read as its text.
    let server = serve(json(200, r#"{"id":7,"name":"Rex"}"#).insert_header("etag", "\"v1\"")).await;
    let fetched = client(&server)
        .get_pet(&GetPetParams::new(7))
        .await
        .unwrap();
    assert_eq!(fetched.typed_headers().e_tag(), Some("\"v1\""));
}
