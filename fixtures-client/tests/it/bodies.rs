//! Request bodies and responses of every media type (`generator/tests/fixtures/compile/bodies.yaml`):
//! what goes on the wire, and what each response becomes.

use crate::support::{header, only_request, serve};
use fixtures_client::bodies::models::{
    Color, Job, Pet, Problem, SubmitFormBody, Upload, UploadFileBody,
};
use fixtures_client::bodies::operations::{
    GetPetAsJsonOrTextResponse, GetPetOrJobError, GetPetOrJobResponse,
};
use fixtures_client::bodies::{reqwest, Binary, Client, Error};
use futures_util::StreamExt;
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).unwrap()
}

fn json(status: u16, media_type: &str, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), media_type)
}

fn rex() -> Pet {
    Pet::new("Rex").with_tag("dog")
}

#[tokio::test]
async fn json_body_and_response() {
    let server = serve(json(201, "application/json", r#"{"id":7,"name":"Rex"}"#)).await;
    let created = client(&server)
        .create_pet(&rex())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created, Pet::new("Rex").with_id(7));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/json, application/problem+json")
    );
    // Absent optional fields are left out, not sent as null.
    assert_eq!(request.body, br#"{"name":"Rex","tag":"dog"}"#);
}

#[tokio::test]
async fn a_plus_json_error_range_decodes_into_the_declared_error() {
    let server = serve(json(
        422,
        "application/problem+json",
        r#"{"title":"bad name","status":422}"#,
    ))
    .await;
    let error = client(&server).create_pet(&rex()).await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(
        api.body,
        Problem::new().with_title("bad name").with_status(422)
    );
    // A status outside the declared ones keeps the whole response.
    let server = serve(json(500, "text/plain", "oops")).await;
    let error = client(&server).create_pet(&rex()).await.unwrap_err();
    let Error::UnexpectedStatus(raw) = error else {
        panic!("{error:?}")
    };
    assert_eq!(raw.body, b"oops");
}

#[tokio::test]
async fn vendor_json_media_types_and_an_optional_body() {
    let server = serve(json(
        200,
        "application/vnd.pets.v2+json; charset=utf-8",
        r#"{"name":"Rex"}"#,
    ))
    .await;
    // An optional body is passed as `&body` (or `None`), no `Some(&..)`.
    let pet = client(&server)
        .patch_pet(&rex())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pet.name, "Rex");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/merge-patch+json")
    );
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/vnd.pets.v2+json; charset=utf-8")
    );

    let server = serve(json(200, "application/json", "5")).await;
    assert_eq!(
        client(&server)
            .maybe_create(None)
            .await
            .unwrap()
            .into_inner(),
        5
    );
    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);

    // The same operation with its body: the JSON and its type; `Some(&..)` still works.
    let server = serve(json(200, "application/json", "6")).await;
    let pet = rex();
    let with_body = client(&server).maybe_create(&pet).await.unwrap();
    assert_eq!(*with_body, 6);
    let request = only_request(&server).await;
    assert_eq!(request.body, br#"{"name":"Rex","tag":"dog"}"#);
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    let request = client(&server).maybe_create_request(Some(&pet)).unwrap();
    assert_eq!(
        request.body().and_then(|b| b.as_bytes()),
        Some(&br#"{"name":"Rex","tag":"dog"}"#[..])
    );
}

#[tokio::test]
async fn form_body_with_encoding_styles() {
    let server = serve(ResponseTemplate::new(204)).await;
    let color = || Color::builder().r(1).g(2).b(3).build();
    let body = SubmitFormBody::new("a b&c")
        .with_tags(vec!["x".into(), "y".into()])
        .with_csv(vec!["x".into(), "y".into()])
        .with_color(color())
        .with_position(color());
    client(&server).submit_form(&body).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        // In the document's order. `tags`: repeated; `csv`: form without explode (its
        // encoding); `color`: deepObject (its encoding); `position`: an object without
        // encoding, as JSON text.
        "name=a+b%26c&tags=x&tags=y&csv=x,y&color%5BR%5D=1&color%5BG%5D=2&color%5BB%5D=3\
         &position=%7B%22R%22%3A1%2C%22G%22%3A2%2C%22B%22%3A3%7D"
    );
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    assert!(fields.contains(&("name".into(), "a b&c".into())));
    assert!(fields.contains(&("color[G]".into(), "2".into())));
}

