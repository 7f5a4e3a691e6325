//! Parameters by OpenAPI style (RFC 6570): query, path, header and cookie.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::error::Error;
use super::value::{encode, to_shape, Shape};

/// The query string of one request, built parameter by parameter in spec order.
#[derive(Default)]
pub struct Query {
    pub(super) text: String,
}

/// Query parameter styles (OpenAPI 3, "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form` (`a=1&a=2`, or `a=1,2` without explode).
    Form,
    /// `style: spaceDelimited` (`a=1%202`).
    SpaceDelimited,
    /// `style: pipeDelimited` (`a=1|2`).
    PipeDelimited,
    /// `style: deepObject` (`a[x]=1&a[y]=2`).
    DeepObject,
}

impl Query {
    fn pair(&mut self, name: &str, encoded_value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(&encode(name, false));
        self.text.push('=');
        self.text.push_str(encoded_value);
    }

    /// Adds one parameter by its style and explode flag.
    pub fn add<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), Error<E>> {
        let enc = |s: &str| encode(s, allow_reserved);
        match (style, to_shape(value)?) {
            // Nothing to send: the parameter is left out (RFC 6570 §3.2.1).
            (_, Shape::Undefined) => {}
            (_, Shape::Primitive(text)) => self.pair(name, &enc(&text)),
            (QueryStyle::Form, Shape::List(items)) if explode => {
                for item in items {
                    self.pair(name, &enc(&item));
                }
            }
            (QueryStyle::Form, Shape::List(items)) => {
                let joined: Vec<String> = items.iter().map(|i| enc(i)).collect();
                self.pair(name, &joined.join(","));
            }
            (QueryStyle::Form, Shape::Pairs(pairs)) if explode => {
                for (k, v) in pairs {
                    self.pair(&k, &enc(&v));
                }
            }
            (QueryStyle::Form, Shape::Pairs(pairs)) => {
                let joined: Vec<String> =
                    pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
                self.pair(name, &joined.join(","));
            }
            (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, shape) => {
                let items: Vec<String> = match shape {
                    Shape::List(items) => items,
                    Shape::Pairs(pairs) => pairs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
                    Shape::Primitive(text) => vec![text],
                    Shape::Undefined => Vec::new(),
                };
                let delimiter = if style == QueryStyle::SpaceDelimited {
                    "%20"
                } else {
                    "%7C"
                };
                let joined: Vec<String> = items.iter().map(|i| enc(i)).collect();
                self.pair(name, &joined.join(delimiter));
            }
            (QueryStyle::DeepObject, Shape::Pairs(pairs)) => {
                for (k, v) in pairs {
                    self.pair(&format!("{name}[{k}]"), &enc(&v));
                }
            }
            // OpenAPI defines deepObject for objects only; for a list, the Rails/`qs` bracket
            // convention that APIs using it read: `name[0]=a&name[1]=b`.
            (QueryStyle::DeepObject, Shape::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.pair(&format!("{name}[{i}]"), &enc(item));
                }
            }
        }
        Ok(())
    }

    /// Adds a parameter given by `content: application/json`: the JSON text as the value.
    pub fn add_json<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let text =
            serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        self.pair(name, &encode(&text, false));
        Ok(())
    }

    /// Sets the URL's query string to the parameters added (leaves it be when there are none).
    pub fn apply(self, url: &mut url::Url) {
        if !self.text.is_empty() {
            url.set_query(Some(&self.text));
        }
    }

    pub(super) fn raw_pair(&mut self, name: &str, value: &str) {
        self.pair(name, &encode(value, false));
    }
}

/// Path parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `style: simple` (`1,2`).
    Simple,
    /// `style: label` (`.1.2`).
    Label,
    /// `style: matrix` (`;a=1,2`).
    Matrix,
}

