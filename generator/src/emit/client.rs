//! `client.rs` and the crate root: the `Client` with one method per operation, plus a
//! `<method>_request` twin that builds the request without sending it. How that request is
//! built is `request.rs`; how the response is read, `dispatch.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, doc_paragraphs};
use super::operations::{outcome_ty, params_name};
use super::pipeline::Section;
use super::types::{ident, ty, Scope};
use crate::model::ir::*;

pub fn root_module(api: &Api, runtime: &super::RuntimeSource) -> TokenStream {
    let title = format!(" {} {}", api.title, api.version);
    let lines: Vec<String> = api
        .description
        .as_deref()
        .map(super::docs::doc_lines)
        .unwrap_or_default();
    let usage = [
        "",
        " Build a [`Client`], then call one method per operation; each returns a",
        " [`ResponseValue`] (the decoded body, which it derefs to, with the status and headers)",
        " or an [`Error`] that keeps the status, headers and body.",
    ];
    let runtime = super::runtime::declaration(runtime);
    // Every type in the public API can be named through this crate, without a dependency of
    // the user's own that would have to match our versions and features.
    let date_time = super::uses_date_time(api).then(|| quote! { pub use chrono; });
    let uuid = super::uses_uuid(api).then(|| quote! { pub use uuid; });
    quote! {
        #![doc = #title]
        #![doc = ""]
        #( #![doc = #lines] )*
        #( #![doc = #usage] )*

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        #runtime

        pub use client::Client;
        pub use runtime::{ApiError, Base64, Binary, DecodeError, Error, Nullable, RawResponse, ResponseValue, DEFAULT_MAX_BODY_BYTES};
        pub use reqwest;
        pub use url;
        #date_time
        #uuid
    }
}

fn setter_doc(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            format!(" Sets the `{}` API key, sent as the `{name}` {place} by the operations that use it.", scheme.key)
        }
        SchemeKind::Basic => format!(
            " Sets the `{}` credentials, sent as HTTP basic authentication.",
            scheme.key
        ),
        SchemeKind::Bearer => format!(
            " Sets the `{}` token, sent as `Authorization: Bearer <token>`.",
            scheme.key
        ),
    }
}

/// The file's sections (`emit::pipeline`): the items before `impl Client`, that block with
/// the operations' methods as its items, then the items after it.
pub(super) fn sections(api: &Api) -> Vec<Section<'_>> {
    vec![
        Section::Whole(Box::new(move || {
            let [head, _, _] = client_parts(api);
            head
        })),
        Section::Impl {
            header: Box::new(|| quote!(impl Client)),
            leading: Box::new(move || {
                let [_, leading, _] = client_parts(api);
                leading
            }),
            count: api.operations.len(),
            item: Box::new(move |i| operation_methods(api, &api.operations[i])),
        },
        Section::Whole(Box::new(move || {
            let [_, _, tail] = client_parts(api);
            tail
        })),
    ]
}

