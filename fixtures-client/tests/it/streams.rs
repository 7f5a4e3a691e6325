//! Responses read as they arrive and WebSocket channels, through the client generated from
//! `generator/tests/fixtures/compile/streams.yaml`, against loopback servers that control
//! exactly how the bytes arrive (split chunks, pauses, a connection dropped mid-body).

// `tokio-tungstenite`'s handshake callback returns its (large) error response by value.
#![allow(clippy::result_large_err)]

use std::time::Duration;

use fixtures_client::streams::models::{
    CompletionRequest, QgptQuestionInput, QgptStreamEnum, QgptStreamInput, QgptStreamOutput,
};
use fixtures_client::streams::operations::{
    DownloadFileParams, QgptStreamParams, UploadFileParams, WatchTicksParams,
};
use fixtures_client::streams::runtime::{Event, WebSocketError};
use fixtures_client::streams::{Client, Error};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

/// One step of a scripted HTTP response body.
enum Step {
    /// A chunk of the body (chunked transfer encoding), sent at once.
    Chunk(&'static [u8]),
    /// Waits until the test says it has read what came before.
    WaitForReader,
    /// Drops the connection without ending the body.
    Drop,
}

/// A server answering one request with `status`, `content_type` and a chunked body sent step by
/// step; returns its client and the request it received (head only).
async fn scripted(
    status: &'static str,
    content_type: &'static str,
    steps: Vec<Step>,
) -> (Client, mpsc::Receiver<String>, mpsc::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (request_tx, request_rx) = mpsc::channel(1);
    let (read_tx, mut read_rx) = mpsc::channel::<()>(8);
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let head = read_head(&mut socket).await;
        request_tx.send(head).await.unwrap();
        let head = format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n");
        socket.write_all(head.as_bytes()).await.unwrap();
        for step in steps {
            match step {
                Step::Chunk(bytes) => {
                    let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                    chunk.extend_from_slice(bytes);
                    chunk.extend_from_slice(b"\r\n");
                    socket.write_all(&chunk).await.unwrap();
                    socket.flush().await.unwrap();
                    // Separate TCP reads: the client sees each chunk on its own.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Step::WaitForReader => {
                    read_rx.recv().await;
                }
                Step::Drop => return,
            }
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    });
    (Client::with_base_url(&url).unwrap(), request_rx, read_tx)
}

/// The request head (and nothing of a body: the tests' requests are small and read whole).
async fn read_head(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while !received.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = socket.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the client closed before sending its request");
        received.extend_from_slice(&buffer[..n]);
    }
    String::from_utf8(received).unwrap().to_ascii_lowercase()
}

fn completion_request() -> CompletionRequest {
    CompletionRequest::new("hi").with_stream(true)
}

