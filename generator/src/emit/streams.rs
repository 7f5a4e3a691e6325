//! The methods that read a response as it arrives (server-sent events, JSON Lines, bytes)
//! and the methods that open a WebSocket channel, beside the operation's other methods.
//!
//! Each opens the response the way the operation's `_request` method builds it (with its own
//! `Accept`): a streamed status in the promised media type is handed over as a stream;
//! anything else is read whole and turned into the operation's usual typed errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::dispatch::{error_expr, status_pattern};
use super::operations::{enum_path, outcome_ty};
use super::types::{describe, ident, ty, Scope};
use crate::model::ir::*;

/// The runtime features the API's streams and channels need.
pub fn runtime_features(api: &Api) -> Vec<&'static str> {
    let kinds: Vec<StreamKind> = api
        .operations
        .iter()
        .flat_map(|o| o.streams.iter().map(|s| s.kind))
        .collect();
    let mut features = Vec::new();
    if !kinds.is_empty() {
        features.push("byte-stream");
    }
    if kinds.contains(&StreamKind::Events) {
        features.push("sse");
    }
    if kinds.contains(&StreamKind::JsonLines) {
        features.push("jsonl");
    }
    if api.operations.iter().any(|o| o.websocket.is_some()) {
        features.push("websocket");
    }
    features
}