#[tokio::test]
async fn multipart_body_with_file_parts() {
    let server = serve(json(
        201,
        "application/json",
        r#"{"name":"photo","size":4}"#,
    ))
    .await;
    let body = UploadFileBody::builder()
        .name("holiday")
        .file(vec![0x89, b'P', b'N', b'G'])
        .build()
        .with_count(2)
        .with_tags(vec!["a".into(), "b".into()])
        .with_meta(Color::builder().r(1).g(2).b(3).build());
    let upload = client(&server)
        .upload_file(&body)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(upload, Upload::new().with_name("photo").with_size(4));
    let request = only_request(&server).await;
    let boundary = "openapi-rust-generator-boundary";
    assert_eq!(
        header(&request, "content-type"),
        Some(format!("multipart/form-data; boundary={boundary}"))
    );
    let part = |headers: &str, data: &[u8]| {
        let mut part = format!("--{boundary}\r\n{headers}\r\n\r\n").into_bytes();
        part.extend_from_slice(data);
        part.extend_from_slice(b"\r\n");
        part
    };
    // The parts in the document's order.
    let mut expected = Vec::new();
    expected.extend(part(
        r#"Content-Disposition: form-data; name="name""#,
        b"holiday",
    ));
    expected.extend(part(
        r#"Content-Disposition: form-data; name="count""#,
        b"2",
    ));
    expected.extend(part(r#"Content-Disposition: form-data; name="tags""#, b"a"));
    expected.extend(part(r#"Content-Disposition: form-data; name="tags""#, b"b"));
    expected.extend(part(
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"R":1,"G":2,"B":3}"#,
    ));
    // The encoding's contentType for the file; the bytes exactly as given.
    expected.extend(part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: image/png",
        &[0x89, b'P', b'N', b'G'],
    ));
    expected.extend(format!("--{boundary}--\r\n").into_bytes());
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
}

/// The bytes a multipart body should hold: each part's header lines and data, in order.
fn multipart_bytes(boundary: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (headers, data) in parts {
        body.extend(format!("--{boundary}\r\n{headers}\r\n\r\n").into_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").into_bytes());
    body
}

/// The boundary a request's `Content-Type` names.
fn boundary_of(request: &wiremock::Request) -> String {
    let content_type = header(request, "content-type").unwrap();
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"))
        .to_owned()
}

#[tokio::test]
async fn a_file_part_takes_the_callers_file_name_and_type_and_a_list_is_never_sent() {
    let server = serve(json(201, "application/json", "{}")).await;
    let body = UploadFileBody::builder()
        .name("holiday")
        .file(Binary::from(&b"\x89PNG"[..]).with_file_name("beach \"1\".png"))
        .build()
        .with_meta(Color::builder().r(1).g(2).b(3).build())
        // `thumbnail` accepts `image/png, image/jpeg`: the caller says which this one is.
        .with_thumbnail(
            Binary::from(&b"\xff\xd8\xff"[..])
                .with_file_name("small.jpg")
                .with_content_type("image/jpeg"),
        );
    client(&server).upload_file(&body).await.unwrap();
    let request = only_request(&server).await;
    let boundary = boundary_of(&request);
    let expected = multipart_bytes(
        &boundary,
        &[
            (r#"Content-Disposition: form-data; name="name""#, b"holiday"),
            // `meta` lists `application/xml, application/json`: written as JSON, labeled so.
            (
                "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
                br#"{"R":1,"G":2,"B":3}"#,
            ),
            // The caller's file name (its quotes escaped as browsers do); the document's one type.
            (
                "Content-Disposition: form-data; name=\"file\"; filename=\"beach %221%22.png\"\r\nContent-Type: image/png",
                b"\x89PNG",
            ),
            (
                "Content-Disposition: form-data; name=\"thumbnail\"; filename=\"small.jpg\"\r\nContent-Type: image/jpeg",
                b"\xff\xd8\xff",
            ),
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        header(&request, "content-length"),
        Some(expected.len().to_string())
    );

    // Without the caller's type, a file whose part lists several is `application/octet-stream`
    // (RFC 7578 section 4.4), not the list and not a guess.
    let server = serve(json(201, "application/json", "{}")).await;
    let body = UploadFileBody::builder()
        .name("n")
        .file(vec![1])
        .build()
        .with_thumbnail(vec![2]);
    client(&server).upload_file(&body).await.unwrap();
    let request = only_request(&server).await;
    let text = String::from_utf8_lossy(&request.body).into_owned();
    assert!(
        text.contains("name=\"thumbnail\"; filename=\"thumbnail\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{2}\r\n"),
        "{text}"
    );
    assert!(!text.contains("image/png, image/jpeg"), "{text}");
    assert!(!text.contains("application/xml"), "{text}");
}

#[tokio::test]
async fn a_file_part_streams_from_a_temp_file_with_its_length() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("multipart-upload.bin");
    // 6 MiB, a byte pattern no boundary can match by chance.
    let contents: Vec<u8> = (0..6 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &contents).unwrap();
    let server = serve(json(201, "application/json", r#"{"size":6291456}"#)).await;
    let file = Binary::open(&path).await.unwrap();
    assert_eq!(file.length(), Some(contents.len() as u64));
    assert_eq!(file.file_name(), Some("multipart-upload.bin"));
    let body = UploadFileBody::builder()
        .name("big")
        .file(file)
        .build()
        .with_count(1);
    let upload = client(&server).upload_file(&body).await.unwrap();
    assert_eq!(upload.size, Some(6_291_456));
    let request = only_request(&server).await;
    let boundary = boundary_of(&request);
    // A boundary that cannot have been checked against the file ends in 128 random bits.
    assert_eq!(
        boundary.len(),
        "openapi-rust-generator-boundary-".len() + 32
    );
    let expected = multipart_bytes(
        &boundary,
        &[
            (r#"Content-Disposition: form-data; name="name""#, b"big"),
            (r#"Content-Disposition: form-data; name="count""#, b"1"),
            (
                "Content-Disposition: form-data; name=\"file\"; filename=\"multipart-upload.bin\"\r\nContent-Type: image/png",
                &contents,
            ),
        ],
    );
    assert!(
        request.body == expected,
        "the parts and the file's bytes, exactly"
    );
    // Every length known: sent with `Content-Length`, not chunked.
    assert_eq!(
        header(&request, "content-length"),
        Some(expected.len().to_string())
    );
    assert_eq!(header(&request, "transfer-encoding"), None);
    // The stream went with that request; building another from the same value is refused.
    assert!(matches!(
        client(&server).upload_file_request(&body),
        Err(Error::InvalidRequest(_))
    ));
}

/// The file is read as the server takes it, never whole into memory: a server that stops
/// reading after the first megabyte holds the client's stream to what the sockets buffer.
#[tokio::test]
async fn a_streamed_file_is_read_only_as_fast_as_the_server_takes_it() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

    const CHUNK: usize = 64 * 1024;
    const CHUNKS: u64 = 1024; // 64 MiB
    let produced = Arc::new(AtomicU64::new(0));
    let counter = produced.clone();
    let chunk = bytes_chunk(CHUNK);
    let stream = futures_util::stream::iter(0..CHUNKS).map(move |_| {
        counter.fetch_add(CHUNK as u64, Ordering::SeqCst);
        Ok::<_, std::io::Error>(chunk.clone())
    });
    let total = CHUNK as u64 * CHUNKS;
    let file = Binary::from_body(reqwest::Body::wrap_stream(stream)).with_length(total);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (paused_tx, paused_rx) = tokio::sync::oneshot::channel::<()>();
    let (resume_tx, resume_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut reader = tokio::io::BufReader::new(socket);
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = Some(value.trim().parse::<u64>().unwrap());
            }
        }
        let length = length.expect("a Content-Length");
        let mut first = vec![0u8; 1024 * 1024];
        reader.read_exact(&mut first).await.unwrap();
        paused_tx.send(()).unwrap();
        resume_rx.await.unwrap();
        let rest = tokio::io::copy(
            &mut (&mut reader).take(length - first.len() as u64),
            &mut tokio::io::sink(),
        )
        .await
        .unwrap();
        let answer = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
        reader.get_mut().write_all(answer.as_bytes()).await.unwrap();
        first.len() as u64 + rest
    });
    let body = UploadFileBody::builder().name("big").file(file).build();
    let client = Client::with_base_url(&url).unwrap();
    let upload = tokio::spawn(async move { client.upload_file(&body).await.map(|_| ()) });
    paused_rx.await.unwrap();
    // Give the client every chance to read ahead while the server does not read.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ahead = produced.load(Ordering::SeqCst);
    assert!(
        ahead < total / 2,
        "{ahead} of {total} bytes read while the server had taken 1 MiB"
    );
    resume_tx.send(()).unwrap();
    upload.await.unwrap().unwrap();
    let received = server.await.unwrap();
    assert_eq!(produced.load(Ordering::SeqCst), total);
    assert!(received > total, "the whole body arrived: {received} bytes");
}

fn bytes_chunk(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

/// A stream that gives fewer bytes than it said fails the request: never a body that does not
/// match its `Content-Length`.
#[tokio::test]
async fn a_stream_shorter_than_its_length_fails_the_request() {
    let server = serve(json(201, "application/json", "{}")).await;
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(b"only ten b".to_vec())]);
    let file = Binary::from_body(reqwest::Body::wrap_stream(stream)).with_length(20);
    let body = UploadFileBody::builder().name("n").file(file).build();
    let error = client(&server).upload_file(&body).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn binary_bodies_and_responses() {
    let bytes: Vec<u8> = (0..=255).collect();
    let server = serve(ResponseTemplate::new(204)).await;
    client(&server).put_blob(&bytes).await.unwrap().into_inner();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, bytes);

    let server =
        serve(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/octet-stream"))
            .await;
    assert_eq!(
        client(&server).get_blob().await.unwrap().into_inner(),
        bytes
    );
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(b"\x89PNG".to_vec(), "image/png")).await;
    assert_eq!(
        client(&server).get_image().await.unwrap().into_inner(),
        b"\x89PNG"
    );
    assert_eq!(
        header(&only_request(&server).await, "accept").as_deref(),
        Some("image/png")
    );
}

#[tokio::test]
async fn text_bodies_and_responses() {
    let server = serve(json(200, "text/plain; charset=utf-8", "héllo back")).await;
    let text = client(&server)
        .echo_text("héllo")
        .await
        .unwrap()
        .into_inner();
    assert_eq!(text, "héllo back");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("text/plain")
    );
    assert_eq!(request.body, "héllo".as_bytes());
}

#[tokio::test]
async fn several_request_media_types_send_json() {
    let server = serve(ResponseTemplate::new(204)).await;
    client(&server)
        .create_pet_any_format(&rex())
        .await
        .unwrap()
        .into_inner();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"name":"Rex","tag":"dog"}"#);
}

#[tokio::test]
async fn several_success_statuses_are_an_enum() {
    let cases = [
        (
            json(200, "application/json", r#"{"name":"Rex"}"#),
            GetPetOrJobResponse::Status200(Pet::new("Rex")),
        ),
        (
            json(202, "application/json", r#"{"id":"j1","progress":0.5}"#),
            GetPetOrJobResponse::Status202(Job::new("j1").with_progress(0.5)),
        ),
        (ResponseTemplate::new(204), GetPetOrJobResponse::Status204),
    ];
    for (response, expected) in cases {
        let server = serve(response).await;
        assert_eq!(
            client(&server).get_pet_or_job().await.unwrap().into_inner(),
            expected
        );
    }
}

#[tokio::test]
async fn several_error_statuses_and_default_are_an_enum() {
    let cases = [
        (
            json(404, "application/json", r#"{"title":"no"}"#),
            404,
            GetPetOrJobError::Status404(Problem::new().with_title("no")),
        ),
        (ResponseTemplate::new(409), 409, GetPetOrJobError::Status409),
        // `default` covers every other status, here with a text body.
        (
            json(503, "text/plain", "down"),
            503,
            GetPetOrJobError::Default("down".into()),
        ),
    ];
    for (response, status, expected) in cases {
        let server = serve(response).await;
        let error = client(&server).get_pet_or_job().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.api_body(), Some(&expected));
    }
}

#[tokio::test]
async fn several_response_media_types_are_chosen_by_content_type() {
    let server = serve(json(200, "application/json", r#"{"name":"Rex"}"#)).await;
    assert!(matches!(
        client(&server).get_pet_as_json_or_text().await.unwrap().into_inner(),
        GetPetAsJsonOrTextResponse::Status200ApplicationJson(pet) if pet.name == "Rex"
    ));
    assert_eq!(
        header(&only_request(&server).await, "accept").as_deref(),
        Some("application/json, text/plain")
    );
    let server = serve(json(200, "text/plain", "Rex, a dog")).await;
    assert_eq!(
        client(&server)
            .get_pet_as_json_or_text()
            .await
            .unwrap()
            .into_inner(),
        GetPetAsJsonOrTextResponse::Status200TextPlain("Rex, a dog".into())
    );
}

#[tokio::test]
async fn a_default_only_response_is_the_success_and_the_error_shape() {
    let server = serve(json(200, "application/json", r#"{"id":"j"}"#)).await;
    assert_eq!(
        client(&server).get_with_default_only().await.unwrap().id,
        "j"
    );
    let server = serve(json(500, "application/json", r#"{"id":"failed"}"#)).await;
    let error = client(&server).get_with_default_only().await.unwrap_err();
    assert_eq!(error.api_body().map(|j| j.id.as_str()), Some("failed"));
}

#[tokio::test]
async fn no_content_responses() {
    let server = serve(ResponseTemplate::new(204)).await;
    client(&server).delete_pet().await.unwrap().into_inner();
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
    let server = serve(ResponseTemplate::new(404)).await;
    let error = client(&server).delete_pet().await.unwrap_err();
    assert!(
        matches!(error, Error::Api(ref api) if api.status.as_u16() == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn media_types_the_client_cannot_read_are_not_asked_for() {
    let server = serve(json(200, "application/json", r#"{"name":"Rex"}"#)).await;
    assert_eq!(client(&server).get_negotiated().await.unwrap().name, "Rex");
    // XML and event streams are in the spec but not generated: only JSON is asked for.
    assert_eq!(
        header(&only_request(&server).await, "accept").as_deref(),
        Some("application/json")
    );
    // A server that answers with one anyway gets a decode error naming the content type.
    let server = serve(json(200, "application/xml", "<pet><name>Rex</name></pet>")).await;
    let error = client(&server).get_negotiated().await.unwrap_err();
    let Error::Decode(decode) = error else {
        panic!("{error:?}")
    };
    assert!(
        decode.message.contains("application/xml"),
        "{}",
        decode.message
    );
    assert_eq!(decode.response.body, b"<pet><name>Rex</name></pet>");
}
