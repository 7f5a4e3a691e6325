//! `client.rs` and the crate root: the `Client` with one method per operation, plus a
//! `<method>_request` twin that builds the request without sending it.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_paragraphs};
use super::operations::{enum_path, outcome_ty, params_name};
use super::types::{describe, ident, ty, Scope};
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

pub fn client(api: &Api) -> TokenStream {
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
    let methods = api.operations.iter().map(|op| operation_methods(api, op));
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
    quote! {
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

        impl Client {
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

            #(#methods)*
        }

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
    }
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
            for line in multipart_choice_docs(api, b) {
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
    let build = request_builder(api, op);
    let has_params = !op.params.is_empty();
    let lifetime = method_lifetimes(op);
    let into_params = has_params.then(|| {
        quote! {
            let params = super::operations::IntoParams::into_params(params);
            let params = &*params;
        }
    });
    let dispatch = super::response_value::add_typed_headers(op, dispatch(api, op));
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

fn request_builder(api: &Api, op: &Operation) -> TokenStream {
    let literal_path = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => Some(text.as_str()),
            PathPart::Param(_) => None,
        })
        .collect::<Option<String>>();
    let mut path_code = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [c] => path_code.push(quote!(path.push(#c);)),
                _ => path_code.push(quote!(path.push_str(#text);)),
            },
            PathPart::Param(index) => {
                let p = &op.params[*index];
                let field = ident(&p.rust_name);
                let name = &p.wire_name;
                let style = match p.style {
                    ParamStyle::Label => quote!(runtime::PathStyle::Label),
                    ParamStyle::Matrix => quote!(runtime::PathStyle::Matrix),
                    _ => quote!(runtime::PathStyle::Simple),
                };
                let explode = p.explode;
                path_code.push(quote!(path.push_str(&runtime::path_param(#name, &params.#field, #style, #explode)?);));
            }
        }
    }
    let mut param_code = Vec::new();
    for p in &op.params {
        let field = ident(&p.rust_name);
        let name = &p.wire_name;
        let value = if p.required {
            quote!(&params.#field)
        } else {
            quote!(value)
        };
        let explode = p.explode;
        let add = match p.location {
            ParamLocation::Path => continue,
            ParamLocation::Query if p.json_content => quote!(parts.query_json(#name, #value)?;),
            ParamLocation::Query => {
                let style = match p.style {
                    ParamStyle::SpaceDelimited => quote!(runtime::QueryStyle::SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(runtime::QueryStyle::PipeDelimited),
                    ParamStyle::DeepObject => quote!(runtime::QueryStyle::DeepObject),
                    _ => quote!(runtime::QueryStyle::Form),
                };
                let reserved = p.allow_reserved;
                quote!(parts.query(#name, #value, #style, #explode, #reserved)?;)
            }
            ParamLocation::Header => {
                let lower = name.to_ascii_lowercase();
                let json = p.json_content;
                quote!(parts.header(#lower, #value, #explode, #json)?;)
            }
            ParamLocation::Cookie => quote!(parts.cookie(#name, #value, #explode)?;),
        };
        if p.required {
            param_code.push(add);
        } else {
            param_code
                .push(quote!(if let ::std::option::Option::Some(value) = &params.#field { #add }));
        }
    }
    let alternatives = op.security.iter().map(|set| {
        let set = set.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#set),*])
    });
    let parts_mut = (!param_code.is_empty()).then(|| quote!(mut));
    let accept = accept_value(op);
    let method = format_ident!("{}", op.method);
    let body_code = op.body.as_ref().map(|body| {
        let content_type = &body.content_type;
        let encode = match body.media {
            Media::Json => quote!(runtime::json_body(body)?),
            Media::Form => {
                let encodings = body.encodings.iter().filter_map(|e| {
                    let (style, explode) = e.style?;
                    let name = &e.name;
                    let style = match style {
                        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                        ParamStyle::PipeDelimited => quote!(PipeDelimited),
                        ParamStyle::DeepObject => quote!(DeepObject),
                        _ => quote!(Form),
                    };
                    Some(quote!(runtime::FormEncoding { name: #name, style: runtime::QueryStyle::#style, explode: #explode }))
                });
                quote!(runtime::form_body(body, &[#(#encodings),*])?)
            }
            Media::Text => quote!(::std::string::String::from(body)),
            Media::Binary => quote!(body.to_vec()),
            Media::Multipart => {
                let parts = multipart_parts(api, body);
                let attach = quote! {
                    let mut form = runtime::Multipart::new();
                    #parts
                    let (content_type, bytes) = form.finish();
                    runtime::set_body(&mut request, content_type, bytes);
                };
                return if body.required {
                    attach
                } else {
                    quote!(if let ::std::option::Option::Some(body) = body.into() { #attach })
                };
            }
        };
        let attach = quote! {
            runtime::set_body(&mut request, HeaderValue::from_static(#content_type), #encode);
        };
        if body.required {
            attach
        } else {
            quote!(if let ::std::option::Option::Some(body) = body.into() { #attach })
        }
    });
    let request_mut = body_code.is_some().then(|| quote!(mut));
    let new_parts = match literal_path {
        Some(path) => {
            quote!(let #parts_mut parts = RequestParts::new(Method::#method, &self.base_url, #path)?;)
        }
        None => quote! {
            let mut path = ::std::string::String::new();
            #(#path_code)*
            let #parts_mut parts = RequestParts::new(Method::#method, &self.base_url, &path)?;
        },
    };
    quote! {
        #new_parts
        #(#param_code)*
        let #request_mut request = finish(self, parts, #accept, &[#(#alternatives),*])?;
        #body_code
        ::std::result::Result::Ok(request)
    }
}

/// The struct a type stands for, through aliases.
fn struct_of<'a>(api: &'a Api, ty: &Ty) -> Option<&'a Struct> {
    let mut ty = ty;
    for _ in 0..api.types.len() + 1 {
        let Ty::Named(id) = ty else {
            return None;
        };
        match &api.types[id.0].kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// What a type stands for, through named aliases.
fn unalias<'a>(api: &'a Api, ty: &'a Ty) -> &'a Ty {
    let mut ty = ty;
    for _ in 0..api.types.len() + 1 {
        match ty {
            Ty::Named(id) => match &api.types[id.0].kind {
                TypeKind::Alias(target) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The statements adding each property of a multipart body to `form`: binary properties as
/// file parts, everything else as values (text, or JSON for objects).
fn multipart_parts(api: &Api, body: &Body) -> TokenStream {
    let Some(fields) = struct_of(api, &body.ty) else {
        return quote!(form.fields(body)?;);
    };
    let encoding_of = |wire: &str| body.encodings.iter().find(|e| e.name == wire);
    let mut parts = Vec::new();
    for field in &fields.fields {
        let name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let encoding = encoding_of(wire);
        // One media type per part, never the document's list (`model/encoding.rs`).
        let file_type = encoding.map_or("application/octet-stream", |e| e.file_part_type());
        let value_type = match encoding.and_then(|e| e.value_part_type()) {
            Some(ct) => quote!(::std::option::Option::Some(#ct)),
            None => quote!(::std::option::Option::None),
        };
        let add = match unalias(api, &field.ty) {
            Ty::Bytes => quote!(form.file(#wire, value, #file_type)?;),
            Ty::Array(inner) if *unalias(api, inner) == Ty::Bytes => quote! {
                for item in value.iter() {
                    form.file(#wire, item, #file_type)?;
                }
            },
            _ => quote!(form.value(#wire, value, #value_type)?;),
        };
        if field.required && !field.nullable {
            parts.push(quote!({ let value = &body.#name; #add }));
        } else if !field.required && field.nullable {
            // Multipart has no `null`: a part is sent for a value only.
            parts.push(
                quote!(if let ::std::option::Option::Some(value) = body.#name.value() { #add }),
            );
        } else {
            parts.push(quote!(if let ::std::option::Option::Some(value) = &body.#name { #add }));
        }
    }
    if fields.additional.is_some() {
        parts.push(quote! {
            for (name, value) in &body.additional_properties {
                form.value(name, value, ::std::option::Option::None)?;
            }
        });
    }
    quote!(#(#parts)*)
}

/// What the docs say of each part whose `contentType` lists several types (or a range): the
/// caller picks a file's type; a value part goes with the one the generator chose.
fn multipart_choice_docs(api: &Api, body: &Body) -> Vec<String> {
    let Some(fields) = struct_of(api, &body.ty) else {
        return Vec::new();
    };
    let quoted = |types: Vec<&str>| {
        types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    for field in &fields.fields {
        let Some(encoding) = body
            .encodings
            .iter()
            .find(|e| e.name == field.wire_name && e.is_choice())
        else {
            continue;
        };
        let is_file = match unalias(api, &field.ty) {
            Ty::Bytes => true,
            Ty::Array(inner) => *unalias(api, inner) == Ty::Bytes,
            _ => false,
        };
        let listed = quoted(encoding.listed_types());
        lines.push(if is_file {
            format!("The file in part `{}` may be {listed}: give its type with `Binary::with_content_type` (without one it is sent as `application/octet-stream`).", field.wire_name)
        } else {
            let sent = encoding.value_part_type().map_or_else(
                || "JSON (an object) or text".to_owned(),
                |t| format!("`{t}`"),
            );
            format!("Part `{}` may be {listed}; it is sent as {sent}.", field.wire_name)
        });
    }
    lines
}

/// The media types the operation's responses declare, success first.
fn accept_value(op: &Operation) -> String {
    let mut types: Vec<&str> = Vec::new();
    for case in op.success.iter().chain(&op.errors) {
        for content in &case.contents {
            let essence = content.content_type.as_str();
            if !types.contains(&essence) {
                types.push(essence);
            }
        }
    }
    if types.is_empty() {
        "*/*".to_owned()
    } else {
        types.join(", ")
    }
}

pub(super) fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let (low, high) = (
                Literal::u16_unsuffixed(r * 100),
                Literal::u16_unsuffixed(r * 100 + 99),
            );
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn media_tokens(media: Media) -> TokenStream {
    match media {
        Media::Json => quote!(runtime::Media::Json),
        Media::Form => quote!(runtime::Media::Form),
        _ => quote!(runtime::Media::Text),
    }
}

fn success_expr(api: &Api, arm: &OutcomeArm, outcome_enum: &TokenStream) -> TokenStream {
    let variant = arm.variant.as_deref().map(ident);
    let value = match &arm.content {
        None => {
            return match &variant {
                Some(v) => {
                    quote!(response.empty().map(|value: runtime::ResponseValue<()>| value.map(|()| #outcome_enum::#v)))
                }
                None => quote!(response.empty()),
            }
        }
        Some(content) if content.media == Media::Binary => quote!(response.bytes()),
        Some(content) => {
            let media = media_tokens(content.media);
            let expected = format!("{} ({})", describe(api, &content.ty), content.content_type);
            let body_ty = ty(api, &content.ty, Scope::Sibling);
            quote!(response.decode_value::<#body_ty, _>(#media, #expected))
        }
    };
    match &variant {
        Some(v) => {
            quote!(#value.map(|value: runtime::ResponseValue<_>| value.map(#outcome_enum::#v)))
        }
        None => value,
    }
}

pub(super) fn error_expr(arm: &OutcomeArm, outcome_enum: &TokenStream) -> TokenStream {
    let variant = arm.variant.as_deref().map(ident);
    let wrap = match &variant {
        Some(v) => quote!(#outcome_enum::#v),
        None => quote!(::std::convert::identity),
    };
    let error = match &arm.content {
        None => match &variant {
            Some(v) => quote!(response.api_error_empty(#outcome_enum::#v)),
            None => quote!(response.api_error_empty(())),
        },
        Some(content) if content.media == Media::Binary => {
            quote!({ let body = response.body.clone(); response.api_error_empty(#wrap(body)) })
        }
        Some(content) => {
            let media = media_tokens(content.media);
            quote!(response.api_error(#media, #wrap))
        }
    };
    quote!(::std::result::Result::Err(#error))
}

/// Responses of one status: the expressions reading each of its media types.
struct StatusGroup {
    status: StatusMatch,
    by_media: Vec<(Option<String>, TokenStream)>,
}

/// `match status { ... }` choosing how to read the response.
fn dispatch(api: &Api, op: &Operation) -> TokenStream {
    let (success, errors) = (&op.success_outcome, &op.error_outcome);
    let (ok_enum, err_enum) = (enum_path(success), enum_path(errors));
    let mut groups: Vec<StatusGroup> = Vec::new();
    let readers = success
        .arms
        .iter()
        .map(|arm| (arm, success_expr(api, arm, &ok_enum)))
        .chain(
            errors
                .arms
                .iter()
                .map(|arm| (arm, error_expr(arm, &err_enum))),
        );
    for (arm, expr) in readers {
        let media = arm
            .content
            .as_ref()
            .map(|c| c.content_type.to_ascii_lowercase());
        match groups.iter_mut().find(|g| g.status == arm.status) {
            Some(group) => group.by_media.push((media, expr)),
            None => groups.push(StatusGroup {
                status: arm.status.clone(),
                by_media: vec![(media, expr)],
            }),
        }
    }
    // Exact codes first, then ranges, then `default`.
    groups.sort_by_key(|g| match g.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = groups.iter().any(|g| g.status == StatusMatch::Default);
    // Statuses read the same way share one arm (`400 | 401 | 403 => ...`). Only codes with
    // codes and ranges with ranges: each kind is disjoint, so the order within it is free,
    // while every code must still come before the ranges.
    let mut merged: Vec<(u8, Vec<TokenStream>, TokenStream, String)> = Vec::new();
    for group in groups {
        let kind = match group.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        };
        let pattern = status_pattern(&group.status);
        let mut readers = group.by_media.into_iter();
        let (_, first) = readers.next().expect("a group has at least one reader");
        let rest: Vec<(Option<String>, TokenStream)> = readers.collect();
        let body = if rest.is_empty() {
            first
        } else {
            // Several media types for one status: chosen by the response's Content-Type.
            let (types, exprs): (Vec<String>, Vec<TokenStream>) = rest
                .into_iter()
                .map(|(t, e)| (t.unwrap_or_default(), e))
                .unzip();
            quote! {
                match response.media_type().as_deref() {
                    #( ::std::option::Option::Some(#types) => #exprs, )*
                    _ => #first,
                }
            }
        };
        let key = body.to_string();
        match merged
            .iter_mut()
            .find(|(k, _, _, b)| *k == kind && kind != 2 && *b == key)
        {
            Some((_, patterns, _, _)) => patterns.push(pattern),
            None => merged.push((kind, vec![pattern], body, key)),
        }
    }
    let mut arms: Vec<TokenStream> = Vec::new();
    if success.arms.is_empty() {
        // Nothing declared for success: hand back the raw response rather than drop it.
        arms.push(quote!(200..=299 => response.raw(),));
    }
    for (_, patterns, body, _) in merged {
        arms.push(quote!(#(#patterns)|* => #body,));
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
        let file: syn::File = syn::parse2(super::client(&api)).expect("client.rs parses");
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