/// What surrounds the operations' methods: the items before `impl Client`, the block's
/// associated items before the methods, and the items after the block.
fn client_parts(api: &Api) -> [TokenStream; 3] {
    let scheme_count = Literal::usize_unsuffixed(api.security_schemes.len());
    let setters = api.security_schemes.iter().enumerate().map(|(index, scheme)| {
        let index = Literal::usize_unsuffixed(index);
        let doc = setter_doc(scheme);
        let extra = doc_attrs(scheme.description.as_deref());
        let setter = ident(&scheme.setter);
        let (args, credential) = match &scheme.kind {
            SchemeKind::ApiKey { location, name } => {
                let variant = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                let name = if *location == ApiKeyLocation::Header { name.to_ascii_lowercase() } else { name.clone() };
                (quote!(key: impl ::std::convert::Into<::std::string::String>),
                 quote!(runtime::Credential::#variant { name: #name, value: key.into() }))
            }
            SchemeKind::Bearer => (quote!(token: impl ::std::convert::Into<::std::string::String>),
                quote!(runtime::Credential::Bearer(token.into()))),
            SchemeKind::Basic => (quote!(username: impl ::std::convert::Into<::std::string::String>, password: ::std::option::Option<::std::string::String>),
                quote!(runtime::Credential::Basic { username: username.into(), password })),
        };
        quote! {
            #[doc = #doc]
            #extra
            pub fn #setter(mut self, #args) -> Self {
                self.credentials[#index] = ::std::option::Option::Some(#credential);
                self
            }
        }
    });
    let scheme_keys: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|s| s.key.as_str())
        .collect();
    let default_server = api
        .servers
        .first()
        .filter(|s| s.url.starts_with("http://") || s.url.starts_with("https://"));
    let constructors = match default_server {
        Some(server) => {
            let url = &server.url;
            let doc = format!(" A client for the spec's first server, `{url}`.");
            quote! {
                /// The spec's first server, used by [`Client::new`].
                pub const DEFAULT_BASE_URL: &'static str = #url;

                #[doc = #doc]
                pub fn new() -> Self {
                    Self::with_base_url(Self::DEFAULT_BASE_URL)
                        .expect("the generator checked that the spec's first server URL parses")
                }
            }
        }
        None => TokenStream::new(),
    };
    let default_impl = default_server.map(|_| {
        quote! {
            impl ::std::default::Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let secret_fields = super::response_value::secret_fields(api);
    let finish = (!api.operations.is_empty()).then(|| {
        quote! {
            /// The request `parts` describe, with the credentials the operation's `security`
            /// names, the query string, the cookies and `Accept` added: one copy for every
            /// operation.
            fn finish(
                client: &Client,
                parts: RequestParts,
                accept: &'static str,
                security: &[&[usize]],
            ) -> ::std::result::Result<reqwest::Request, Error> {
                parts.finish(accept, &client.credentials, security)
            }
        }
    });
    // With no operation, nothing builds requests: only the doc links below name `Error`.
    let imports = if api.operations.is_empty() {
        quote! {
            #[allow(unused_imports)]
            use super::runtime::{self, Error};
        }
    } else {
        let header = api
            .operations
            .iter()
            .filter_map(|o| o.body.as_ref())
            .any(|b| b.media != Media::Multipart)
            .then(|| {
                quote!(
                    use reqwest::header::HeaderValue;
                )
            });
        quote! {
            #header
            use reqwest::Method;

            use super::runtime::{self, Error, RequestParts};
        }
    };
    let head = quote! {
        //! The client: one method per operation.

        #imports

        /// Sends the API's requests. Cheap to clone: clones share one connection pool.
        ///
        /// Credentials are set once (`with_*` methods) and sent where each operation's
        /// `security` says. When none of an operation's alternatives is configured, the
        /// request goes without credentials and the server's answer (a 401, say) comes back
        /// as an [`Error`].
        ///
        /// Redirects are not followed by the default HTTP client: a `3xx` the spec does not
        /// declare comes back as [`Error::UnexpectedStatus`] with its `Location` header. Pass
        /// your own client to [`Client::with_http`] to change that, the timeouts, or proxies,
        /// or to send through middleware.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::url::Url,
            http: runtime::Http,
            max_body_bytes: usize,
            credentials: [::std::option::Option<runtime::Credential>; #scheme_count],
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let schemes: [&str; #scheme_count] = [#(#scheme_keys),*];
                let configured: ::std::vec::Vec<&str> = schemes
                    .iter()
                    .zip(&self.credentials)
                    .filter(|(_, c)| c.is_some())
                    .map(|(name, _)| *name)
                    .collect();
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("max_body_bytes", &self.max_body_bytes)
                    .field("credentials_set", &configured)
                    .finish_non_exhaustive()
            }
        }

        #default_impl
    };
    // The associated items of `impl Client` before the operations' methods.
    let leading = quote! {
            #constructors

            /// A client for the server at `base_url`; a path prefix (`https://host/api/`) is kept.
            pub fn with_base_url(base_url: &str) -> ::std::result::Result<Self, ::url::ParseError> {
                ::std::result::Result::Ok(Self {
                    base_url: ::url::Url::parse(base_url)?,
                    http: runtime::Http::from(default_http_client()),
                    max_body_bytes: runtime::DEFAULT_MAX_BODY_BYTES,
                    credentials: ::std::default::Default::default(),
                })
            }

            /// Sends through a ready `reqwest::Client` (timeouts, proxies, TLS roots, redirect
            /// policy), a `reqwest_middleware::ClientWithMiddleware` (the runtime's `middleware`
            /// feature: retries, tracing, a token that renews itself), or any
            /// [`runtime::Transport`].
            ///
            /// Its settings replace the default client's: set a `User-Agent` and
            /// `redirect::Policy::none()` on it yourself if you want them.
            pub fn with_http(mut self, http: impl ::std::convert::Into<runtime::Http>) -> Self {
                self.http = http.into();
                self
            }

            /// Refuses response bodies larger than `limit` bytes ([`Error::BodyTooLarge`]).
            pub fn with_max_body_bytes(mut self, limit: usize) -> Self {
                self.max_body_bytes = limit;
                self
            }

            /// The base URL operations' paths are joined to.
            pub fn base_url(&self) -> &::url::Url {
                &self.base_url
            }

            /// The HTTP client requests go through.
            pub fn http(&self) -> &runtime::Http {
                &self.http
            }

            #(#setters)*
    };
    let tail = quote! {
        /// The default HTTP client: names this crate in `User-Agent`, does not follow redirects,
        /// and gives up on a server that does not answer.
        fn default_http_client() -> reqwest::Client {
            reqwest::Client::builder()
                .user_agent(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")))
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(::std::time::Duration::from_secs(10))
                .timeout(::std::time::Duration::from_secs(60))
                .build()
                .unwrap_or_default()
        }

        #finish

        #secret_fields
    };
    [head, leading, tail]
}

fn method_docs(api: &Api, op: &Operation) -> TokenStream {
    let line = format!("`{} {}` (`{}`)", op.method, op.path, op.operation_id);
    let body = op.body.as_ref().map(|b| {
        let mut text = format!("The body is sent as `{}`.", b.content_type);
        if b.media == Media::Form {
            text.push_str(" Nested objects in it are sent as JSON text.");
        }
        if !b.required {
            text.push_str(
                " It is optional: pass `&body`, or `None` to send no body (and no `Content-Type`).",
            );
        }
        if !b.alternatives.is_empty() {
            text.push_str(&format!(
                " The spec also accepts {}; those are not generated.",
                b.alternatives.join(", ")
            ));
        }
        if b.media == Media::Multipart {
            for line in super::request::multipart_choice_docs(api, b) {
                text.push(' ');
                text.push_str(&line);
            }
        }
        if let Some(doc) = &b.doc {
            text = format!("{doc}\n\n{text}");
        }
        text
    });
    doc_paragraphs(&[op.summary.clone(), op.description.clone(), Some(line), body])
}

fn operation_methods(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request_fn = ident(&op.request_fn_name);
    let ok_ty = super::response_value::success_type(op, &outcome_ty(api, &op.success_outcome));
    let err_ty = &outcome_ty(api, &op.error_outcome);
    let docs = method_docs(api, op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    let mut call_args = Vec::new();
    if !op.params.is_empty() {
        let params = params_name(op);
        args.push(
            quote!(params: impl super::operations::IntoParams<'p, super::operations::#params>),
        );
        call_args.push(quote!(params));
    }
    if let Some(body) = &op.body {
        // Borrowed as the unsized type where there is one (`&str`, `&[T]`), as clippy asks.
        let body_ty = match &body.ty {
            Ty::String => quote!(str),
            Ty::Bytes => quote!([u8]),
            Ty::Array(inner) => {
                let inner = ty(api, inner, Scope::Sibling);
                quote!([#inner])
            }
            other => ty(api, other, Scope::Sibling),
        };
        if body.required {
            args.push(quote!(body: &#body_ty));
        } else {
            // `&body` or `None`, no `Some(&..)` at call sites (`Option<&T>` still converts).
            args.push(quote!(body: impl ::std::convert::Into<::std::option::Option<&'b #body_ty>>));
        }
        call_args.push(quote!(body));
    }
    let build = super::request::request_builder(api, op);
    let has_params = !op.params.is_empty();
    let lifetime = method_lifetimes(op);
    let into_params = has_params.then(|| {
        quote! {
            let params = super::operations::IntoParams::into_params(params);
            let params = &*params;
        }
    });
    let dispatch = super::response_value::add_typed_headers(op, super::dispatch::dispatch(api, op));
    let request_doc = format!(" Builds the request [`Client::{}`] sends, without sending it (to open it in a browser, sign it, or inspect it).", op.fn_name);
    let span = &op.operation_id;
    let call = match &op.websocket {
        Some(channel) => super::streams::socket_method(api, op, channel, &args, &call_args, &docs),
        None => quote! {
            #[cfg_attr(feature = "tracing", ::tracing::instrument(name = #span, skip_all))]
            #docs
            #deprecated
            pub async fn #fn_name #lifetime(&self, #(#args),*) -> ::std::result::Result<#ok_ty, Error<#err_ty>> {
                let request = self.#request_fn(#(#call_args),*).map_err(Error::widen)?;
                let response = runtime::send(&self.http, request, self.max_body_bytes, SECRET_FIELDS).await?;
                #dispatch
            }
        },
    };
    let streams = super::streams::stream_methods(api, op, &args, &call_args);
    let upload = super::streams::upload_method(op, &args, &call_args, &ok_ty, err_ty, &dispatch);
    quote! {
        #call

        #[doc = #request_doc]
        #deprecated
        pub fn #request_fn #lifetime(&self, #(#args),*) -> ::std::result::Result<reqwest::Request, Error> {
            #into_params
            #build
        }

        #streams
        #upload
    }
}

/// The lifetimes a method's arguments name: `'p` for the params (`IntoParams<'p, _>`), `'b` for
/// an optional body (`impl Into<Option<&'b T>>`).
pub(super) fn method_lifetimes(op: &Operation) -> Option<TokenStream> {
    let params = (!op.params.is_empty()).then(|| quote!('p));
    let body = op.body.as_ref().filter(|b| !b.required).map(|_| quote!('b));
    let names: Vec<TokenStream> = params.into_iter().chain(body).collect();
    (!names.is_empty()).then(|| quote!(<#(#names),*>))
}

#[cfg(test)]
mod tests {
    use crate::model::ir::{Api, Server};
    use crate::model::naming::operations::CLIENT_METHODS;

    /// `Client`'s own methods are names the model keeps from operations: each one written
    /// here must be on its list.
    #[test]
    fn every_method_of_client_is_reserved_for_it() {
        let api = Api {
            servers: vec![Server {
                url: "https://example.com".into(),
                description: None,
            }],
            ..Api::default()
        };
        let [head, leading, tail] = super::client_parts(&api);
        let tokens = quote::quote!(#head impl Client { #leading } #tail);
        let file: syn::File = syn::parse2(tokens).expect("client.rs parses");
        let mut methods = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let own = block.trait_.is_none()
                && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
            for item in block.items.iter().filter(|_| own) {
                if let syn::ImplItem::Fn(f) = item {
                    methods.push(f.sig.ident.to_string());
                }
            }
        }
        assert!(methods.contains(&"with_base_url".to_owned()), "{methods:?}");
        for method in &methods {
            assert!(
                CLIENT_METHODS.contains(&method.as_str()),
                "`Client::{method}` is not reserved in model/naming/operations.rs"
            );
        }
    }
}
