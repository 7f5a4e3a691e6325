//! `application/x-www-form-urlencoded` request bodies (the `form` feature).

use serde::Serialize;

use super::error::Error;
use super::params::{Query, QueryStyle};
use super::value::{primitive_text, to_ordered, Ordered};

/// How one field of a form-urlencoded body is written, from the spec's Encoding Object.
#[derive(Debug, Clone, Copy)]
pub struct FormEncoding {
    pub name: &'static str,
    pub style: QueryStyle,
    pub explode: bool,
}

/// A form-urlencoded body: top-level fields as `name=value` (lists repeat the name, like
/// `style: form, explode: true`), nested objects as JSON text (the OpenAPI Encoding Object's
/// default content type for objects), absent optional fields left out. A field named in
/// `encodings` is written by its style instead, exactly like a query parameter.
pub fn form_body<T: Serialize + ?Sized, E>(
    value: &T,
    encodings: &[FormEncoding],
) -> Result<String, Error<E>> {
    let Ordered::Object(fields) = to_ordered(value)? else {
        return Err(Error::InvalidRequest(
            "a form body must be an object".into(),
        ));
    };
    let mut pairs: Vec<String> = Vec::new();
    for (name, value) in &fields {
        if let Some(encoding) = encodings.iter().find(|e| e.name == name) {
            let mut styled = Query::default();
            styled.add(name, value, encoding.style, encoding.explode, false)?;
            if !styled.text.is_empty() {
                pairs.push(styled.text);
            }
            continue;
        }
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        match value {
            Ordered::Null => continue,
            Ordered::List(items) => {
                for item in items {
                    form.append_pair(name, &primitive_text(item));
                }
            }
            other => {
                form.append_pair(name, &primitive_text(other));
            }
        }
        let text = form.finish();
        if !text.is_empty() {
            pairs.push(text);
        }
    }
    Ok(pairs.join("&"))
}
