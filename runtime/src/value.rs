//! Values in JSON's data model, in serialization order, and their text forms: what the
//! parameter styles ([`super::params`]) and the form and multipart bodies are built from.

use std::fmt;

use serde::Serialize;

use super::error::Error;

/// A value in JSON's data model, which the OpenAPI styles are defined over, with object members
/// in the order the value serialized them (a struct's field order). `serde_json::Value` would
/// sort them, or not, depending on whether any crate in the build turns on serde_json's
/// `preserve_order` feature; this keeps parameters and form fields in one predictable order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ordered {
    Null,
    /// A string, number or boolean.
    Scalar(serde_json::Value),
    List(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<Er>(self) -> Result<Ordered, Er> {
                Ok(Ordered::Null)
            }
            fn visit_none<Er>(self) -> Result<Ordered, Er> {
                Ok(Ordered::Null)
            }
            fn visit_bool<Er>(self, v: bool) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_i64<Er>(self, v: i64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_u64<Er>(self, v: u64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_f64<Er>(self, v: f64) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_str<Er>(self, v: &str) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_string<Er>(self, v: String) -> Result<Ordered, Er> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Ordered::Object(members))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Null => serializer.serialize_unit(),
            Ordered::Scalar(value) => value.serialize(serializer),
            Ordered::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl Ordered {
    /// JSON text, members in order.
    pub(super) fn json_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `value` in JSON's data model, members in serialization order.
pub(super) fn to_ordered<T: Serialize + ?Sized, E>(value: &T) -> Result<Ordered, Error<E>> {
    let text = serde_json::to_string(value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// A primitive as its text form (strings unquoted); nested lists and objects as JSON text.
pub(super) fn primitive_text(value: &Ordered) -> String {
    match value {
        Ordered::Scalar(serde_json::Value::String(s)) => s.clone(),
        Ordered::Scalar(other) => other.to_string(),
        Ordered::Null => String::new(),
        nested => nested.json_text(),
    }
}

/// A value's shape under RFC 6570: a primitive, a list, or key/value pairs. Null members of an
/// object are left out; an empty list or object is "undefined" (RFC 6570 §2.3).
pub(super) enum Shape {
    Primitive(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
    Undefined,
}

fn shape(value: &Ordered) -> Shape {
    match value {
        Ordered::Null => Shape::Undefined,
        Ordered::List(items) if items.is_empty() => Shape::Undefined,
        Ordered::List(items) => Shape::List(items.iter().map(primitive_text).collect()),
        Ordered::Object(members) => {
            let pairs: Vec<(String, String)> = members
                .iter()
                .filter(|(_, v)| *v != Ordered::Null)
                .map(|(k, v)| (k.clone(), primitive_text(v)))
                .collect();
            if pairs.is_empty() {
                Shape::Undefined
            } else {
                Shape::Pairs(pairs)
            }
        }
        scalar => Shape::Primitive(primitive_text(scalar)),
    }
}

pub(super) fn to_shape<T: Serialize + ?Sized, E>(value: &T) -> Result<Shape, Error<E>> {
    Ok(shape(&to_ordered(value)?))
}

/// Characters left as they are in a query or path component: RFC 3986 `unreserved`.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved: true` also keeps RFC 3986 `reserved` characters, except those that would
/// end the query parameter.
const RESERVED_ALLOWED: &percent_encoding::AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

pub(super) fn encode(text: &str, allow_reserved: bool) -> String {
    let set = if allow_reserved {
        RESERVED_ALLOWED
    } else {
        COMPONENT
    };
    percent_encoding::utf8_percent_encode(text, set).to_string()
}