/// What a crate holding a copy of the runtime depends on for those features.
pub fn vendored_dependencies(api: &Api) -> Vec<String> {
    let features = super::runtime::features(api);
    let multipart = features.contains(&"multipart");
    let mut deps = Vec::new();
    if features.contains(&"byte-stream") || multipart {
        deps.push(r#"bytes = "1""#);
    }
    if features.contains(&"byte-stream") || features.contains(&"websocket") {
        deps.push(r#"futures-util = { version = "0.3", default-features = false, features = ["std", "sink"] }"#);
    }
    if features.contains(&"sse") {
        deps.push(r#"eventsource-stream = "0.2""#);
    }
    // A multipart body streams its files (`Binary::open` reads a file with tokio).
    if multipart {
        deps.push(r#"http-body = "1""#);
    }
    match (features.contains(&"websocket"), multipart) {
        (true, true) => deps.push(
            r#"tokio = { version = "1", default-features = false, features = ["fs", "net"] }"#,
        ),
        (true, false) => {
            deps.push(r#"tokio = { version = "1", default-features = false, features = ["net"] }"#)
        }
        (false, true) => {
            deps.push(r#"tokio = { version = "1", default-features = false, features = ["fs"] }"#)
        }
        (false, false) => {}
    }
    if features.contains(&"websocket") {
        deps.push(r#"tokio-tungstenite = { version = "0.28", default-features = false, features = ["connect", "handshake", "rustls-tls-webpki-roots"] }"#);
    }
    deps.into_iter().map(str::to_owned).collect()
}

/// Whether the client reads bodies as streams or sends files from them (`reqwest` needs its
/// `stream` feature).
pub fn uses_byte_stream(api: &Api) -> bool {
    api.operations.iter().any(|o| {
        !o.streams.is_empty() || o.body.as_ref().is_some_and(|b| b.media == Media::Multipart)
    })
}

/// The operation's stream methods; `args` and `call_args` are its method's parameters.
pub fn stream_methods(
    api: &Api,
    op: &Operation,
    args: &[TokenStream],
    call_args: &[TokenStream],
) -> TokenStream {
    let err_ty = &outcome_ty(api, &op.error_outcome);
    let request_fn = ident(&op.request_fn_name);
    let refusal = refusal(&op.error_outcome);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let methods = op.streams.iter().map(|stream| {
        let fn_name = ident(&stream.fn_name);
        // The params argument borrows for `'p`, an optional body for `'b`.
        let lifetime = super::client::method_lifetimes(op);
        let item = ty(api, &stream.item, Scope::Sibling);
        let expected = format!("{} ({})", describe(api, &stream.item), stream.content_type);
        let essence = essence(&stream.content_type);
        let accept = accept(op, &essence);
        let pattern = status_pattern(&stream.status);
        let (media, returns, open, what): (Vec<&str>, _, _, _) = match stream.kind {
            StreamKind::Events => {
                let decode = if stream.item == Ty::String {
                    quote!(runtime::text_data)
                } else {
                    quote!(runtime::json_data::<#item>)
                };
                (
                    vec!["text/event-stream"],
                    quote!(runtime::EventStream<#item, #err_ty>),
                    quote!(runtime::event_stream(response, #decode, #expected)),
                    "its server-sent events, each as it arrives. An event whose data does not decode is an `Error::Decode` item and the stream goes on; a lost connection is an `Error::Transport` item and ends it",
                )
            }
            StreamKind::JsonLines => (
                vec![
                    "application/jsonl",
                    "application/x-jsonl",
                    "application/x-ndjson",
                    "application/ndjson",
                    "application/json-seq",
                ],
                quote!(runtime::JsonLines<#item, #err_ty>),
                quote!(runtime::json_lines(response, self.max_body_bytes, #expected)),
                "its JSON values, one per line, each as it arrives. A line that does not decode is an `Error::Decode` item and the stream goes on; a line longer than the body limit or a lost connection ends it",
            ),
            StreamKind::Bytes => (
                Vec::new(),
                quote!(runtime::ByteStream<#err_ty>),
                quote!(runtime::byte_stream(response)),
                "its body as a stream of chunks, without the body limit (for downloads larger than memory)",
            ),
        };
        let media = if media.contains(&essence.as_str()) || media.is_empty() {
            media.into_iter().map(str::to_owned).collect()
        } else {
            let mut all = vec![essence.clone()];
            all.extend(media.into_iter().map(str::to_owned));
            all
        };
        let doc = format!(
            " Like [`Client::{}`], for a `{}` answer in `{}`: returns {what}. Error statuses are read whole and typed, as there.",
            op.fn_name,
            status_text(&stream.status),
            stream.content_type
        );
        quote! {
            #[doc = #doc]
            #deprecated
            pub async fn #fn_name #lifetime(&self, #(#args),*) -> ::std::result::Result<#returns, Error<#err_ty>> {
                let request = self.#request_fn(#(#call_args),*).map_err(Error::widen)?;
                let opened = runtime::open_stream(&self.http, request, self.max_body_bytes, #accept, |status| ::std::matches!(status, #pattern), &[#(#media),*], #expected).await?;
                match opened {
                    runtime::Opened::Stream(response) => ::std::result::Result::Ok(#open),
                    runtime::Opened::Whole(response) => #refusal,
                }
            }
        }
    });
    quote!(#(#methods)*)
}

/// For a binary request body, `<fn_name>_from_body`: the same request with a `reqwest::Body`
/// (a file, a stream) that is sent as it is read, never copied into memory.
pub fn upload_method(
    op: &Operation,
    args: &[TokenStream],
    call_args: &[TokenStream],
    ok_ty: &TokenStream,
    err_ty: &TokenStream,
    dispatch: &TokenStream,
) -> TokenStream {
    let (Some(body), Some(fn_name)) = (&op.body, &op.upload_fn_name) else {
        return TokenStream::new();
    };
    let plain = &op.fn_name;
    let fn_name = ident(fn_name);
    // The params argument borrows for `'p` (`IntoParams<'p, _>`).
    let lifetime = (!op.params.is_empty()).then(|| quote!(<'p>));
    let request_fn = ident(&op.request_fn_name);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The parameters as they are, the body replaced: the request is built with an empty
    // body (and its `Content-Type`), then given the caller's.
    let args = args
        .iter()
        .take(args.len() - 1)
        .cloned()
        .chain(std::iter::once(
            quote!(body: impl ::std::convert::Into<reqwest::Body>),
        ));
    let empty = if body.required {
        quote!(&[][..])
    } else {
        quote!(::std::option::Option::Some(&[][..]))
    };
    let call_args = call_args
        .iter()
        .take(call_args.len() - 1)
        .cloned()
        .chain(std::iter::once(empty));
    let doc = format!(
        " Like [`Client::{plain}`], with the body (`{}`) given as a `reqwest::Body`: a `tokio::fs::File` or a stream is sent as it is read, without copying it into memory.",
        body.content_type
    );
    quote! {
        #[doc = #doc]
        #deprecated
        pub async fn #fn_name #lifetime(&self, #(#args),*) -> ::std::result::Result<#ok_ty, Error<#err_ty>> {
            let mut request = self.#request_fn(#(#call_args),*).map_err(Error::widen)?;
            *request.body_mut() = ::std::option::Option::Some(body.into());
            let response = runtime::send(&self.http, request, self.max_body_bytes, SECRET_FIELDS).await?;
            #dispatch
        }
    }
}

/// The method opening an operation's WebSocket channel.
pub fn socket_method(
    api: &Api,
    op: &Operation,
    channel: &WebSocketChannel,
    args: &[TokenStream],
    call_args: &[TokenStream],
    docs: &TokenStream,
) -> TokenStream {
    let err_ty = &outcome_ty(api, &op.error_outcome);
    let fn_name = ident(&op.fn_name);
    // The params argument borrows for `'p`, an optional body for `'b`.
    let lifetime = super::client::method_lifetimes(op);
    let request_fn = ident(&op.request_fn_name);
    let refusal = refusal(&op.error_outcome);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let send = match &channel.send {
        Some(send) => ty(api, send, Scope::Sibling),
        None => quote!(::std::convert::Infallible),
    };
    let receive = ty(api, &channel.receive, Scope::Sibling);
    let expected = format!("{} (JSON)", describe(api, &channel.receive));
    let sends = match &channel.send {
        Some(send) => format!(
            "sends `{}` messages (`send`, or the `Sink`)",
            describe(api, send)
        ),
        None => "sends nothing".to_owned(),
    };
    let doc = format!(
        " A WebSocket channel (`x-websocket`): connects to this path with `ws`/`wss`, this operation's query parameters and credentials, and returns the open channel, which {sends} and receives `{}` messages (its `Stream`), each one JSON text. A refused handshake is `WebSocketError::Refused` with the typed error of the status.",
        describe(api, &channel.receive)
    );
    quote! {
        #docs
        ///
        #[doc = #doc]
        #deprecated
        pub async fn #fn_name #lifetime(&self, #(#args),*) -> ::std::result::Result<runtime::WebSocket<#send, #receive>, runtime::WebSocketError<#err_ty>> {
            let request = self.#request_fn(#(#call_args),*).map_err(|e| runtime::WebSocketError::Refused(Error::widen(e)))?;
            runtime::connect(request, #expected, |response| #refusal).await
        }
    }
}

/// How one media type of an error status is read: its media type (`None`: no body) and the
/// expression.
type Reader = (Option<String>, TokenStream);

/// `match` over a response read whole that is not streamed: the operation's typed errors.
fn refusal(errors: &Outcome) -> TokenStream {
    let err_enum = enum_path(errors);
    let mut groups: Vec<(StatusMatch, Vec<Reader>)> = Vec::new();
    for arm in &errors.arms {
        let media = arm.content.as_ref().map(|c| essence(&c.content_type));
        let expr = error_expr(arm, &err_enum);
        match groups.iter_mut().find(|(status, _)| *status == arm.status) {
            Some((_, readers)) => readers.push((media, expr)),
            None => groups.push((arm.status.clone(), vec![(media, expr)])),
        }
    }
    groups.sort_by_key(|(status, _)| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = groups.iter().any(|(s, _)| *s == StatusMatch::Default);
    let mut arms: Vec<TokenStream> = groups
        .into_iter()
        .map(|(status, readers)| {
            let pattern = status_pattern(&status);
            let mut readers = readers.into_iter();
            let (_, first) = readers.next().expect("a group has at least one reader");
            let (types, exprs): (Vec<String>, Vec<TokenStream>) =
                readers.map(|(t, e)| (t.unwrap_or_default(), e)).unzip();
            if types.is_empty() {
                quote!(#pattern => #first,)
            } else {
                quote! {
                    #pattern => match response.media_type().as_deref() {
                        #( ::std::option::Option::Some(#types) => #exprs, )*
                        _ => #first,
                    },
                }
            }
        })
        .collect();
    if arms.is_empty() {
        return quote!(response.unexpected());
    }
    if !has_default {
        arms.push(quote!(_ => response.unexpected(),));
    }
    quote! {
        match response.status.as_u16() {
            #(#arms)*
        }
    }
}

/// The stream's media type, then the error responses' (for `Accept`).
fn accept(op: &Operation, essence: &str) -> String {
    let mut types = vec![essence.to_owned()];
    for content in op.errors.iter().flat_map(|c| &c.contents) {
        if !types.contains(&content.content_type) {
            types.push(content.content_type.clone());
        }
    }
    types.join(", ")
}

fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn status_text(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}