#[tokio::test]
async fn events_split_across_chunks_arrive_as_they_are_sent() {
    let (client, mut requests, reader) = scripted(
        "200 OK",
        "text/event-stream",
        vec![
            Step::Chunk(b"data: {\"del"),
            Step::Chunk(b"ta\":\"Hel\"}\n"),
            Step::Chunk(b"\n"),
            // The second event is sent only once the first has been read: a client that
            // waited for the whole body would never get it.
            Step::WaitForReader,
            Step::Chunk(b"event: token\r\nid: 7\r\ndata: {\"delta\":"),
            Step::Chunk(b"\"lo\"}\r\n\r\n"),
        ],
    )
    .await;
    let mut events = client
        .create_completion_events(&completion_request())
        .await
        .unwrap();
    let request = requests.recv().await.unwrap();
    assert!(request.starts_with("post /completions "), "{request}");
    assert!(
        request.contains("accept: text/event-stream, application/json\r\n"),
        "{request}"
    );
    let first = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("the first event arrives before the body ends")
        .unwrap()
        .unwrap();
    assert_eq!(first.event, "message");
    assert_eq!(first.data.delta, "Hel");
    reader.send(()).await.unwrap();
    let second = events.next().await.unwrap().unwrap();
    assert_eq!((second.event.as_str(), second.id.as_str()), ("token", "7"));
    assert_eq!(second.data.delta, "lo");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_malformed_event_is_an_error_item_and_the_stream_goes_on() {
    let (client, _requests, _reader) = scripted(
        "200 OK",
        "text/event-stream; charset=utf-8",
        vec![Step::Chunk(
            b"data: {\"delta\":\"a\"}\n\ndata: {not json\n\ndata: {\"delta\":\"b\"}\n\n",
        )],
    )
    .await;
    let items: Vec<_> = client
        .create_completion_events(&completion_request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data.delta, "a");
    match &items[1] {
        Err(Error::Decode(e)) => {
            assert_eq!(e.response.body, b"{not json");
            assert!(e.expected.contains("CompletionChunk"), "{}", e.expected);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(items[2].as_ref().unwrap().data.delta, "b");
}

#[tokio::test]
async fn a_server_closing_mid_stream_ends_it_with_a_transport_error() {
    let (client, _requests, _reader) = scripted(
        "200 OK",
        "text/event-stream",
        vec![
            Step::Chunk(b"data: {\"delta\":\"a\"}\n\ndata: {\"del"),
            Step::Drop,
        ],
    )
    .await;
    let items: Vec<_> = client
        .create_completion_events(&completion_request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data.delta, "a");
    assert!(matches!(items[1], Err(Error::Transport(_))), "{items:?}");
}

#[tokio::test]
async fn an_error_status_comes_back_typed_before_any_event() {
    let (client, _requests, _reader) = scripted(
        "400 Bad Request",
        "application/json",
        vec![Step::Chunk(br#"{"title":"prompt too long"}"#)],
    )
    .await;
    match client.create_completion_events(&completion_request()).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.body.title, "prompt too long");
        }
        Err(other) => panic!("expected the declared error, got {other:?}"),
        Ok(_) => panic!("expected the declared error, got a stream"),
    }
}

#[tokio::test]
async fn a_success_in_another_media_type_is_a_decode_error() {
    let (client, _requests, _reader) = scripted(
        "200 OK",
        "application/json",
        vec![Step::Chunk(br#"{"text":"whole"}"#)],
    )
    .await;
    match client.create_completion_events(&completion_request()).await {
        Err(Error::Decode(e)) => assert_eq!(e.response.body, br#"{"text":"whole"}"#),
        Err(other) => panic!("expected a decode error, got {other:?}"),
        Ok(_) => panic!("expected a decode error, got a stream"),
    }
}

#[tokio::test]
async fn the_json_method_of_the_same_operation_asks_for_json() {
    let (client, mut requests, _reader) = scripted(
        "200 OK",
        "application/json",
        vec![Step::Chunk(br#"{"text":"whole"}"#)],
    )
    .await;
    let completion = client
        .create_completion(&completion_request())
        .await
        .unwrap();
    assert_eq!(completion.text, "whole");
    let request = requests.recv().await.unwrap();
    assert!(
        request.contains("accept: application/json\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn events_without_a_data_schema_are_text() {
    let (client, mut requests, _reader) = scripted(
        "200 OK",
        "text/event-stream",
        vec![Step::Chunk(b"data: tick 1\ndata: second line\n\n: a comment\n\nevent: end\ndata: {\"not\":\"decoded\"}\n\n")],
    )
    .await;
    let events: Vec<Event<String>> = client
        .watch_ticks_events(&WatchTicksParams::new().every(5))
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(data, ["tick 1\nsecond line", "{\"not\":\"decoded\"}"]);
    assert_eq!(events[1].event, "end");
    let request = requests.recv().await.unwrap();
    assert!(request.starts_with("get /ticks?every=5 "), "{request}");
}

#[tokio::test]
async fn json_lines_arrive_one_value_per_line() {
    let (client, mut requests, _reader) = scripted(
        "200 OK",
        "application/x-ndjson",
        vec![
            Step::Chunk(b"{\"id\":1,\"na"),
            Step::Chunk(b"me\":\"one\"}\r\n\n{\"id\":"),
            Step::Chunk(b"\"two\"}\n{\"id\":3}"),
        ],
    )
    .await;
    let items: Vec<_> = client.export_records_items().await.unwrap().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    let first = items[0].as_ref().unwrap();
    assert_eq!((first.id, first.name.as_deref()), (1, Some("one")));
    match &items[1] {
        Err(Error::Decode(e)) => assert_eq!(e.response.body, b"{\"id\":\"two\"}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // The last line needs no newline.
    assert_eq!(items[2].as_ref().unwrap().id, 3);
    let request = requests.recv().await.unwrap();
    assert!(
        request.contains("accept: application/x-ndjson, application/json\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn a_binary_download_streams_past_the_body_limit() {
    const SIZE: usize = 40 * 1024 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        // Twice: for the buffered method, then for the streamed one.
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await.unwrap();
            let head = read_head(&mut socket).await;
            assert!(head.starts_with("get /files/big.bin "), "{head}");
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\nconnection: close\r\n\r\n");
            socket.write_all(head.as_bytes()).await.unwrap();
            let block = vec![7u8; 1024 * 1024];
            for _ in 0..SIZE / block.len() {
                if socket.write_all(&block).await.is_err() {
                    break;
                }
            }
        }
    });
    let client = Client::with_base_url(&url).unwrap();
    let params = DownloadFileParams::new("big.bin");
    assert!(matches!(
        client.download_file(&params).await,
        Err(Error::BodyTooLarge { .. })
    ));
    let mut chunks = client.download_file_byte_stream(&params).await.unwrap();
    let mut total = 0;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.iter().all(|&b| b == 7));
        total += chunk.len();
    }
    assert_eq!(total, SIZE);
}

#[tokio::test]
async fn a_missing_file_is_the_declared_error_not_a_stream() {
    let (client, _requests, _reader) = scripted(
        "404 Not Found",
        "application/json",
        vec![Step::Chunk(br#"{"title":"no such file"}"#)],
    )
    .await;
    match client
        .download_file_byte_stream(&DownloadFileParams::new("gone"))
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.body.title, "no such file"),
        Err(other) => panic!("expected the declared error, got {other:?}"),
        Ok(_) => panic!("expected the declared error, got a stream"),
    }
}

/// A WebSocket server speaking `/qgpt/stream`'s shapes: it answers each question with an
/// `IN-PROGRESS` and a `COMPLETED` output for the same request, sends one message that is
/// not an output, then closes with `close`.
async fn qgpt_server(close: CloseCode) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (handshake_tx, handshake_rx) = mpsc::channel(1);
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut seen = String::new();
        let callback = |request: &Request, response: Response| {
            seen = format!(
                "{} key={:?}",
                request.uri(),
                request.headers().get("x-application-id")
            );
            Ok(response)
        };
        let mut ws = tokio_tungstenite::accept_hdr_async(socket, callback)
            .await
            .unwrap();
        handshake_tx.send(seen).await.unwrap();
        let Some(Ok(Message::Text(text))) = ws.next().await else {
            panic!("expected a text message");
        };
        let input: serde_json::Value = serde_json::from_str(text.as_str()).unwrap();
        let request = input["request"].as_str().unwrap().to_owned();
        let query = input["question"]["query"].as_str().unwrap().to_owned();
        for status in ["IN-PROGRESS", "COMPLETED"] {
            let output = serde_json::json!({
                "request": request, "conversation": query, "status": status,
            });
            ws.send(Message::text(output.to_string())).await.unwrap();
        }
        ws.send(Message::text("{\"request\":\"no conversation\"}"))
            .await
            .unwrap();
        ws.send(Message::Close(Some(CloseFrame {
            code: close,
            reason: "engine overloaded".into(),
        })))
        .await
        .unwrap();
        while ws.next().await.is_some() {}
    });
    (url, handshake_rx)
}

#[tokio::test]
async fn a_qgpt_channel_sends_inputs_and_receives_typed_outputs() {
    let (url, mut handshakes) = qgpt_server(CloseCode::Again).await;
    let client = Client::with_base_url(&url)
        .unwrap()
        .with_application_api_key("app-1");
    let mut channel = client
        .qgpt_stream(&QgptStreamParams::new().session("s 1"))
        .await
        .unwrap();
    let handshake = handshakes.recv().await.unwrap();
    assert_eq!(handshake, "/qgpt/stream?session=s%201 key=Some(\"app-1\")");
    channel
        .send(
            &QgptStreamInput::new()
                .with_question(QgptQuestionInput::new("what is rust"))
                .with_request("r1"),
        )
        .await
        .unwrap();
    let outputs: Vec<Result<QgptStreamOutput, WebSocketError>> = channel.collect().await;
    assert_eq!(outputs.len(), 4, "{outputs:?}");
    let first = outputs[0].as_ref().unwrap();
    assert_eq!(first.request.as_deref(), Some("r1"));
    assert_eq!(first.conversation, "what is rust");
    assert_eq!(first.status, Some(QgptStreamEnum::InProgress));
    assert_eq!(
        outputs[1].as_ref().unwrap().status,
        Some(QgptStreamEnum::Completed)
    );
    // Not an output (no `conversation`): an error item, and the channel goes on...
    match &outputs[2] {
        Err(WebSocketError::Decode { text, .. }) => {
            assert_eq!(text, "{\"request\":\"no conversation\"}")
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // ... until the server closes it, here with 1013 ("try again later").
    match &outputs[3] {
        Err(WebSocketError::Closed { code, reason }) => {
            assert_eq!((*code, reason.as_str()), (1013, "engine overloaded"))
        }
        other => panic!("expected the close, got {other:?}"),
    }
}

#[tokio::test]
async fn a_channel_split_into_sink_and_stream_ends_quietly_on_a_normal_close() {
    let (url, _handshakes) = qgpt_server(CloseCode::Normal).await;
    let client = Client::with_base_url(&url).unwrap();
    let channel = client.qgpt_stream(&QgptStreamParams::new()).await.unwrap();
    let (mut sink, stream) = channel.split();
    sink.send(
        QgptStreamInput::new()
            .with_question(QgptQuestionInput::new("q"))
            .with_request("r2"),
    )
    .await
    .unwrap();
    let outputs: Vec<_> = stream.collect().await;
    // Two outputs, the message that is not one, and no error for the normal close.
    assert_eq!(outputs.len(), 3, "{outputs:?}");
    assert!(outputs[2].is_err());
}

#[tokio::test]
async fn a_refused_handshake_is_the_declared_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_head(&mut socket).await;
        let body = "\"invalid key\"";
        let response = format!("HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
        socket.write_all(response.as_bytes()).await.unwrap();
    });
    let client = Client::with_base_url(&url).unwrap();
    match client.qgpt_stream(&QgptStreamParams::new()).await {
        Err(WebSocketError::Refused(Error::Api(e))) => {
            assert_eq!(e.status, 401);
            assert_eq!(e.body, "invalid key");
        }
        Err(other) => panic!("expected the declared error, got {other:?}"),
        Ok(_) => panic!("expected the declared error, got a channel"),
    }
}

#[tokio::test]
async fn a_receive_only_channel_reads_until_the_server_closes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async(socket).await.unwrap();
        ws.send(Message::text("{\"id\":1,\"name\":\"ada\"}"))
            .await
            .unwrap();
        ws.close(None).await.unwrap();
        while ws.next().await.is_some() {}
    });
    let client = Client::with_base_url(&url).unwrap();
    let users: Vec<_> = client.stream_user().await.unwrap().collect().await;
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0].as_ref().unwrap().name.as_deref(), Some("ada"));
}

#[tokio::test]
async fn an_upload_is_sent_from_a_file_as_it_is_read() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("streams-upload.bin");
    let contents: Vec<u8> = (0..3 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &contents).unwrap();
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("PUT"))
        .respond_with(wiremock::ResponseTemplate::new(201).set_body_json(contents.len()))
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri()).unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    let size = client
        .upload_file_from_body(&UploadFileParams::new("a b.bin"), file)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(size, contents.len() as i64);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.url.path(), "/files/a%20b.bin");
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/octet-stream"
    );
    assert!(request.body == contents, "the file's bytes, exactly");
}
