//! What a successful call returns: the decoded body with the status and headers it came with.

use std::ops::{Deref, DerefMut};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A success: the decoded body (`T`, which this value derefs to), the status and the headers,
/// and `H`, the response headers the document declares, decoded by their schemas (`()` when it
/// declares none).
///
/// Methods of `T` are called on it directly (`page.len()`); [`ResponseValue::into_inner`] gives
/// the body itself.
#[derive(Debug, Clone)]
pub struct ResponseValue<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    typed_headers: H,
    inner: T,
}

impl<T> ResponseValue<T> {
    /// A body with the status and headers it came with.
    pub fn new(status: StatusCode, headers: HeaderMap, inner: T) -> Self {
        ResponseValue {
            status,
            headers,
            typed_headers: (),
            inner,
        }
    }

    /// Adds the declared headers, decoded by `decode` (generated per operation); a header that
    /// is required but absent, or does not match its schema, is an [`super::Error::Decode`].
    pub fn with_typed_headers<H, E>(
        self,
        decode: fn(&HeaderMap) -> Result<H, String>,
    ) -> Result<ResponseValue<T, H>, super::Error<E>> {
        match decode(&self.headers) {
            Ok(typed_headers) => Ok(ResponseValue {
                status: self.status,
                headers: self.headers,
                typed_headers,
                inner: self.inner,
            }),
            Err(message) => Err(super::Error::Decode(Box::new(super::DecodeError {
                expected: "the response headers the document declares".to_owned(),
                message,
                response: super::RawResponse {
                    status: self.status,
                    headers: self.headers,
                    body: Vec::new(),
                    secret_fields: &[],
                },
            }))),
        }
    }
}

impl<T, H> ResponseValue<T, H> {
    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All the response's headers, as they arrived.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response headers the document declares, decoded.
    pub fn typed_headers(&self) -> &H {
        &self.typed_headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The status, the headers and the decoded body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.inner)
    }

    /// The same response with its body converted by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U, H> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            typed_headers: self.typed_headers,
            inner: f(self.inner),
        }
    }

    /// The first URI of the `Link` header (RFC 8288) whose relation is `rel` (`"next"`,
    /// `"prev"`, `"last"`); relative references are returned as written.
    pub fn link(&self, rel: &str) -> Option<String> {
        link(&self.headers, rel)
    }

    /// The `Link` header's `rel="next"` URI: the next page of a paginated list.
    pub fn next_link(&self) -> Option<String> {
        self.link("next")
    }
}

impl<T, H> Deref for ResponseValue<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T, H> DerefMut for ResponseValue<T, H> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

/// The URI of the first link with relation `rel` in the `Link` headers (RFC 8288 section 3:
/// `<uri>; rel="next"; ...`, several links separated by commas; `rel` may list several
/// space-separated relation types, compared without regard to case).
pub fn link(headers: &HeaderMap, rel: &str) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else {
                break;
            };
            let uri = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            // The parameters run to the next link (a `<` after a comma outside quotes).
            let mut in_quotes = false;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    if c == '"' {
                        in_quotes = !in_quotes;
                    }
                    c == ',' && !in_quotes
                })
                .map_or(rest.len(), |(i, _)| i);
            let params = &rest[..end];
            rest = &rest[end..];
            let matches = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case(rel))
            });
            if matches {
                return Some(uri.to_owned());
            }
        }
    }
    None
}

/// A declared response header, decoded by its schema's type (`i64`, `f64`, `bool`,
/// `String`); `Ok(None)` when it is absent.
pub fn header_value<T: std::str::FromStr>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Option<T>, String> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| format!("header `{name}` is not visible ASCII"))?;
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| format!("header `{name}` does not match its schema"))
}

/// A declared response header the document marks `required`.
pub fn required_header<T: std::str::FromStr>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<T, String> {
    header_value(headers, name)?.ok_or_else(|| format!("required header `{name}` is absent"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_by_relation() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            r#"<https://api.test/items?page=1>; rel="prev first", <https://api.test/items?page=3>; title="a, b"; rel=next"#
                .parse()
                .unwrap(),
        );
        assert_eq!(
            link(&headers, "next").as_deref(),
            Some("https://api.test/items?page=3")
        );
        assert_eq!(
            link(&headers, "FIRST").as_deref(),
            Some("https://api.test/items?page=1")
        );
        assert_eq!(link(&headers, "last"), None);
    }
}
