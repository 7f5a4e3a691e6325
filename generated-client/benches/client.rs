//! Per-request overhead of the generated client against the same request written by hand with
//! reqwest, both against a loopback hyper server: `cargo bench -p generated-client`.
//!
//! - `userinfo/{generated,reqwest}`: `GET /userinfo` with a bearer token, a JSON `Auth0User`.
//! - `token/{generated,reqwest}`: `POST /oauth/token` with the application key and a form
//!   body, a JSON `OAuthToken`.
//! - `concurrent64/{generated,reqwest}`: 64 `GET /userinfo` at once on one client (clones
//!   share its connection pool); criterion's elem/s is requests per second.
//! - `{userinfo,token}/generated-middleware`: the generated client sending through a
//!   `reqwest_middleware::ClientWithMiddleware` (no middleware in it: the cost of the seam).
//!
//! Criterion times each function on its own; other processes' load can drift between them. So
//! the bench ends with an interleaved comparison (generated and hand-written calls alternated
//! in rounds, the median of the per-round ratios), printed as `ratio generated/reqwest`; the
//! `-middleware` lines compare the generated client through `ClientWithMiddleware` with the
//! same plain hand-written reqwest calls.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use generated_client::models::{Auth0User, OAuthError, OAuthToken, TokenizedPkce};
use generated_client::Client;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use reqwest::header::{ACCEPT, CONTENT_TYPE};

const USER: &str = r#"{"sub":"auth0|6475a1e8c2b4f5a1d2e3f4a5","email":"ada@example.com","email_verified":true,"name":"Ada Lovelace","given_name":"Ada","family_name":"Lovelace","nickname":"ada","picture":"https://example.com/ada.png","locale":"en","updated_at":"2024-05-01T10:20:30.000Z","created_at":"2023-01-02T03:04:05.000Z","last_login":"2024-05-01T10:20:29.000Z","logins_count":42,"user_id":"auth0|6475a1e8c2b4f5a1d2e3f4a5"}"#;
const TOKEN: &str = r#"{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhdXRoMHwxMjMifQ.c2lnbmF0dXJl","refresh_token":"v1.MXyZrefresh","id_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxMjMifQ.c2ln","scope":"openid profile email offline_access","expires_in":86400,"token_type":"Bearer"}"#;

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    // Read the whole request body, as a real server would.
    let _ = request.into_body().collect().await;
    let body = match path.as_str() {
        "/userinfo" => USER,
        "/oauth/token" => TOKEN,
        _ => "{}",
    };
    Ok(Response::builder()
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .unwrap())
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1, on a runtime of its own.
fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(
                            hyper_util::rt::TokioIo::new(stream),
                            hyper::service::service_fn(answer),
                        )
                        .await;
                });
            }
        });
    });
    rx.recv().unwrap()
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn token_body() -> TokenizedPkce {
    TokenizedPkce::builder()
        .grant_type("authorization_code".to_owned())
        .client_id("9sW4Pa1LEjX67l6VO14u0207NLYeXnu1")
        .code("SplxlOBeZQQYbYS6WxSbIA")
        .redirect_uri("http://localhost:3000/pkce/response/code")
        .code_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        .build()
}

/// What the generated client does, written by hand: same URL, headers, body and decoding.
struct HandWritten {
    http: reqwest::Client,
    base: String,
}

impl HandWritten {
    async fn user_info(&self) -> Result<Auth0User, String> {
        let response = self
            .http
            .get(format!("{}/userinfo", self.base))
            .header(ACCEPT, "application/json")
            .bearer_auth("access-token")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match response.status().as_u16() {
            200 => response.json().await.map_err(|e| e.to_string()),
            _ => Err(format!("{:?}", response.json::<OAuthError>().await)),
        }
    }

    async fn exchange(&self, body: &TokenizedPkce) -> Result<OAuthToken, String> {
        let response = self
            .http
            .post(format!("{}/oauth/token", self.base))
            .header("x-application-id", "bench-app")
            .header(ACCEPT, "application/json")
            .form(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match response.status().as_u16() {
            200 => response.json().await.map_err(|e| e.to_string()),
            _ => Err(format!("{:?}", response.json::<OAuthError>().await)),
        }
    }
}

struct Setup {
    runtime: tokio::runtime::Runtime,
    generated: Client,
    /// The same client sending through `reqwest_middleware::ClientWithMiddleware`.
    middleware: Client,
    hand: HandWritten,
}

fn setup() -> Setup {
    let addr = start_server();
    let base = format!("http://{addr}");
    let generated = Client::with_base_url(&base)
        .unwrap()
        .with_http(http())
        .with_auth0_token("access-token")
        .with_application_api_key("bench-app");
    let middleware = generated
        .clone()
        .with_http(reqwest_middleware::ClientBuilder::new(http()).build());
    let hand = HandWritten { http: http(), base };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Both answer, and the same.
    let body = token_body();
    runtime.block_on(async {
        let a = generated.get_auth0_user_info().await.unwrap().into_inner();
        let b = hand.user_info().await.unwrap();
        assert_eq!(a, b);
        let a = generated
            .exchange_for_auth0_token(&body)
            .await
            .unwrap()
            .into_inner();
        let b = hand.exchange(&body).await.unwrap();
        assert_eq!(a, b);
        let c = middleware
            .exchange_for_auth0_token(&body)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(c, b);
    });
    Setup {
        runtime,
        generated,
        middleware,
        hand,
    }
}

fn per_request(c: &mut Criterion) {
    let s = setup();
    let body = token_body();
    let mut group = c.benchmark_group("userinfo");
    group.bench_function("generated", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.generated.get_auth0_user_info().await.unwrap() })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.hand.user_info().await.unwrap() })
    });
    group.bench_function("generated-middleware", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.middleware.get_auth0_user_info().await.unwrap() })
    });
    group.finish();
    let mut group = c.benchmark_group("token");
    group.bench_function("generated", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.generated.exchange_for_auth0_token(&body).await.unwrap() })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.hand.exchange(&body).await.unwrap() })
    });
    group.bench_function("generated-middleware", |b| {
        b.to_async(&s.runtime)
            .iter(|| async { s.middleware.exchange_for_auth0_token(&body).await.unwrap() })
    });
    group.finish();
}

