//! Downloads a large file through the generated `download_file_byte_stream` from a loopback
//! server in this process, counting bytes and keeping none: `bench/stream-memory.sh` runs it
//! under `/usr/bin/time` for its peak memory.
//!
//! Usage: `stream_download [SIZE_MB]` (default 2048).

use std::time::Instant;

use fixtures_client::streams::operations::DownloadFileParams;
use fixtures_client::streams::Client;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BLOCK: usize = 1024 * 1024;

#[tokio::main]
async fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("SIZE_MB is a number"))
        .unwrap_or(2048);
    let size = megabytes * BLOCK;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 4096];
        let _ = socket.read(&mut head).await.unwrap();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n");
        socket.write_all(head.as_bytes()).await.unwrap();
        // One block, written again and again: the server holds 1 MiB whatever the size.
        let block = vec![0x5a_u8; BLOCK];
        for _ in 0..megabytes {
            socket.write_all(&block).await.unwrap();
        }
    });
    let client = Client::with_base_url(&url).unwrap();
    let started = Instant::now();
    let mut chunks = client
        .download_file_byte_stream(&DownloadFileParams::new("big.bin"))
        .await
        .unwrap();
    let mut total = 0usize;
    while let Some(chunk) = chunks.next().await {
        total += chunk.unwrap().len();
    }
    assert_eq!(total, size, "every byte arrived");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "downloaded {total} bytes in {seconds:.2} s ({:.0} MB/s)",
        total as f64 / 1e6 / seconds
    );
}