/// One path parameter, expanded and percent-encoded so that `/`, `?` and `#` cannot escape it.
pub fn path_param<T: Serialize + ?Sized, E>(
    name: &str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, Error<E>> {
    let enc = |s: &str| encode(s, false);
    let (prefix, separator) = match (style, explode) {
        (PathStyle::Simple, _) => ("", ","),
        (PathStyle::Label, false) => (".", ","),
        (PathStyle::Label, true) => (".", "."),
        (PathStyle::Matrix, false) => (";", ","),
        (PathStyle::Matrix, true) => (";", ";"),
    };
    let matrix = style == PathStyle::Matrix;
    let text = match to_shape(value)? {
        // RFC 6570 §3.2.7: an empty string is `;name`, with no `=`.
        Shape::Primitive(text) if matrix && text.is_empty() => format!(";{}", enc(name)),
        Shape::Primitive(text) if matrix => format!(";{}={}", enc(name), enc(&text)),
        Shape::Primitive(text) => format!("{prefix}{}", enc(&text)),
        Shape::List(items) if matrix && explode => items
            .iter()
            .map(|i| format!(";{}={}", enc(name), enc(i)))
            .collect(),
        Shape::List(items) => {
            let joined = items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(",");
            if matrix {
                format!(";{}={joined}", enc(name))
            } else if style == PathStyle::Label && explode {
                format!(
                    ".{}",
                    items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(".")
                )
            } else {
                format!("{prefix}{joined}")
            }
        }
        Shape::Pairs(pairs) if explode => {
            let items: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect();
            format!("{prefix}{}", items.join(separator))
        }
        Shape::Pairs(pairs) => {
            let items: Vec<String> = pairs.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect();
            if matrix {
                format!(";{}={}", enc(name), items.join(","))
            } else {
                format!("{prefix}{}", items.join(","))
            }
        }
        // An empty list or object expands to nothing (RFC 6570 §3.2.1).
        Shape::Undefined => String::new(),
    };
    Ok(text)
}

/// A header parameter (style `simple`).
pub fn header_param<T: Serialize + ?Sized, E>(
    headers: &mut HeaderMap,
    name: &'static str,
    value: &T,
    explode: bool,
    json: bool,
) -> Result<(), Error<E>> {
    let text = if json {
        serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?
    } else {
        match to_shape(value)? {
            // Nothing to send: no header.
            Shape::Undefined => return Ok(()),
            Shape::Primitive(text) => text,
            Shape::List(items) => items.join(","),
            Shape::Pairs(pairs) if explode => pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
            Shape::Pairs(pairs) => pairs
                .into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<_>>()
                .join(","),
        }
    };
    let value = HeaderValue::from_str(&text).map_err(|_| {
        Error::InvalidRequest(format!(
            "header `{name}` cannot carry the value given (control characters or non-ASCII)"
        ))
    })?;
    headers.append(HeaderName::from_static(name), value);
    Ok(())
}

/// Cookie parameters and API keys, joined into one `Cookie` header.
#[derive(Default)]
pub struct Cookies {
    pub(super) pairs: Vec<String>,
}

impl Cookies {
    /// A cookie parameter (`style: form`, exploded or not), its values percent-encoded.
    pub fn add<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error<E>> {
        match to_shape(value)? {
            Shape::Undefined => {}
            Shape::Primitive(text) => self.pairs.push(format!("{name}={}", encode(&text, false))),
            Shape::List(items) if explode => {
                for item in items {
                    self.pairs.push(format!("{name}={}", encode(&item, false)));
                }
            }
            Shape::List(items) => {
                let joined: Vec<String> = items.iter().map(|i| encode(i, false)).collect();
                self.pairs.push(format!("{name}={}", joined.join(",")));
            }
            Shape::Pairs(pairs) if explode => {
                for (k, v) in pairs {
                    self.pairs
                        .push(format!("{}={}", encode(&k, false), encode(&v, false)));
                }
            }
            Shape::Pairs(pairs) => {
                let joined: Vec<String> = pairs
                    .iter()
                    .flat_map(|(k, v)| [encode(k, false), encode(v, false)])
                    .collect();
                self.pairs.push(format!("{name}={}", joined.join(",")));
            }
        }
        Ok(())
    }

    /// Sets the cookies added as one `Cookie` header, `; ` between them (none: no header).
    pub fn apply<E>(self, headers: &mut HeaderMap) -> Result<(), Error<E>> {
        if self.pairs.is_empty() {
            return Ok(());
        }
        let value = HeaderValue::from_str(&self.pairs.join("; ")).map_err(|_| {
            Error::InvalidRequest("cookie values cannot be sent as a header".into())
        })?;
        headers.insert(reqwest::header::COOKIE, value);
        Ok(())
    }
}
