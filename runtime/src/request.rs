//! Building one request: the URL, then the parameters, credentials and `Accept`; JSON bodies.

use reqwest::header::{HeaderMap, HeaderValue};
use serde::Serialize;

use super::credentials::{apply_credentials, Credential};
use super::error::Error;
use super::params::{header_param, Cookies, Query, QueryStyle};

/// One request being built: the operation's URL, then the query, headers and cookies its
/// parameters add. [`RequestParts::finish`] adds the credentials and `Accept`, so that each
/// generated method holds only the statements its own parameters need.
pub struct RequestParts {
    method: reqwest::Method,
    url: url::Url,
    query: Query,
    headers: HeaderMap,
    cookies: Cookies,
}

impl RequestParts {
    /// Starts a request to `path` (already expanded and encoded) under the base URL.
    pub fn new<E>(method: reqwest::Method, base: &url::Url, path: &str) -> Result<Self, Error<E>> {
        Ok(RequestParts {
            method,
            url: join_url(base, path)?,
            query: Query::default(),
            headers: HeaderMap::new(),
            cookies: Cookies::default(),
        })
    }

    /// A query parameter ([`Query::add`]).
    pub fn query<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), Error<E>> {
        self.query.add(name, value, style, explode, allow_reserved)
    }

    /// A query parameter given by `content: application/json` ([`Query::add_json`]).
    pub fn query_json<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        self.query.add_json(name, value)
    }

    /// A header parameter ([`header_param`]).
    pub fn header<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
        json: bool,
    ) -> Result<(), Error<E>> {
        header_param(&mut self.headers, name, value, explode, json)
    }

    /// A cookie parameter ([`Cookies::add`]).
    pub fn cookie<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error<E>> {
        self.cookies.add(name, value, explode)
    }

    /// Adds the first configured alternative of the operation's `security` (see
    /// [`apply_credentials`]), the query string, the cookies and `Accept`; the caller adds the
    /// body ([`set_body`]). No HTTP client is involved: the request is sent through whichever
    /// the generated client holds (a plain one, or one with middleware).
    pub fn finish<E>(
        mut self,
        accept: &'static str,
        credentials: &[Option<Credential>],
        security: &[&[usize]],
    ) -> Result<reqwest::Request, Error<E>> {
        apply_credentials(
            credentials,
            security,
            &mut self.query,
            &mut self.headers,
            &mut self.cookies,
        )?;
        self.query.apply(&mut self.url);
        self.cookies.apply(&mut self.headers)?;
        self.headers
            .insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
        let mut request = reqwest::Request::new(self.method, self.url);
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// Sets a request's body and its `Content-Type`.
pub fn set_body(
    request: &mut reqwest::Request,
    content_type: HeaderValue,
    body: impl Into<reqwest::Body>,
) {
    request
        .headers_mut()
        .insert(reqwest::header::CONTENT_TYPE, content_type);
    *request.body_mut() = Some(body.into());
}

/// The URL of an operation: the base URL's path joined with the operation's path, with exactly
/// one slash between them.
pub fn join_url<E>(base: &url::Url, path: &str) -> Result<url::Url, Error<E>> {
    let mut text = base
        .as_str()
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_owned();
    text.push_str(path);
    url::Url::parse(&text)
        .map_err(|e| Error::InvalidRequest(format!("cannot build a URL from `{text}`: {e}")))
}

/// Serializes a JSON body.
pub fn json_body<T: Serialize + ?Sized, E>(value: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(value).map_err(|e| Error::InvalidRequest(e.to_string()))
}
