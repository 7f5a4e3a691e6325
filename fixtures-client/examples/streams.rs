//! The README's stream examples ("Streams and WebSocket channels"), compiled: events, JSON
//! Lines, a download to a file, an upload from one, and a Pieces-style `/qgpt/stream` channel, through the client
//! generated from `generator/tests/fixtures/compile/streams.yaml`.
//!
//! Usage: `streams BASE_URL` against a server that implements that document.

use fixtures_client::streams::models::{CompletionRequest, QgptQuestionInput, QgptStreamInput};
use fixtures_client::streams::operations::{
    DownloadFileParams, QgptStreamParams, UploadFileParams,
};
use fixtures_client::streams::runtime::WebSocketError;
use fixtures_client::streams::{Client, Error};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

type Failure = Box<dyn std::error::Error>;

async fn completion(client: &Client) -> Result<(), Failure> {
    let request = CompletionRequest::new("Say hi").with_stream(true);
    // Statuses are checked first: a 400 is `Error::Api` with the declared `Problem` here.
    let mut events = client.create_completion_events(&request).await?;
    while let Some(event) = events.next().await {
        match event {
            Ok(event) => print!("{}", event.data.delta), // data: CompletionChunk
            Err(Error::Decode(bad)) => eprintln!("skipped: {bad}"), // the stream goes on
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

async fn export(client: &Client) -> Result<(), Failure> {
    let mut records = client.export_records_items().await?; // application/x-ndjson
    while let Some(record) = records.next().await {
        println!("{:?}", record?);
    }
    Ok(())
}

async fn download(client: &Client) -> Result<(), Failure> {
    let mut file = tokio::fs::File::create("big.bin").await?;
    let mut chunks = client
        .download_file_byte_stream(&DownloadFileParams::new("big.bin"))
        .await?;
    while let Some(chunk) = chunks.next().await {
        file.write_all(&chunk?).await?; // no body limit, memory stays flat
    }
    Ok(())
}

async fn upload(client: &Client) -> Result<(), Failure> {
    let file = tokio::fs::File::open("big.bin").await?;
    let stored = client
        .upload_file_from_body(&UploadFileParams::new("big.bin"), file)
        .await?;
    println!("stored {} bytes", *stored);
    Ok(())
}

async fn copilot(client: &Client) -> Result<(), Failure> {
    let mut channel = client.qgpt_stream(&QgptStreamParams::new()).await?;
    let question = QgptQuestionInput::new("What is a lifetime?");
    channel
        .send(&QgptStreamInput::new().with_question(question))
        .await?;
    while let Some(output) = channel.next().await {
        match output {
            Ok(output) => println!("{:?}: {}", output.status, output.conversation),
            Err(WebSocketError::Closed { code, reason }) => eprintln!("closed {code}: {reason}"),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let base_url = std::env::args().nth(1).ok_or("usage: streams BASE_URL")?;
    let client = Client::with_base_url(&base_url)?;
    completion(&client).await?;
    export(&client).await?;
    download(&client).await?;
    upload(&client).await?;
    copilot(&client).await
}
