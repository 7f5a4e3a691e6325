//! `multipart/form-data` request bodies (the `multipart` feature).

use reqwest::header::HeaderValue;
use serde::Serialize;

use super::error::Error;
use super::value::{primitive_text, to_ordered, Ordered};

/// A multipart/form-data body (RFC 7578), built part by part in the order of the spec's fields.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<(String, Option<String>, String, Vec<u8>)>,
}

impl Multipart {
    pub fn new() -> Self {
        Multipart { parts: Vec::new() }
    }

    /// A field holding a value: a primitive as one text part, a list as one part per item
    /// (repeating the name), an object as JSON (the Encoding Object's default for objects).
    /// `content_type` is the spec's `encoding.<field>.contentType`, if any.
    pub fn value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        match to_ordered(value)? {
            Ordered::Null => {}
            Ordered::List(items) => {
                for item in &items {
                    self.item(name, item, content_type);
                }
            }
            other => self.item(name, &other, content_type),
        }
        Ok(())
    }

    fn item(&mut self, name: &str, value: &Ordered, content_type: Option<&str>) {
        let json = matches!(value, Ordered::Object(_) | Ordered::List(_))
            || content_type.is_some_and(|c| c.contains("json"));
        let (content_type, text) = if json {
            (
                content_type.unwrap_or("application/json"),
                value.json_text(),
            )
        } else {
            (content_type.unwrap_or("text/plain"), primitive_text(value))
        };
        let content_type = (content_type != "text/plain").then(|| content_type.to_owned());
        self.parts.push((
            name.to_owned(),
            None,
            content_type.unwrap_or_default(),
            text.into_bytes(),
        ));
    }

    /// A file part: the bytes as they are, named after the field.
    pub fn file(&mut self, name: &str, bytes: &[u8], content_type: Option<&str>) {
        self.parts.push((
            name.to_owned(),
            Some(name.to_owned()),
            content_type
                .unwrap_or("application/octet-stream")
                .to_owned(),
            bytes.to_vec(),
        ));
    }

    /// Every top-level field of `value` as a part (when the body's schema is not a plain object
    /// the generator can list field by field).
    pub fn fields<T: Serialize + ?Sized, E>(&mut self, value: &T) -> Result<(), Error<E>> {
        let Ordered::Object(fields) = to_ordered(value)? else {
            return Err(Error::InvalidRequest(
                "a multipart/form-data body must be an object".into(),
            ));
        };
        for (name, value) in &fields {
            self.value(name, value, None)?;
        }
        Ok(())
    }

    /// The `Content-Type` header (with the boundary) and the body. The boundary is chosen so
    /// that no part contains it.
    pub fn finish(self) -> (HeaderValue, Vec<u8>) {
        let mut boundary = String::from("openapi-rust-generator-boundary");
        let mut n = 0u32;
        while self
            .parts
            .iter()
            .any(|(_, _, _, data)| contains(data, boundary.as_bytes()))
        {
            n += 1;
            boundary = format!("openapi-rust-generator-boundary-{n}");
        }
        let quote = |text: &str| {
            text.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for (name, file_name, content_type, data) in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition =
                format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
            if let Some(file_name) = file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if !content_type.is_empty() {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let header = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        (header, body)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