fn concurrent(c: &mut Criterion) {
    let s = setup();
    let mut group = c.benchmark_group("concurrent64");
    group.throughput(Throughput::Elements(64));
    group.bench_function("generated", |b| {
        b.to_async(&s.runtime).iter(|| async {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..64 {
                let client = s.generated.clone();
                set.spawn(async move { client.get_auth0_user_info().await.unwrap() });
            }
            while let Some(done) = set.join_next().await {
                done.unwrap();
            }
        })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&s.runtime).iter(|| async {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..64 {
                let hand = HandWritten {
                    http: s.hand.http.clone(),
                    base: s.hand.base.clone(),
                };
                set.spawn(async move { hand.user_info().await.unwrap() });
            }
            while let Some(done) = set.join_next().await {
                done.unwrap();
            }
        })
    });
    group.finish();
}

/// Generated and hand-written calls alternated in rounds; the median per-round time ratio.
fn interleaved(c: &mut Criterion) {
    // Runs only when the bench filter would run the per-request groups.
    let _ = c;
    let s = setup();
    let body = token_body();
    const ROUNDS: usize = 31;
    const CALLS: u32 = 300;
    let mut report = Vec::new();
    for name in [
        "userinfo",
        "token",
        "userinfo-middleware",
        "token-middleware",
    ] {
        let generated_client = if name.ends_with("-middleware") {
            &s.middleware
        } else {
            &s.generated
        };
        let mut ratios = Vec::with_capacity(ROUNDS);
        let (mut generated_total, mut hand_total) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..ROUNDS {
            let (generated, hand) = s.runtime.block_on(async {
                let started = Instant::now();
                for _ in 0..CALLS {
                    if name.starts_with("userinfo") {
                        generated_client.get_auth0_user_info().await.unwrap();
                    } else {
                        generated_client
                            .exchange_for_auth0_token(&body)
                            .await
                            .unwrap();
                    }
                }
                let generated = started.elapsed();
                let started = Instant::now();
                for _ in 0..CALLS {
                    if name.starts_with("userinfo") {
                        s.hand.user_info().await.unwrap();
                    } else {
                        s.hand.exchange(&body).await.unwrap();
                    }
                }
                (generated, started.elapsed())
            });
            generated_total += generated;
            hand_total += hand;
            ratios.push(generated.as_secs_f64() / hand.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        report.push(format!(
            "{name}: ratio generated/reqwest {:.3} (median of {ROUNDS} rounds of {CALLS} calls each; quartiles {:.3}..{:.3}); mean per call {:.1} µs generated, {:.1} µs reqwest",
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4],
            generated_total.as_secs_f64() * 1e6 / f64::from(CALLS) / ROUNDS as f64,
            hand_total.as_secs_f64() * 1e6 / f64::from(CALLS) / ROUNDS as f64,
        ));
    }
    for line in report {
        println!("{line}");
    }
}

/// `CLIENT_BENCH_CALLS=N`: N calls of each kind and nothing else, for
/// `valgrind --tool=callgrind` (BENCHMARKS.md, section 6). Callgrind names each call's future
/// (`Client::get_auth0_user_info::{{closure}}`, `HandWritten::user_info::{{closure}}`): its
/// inclusive cost over N is the client-side cost of one call (the server has its own thread and
/// runtime). The generated calls go through a plain `reqwest::Client`, or, with
/// `CLIENT_BENCH_MIDDLEWARE=1`, through `ClientWithMiddleware` (a run of its own, as both share
/// the method's name).
fn counted_calls(calls: u32) {
    let s = setup();
    let body = token_body();
    let middleware = std::env::var_os("CLIENT_BENCH_MIDDLEWARE").is_some();
    let generated = if middleware {
        &s.middleware
    } else {
        &s.generated
    };
    s.runtime.block_on(async {
        for _ in 0..calls {
            std::hint::black_box(generated.get_auth0_user_info().await.unwrap());
            std::hint::black_box(generated.exchange_for_auth0_token(&body).await.unwrap());
            if !middleware {
                std::hint::black_box(s.hand.user_info().await.unwrap());
                std::hint::black_box(s.hand.exchange(&body).await.unwrap());
            }
        }
    });
    println!("{calls} calls of each kind (middleware: {middleware})");
}

criterion_group!(benches, per_request, concurrent);
criterion_group!(ratio, interleaved);

fn main() {
    if let Ok(calls) = std::env::var("CLIENT_BENCH_CALLS") {
        counted_calls(calls.parse().expect("CLIENT_BENCH_CALLS is a number"));
        return;
    }
    benches();
    ratio();
    Criterion::default().configure_from_args().final_summary();
}
