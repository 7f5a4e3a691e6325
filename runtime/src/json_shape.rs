//! The slow path of JSON reading ([`super::json`]): a parsed value read by a deserializer that
//! names where a shape error is (`at user_metadata.global_id`).

use std::fmt;

/// A JSON shape error and where in the document it is.
#[derive(Debug)]
pub struct JsonShapeError {
    message: String,
    /// Innermost first: `["global_id", "user_metadata"]`, `["[0]", "identities"]`.
    path: Vec<String>,
}

impl JsonShapeError {
    fn at(mut self, segment: String) -> Self {
        self.path.push(segment);
        self
    }
}

impl fmt::Display for JsonShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            let mut path = String::new();
            for segment in self.path.iter().rev() {
                if !path.is_empty() && !segment.starts_with('[') {
                    path.push('.');
                }
                path.push_str(segment);
            }
            write!(f, " at `{path}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonShapeError {}

impl serde::de::Error for JsonShapeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        JsonShapeError {
            message: message.to_string(),
            path: Vec::new(),
        }
    }
}

fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        serde_json::Value::Null => Unexpected::Other("null"),
        serde_json::Value::Bool(b) => Unexpected::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Unexpected::Str(s),
        serde_json::Value::Array(_) => Unexpected::Seq,
        serde_json::Value::Object(_) => Unexpected::Map,
    }
}

/// A deserializer over a parsed JSON value that refuses anything but an object for a struct.
#[derive(Clone, Copy)]
pub(super) struct StrictJson<'a>(pub(super) &'a serde_json::Value);

impl<'de> serde::Deserializer<'de> for StrictJson<'de> {
    type Error = JsonShapeError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        match self.0 {
            serde_json::Value::Null => visitor.visit_unit(),
            serde_json::Value::Bool(b) => visitor.visit_bool(*b),
            serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => visitor.visit_borrowed_str(s),
            serde_json::Value::Array(items) => {
                let mut seq = StrictSeq {
                    items: items.iter(),
                    index: 0,
                };
                let value = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(value),
                    left => Err(JsonShapeError::invalid_length(
                        items.len(),
                        &format!("{} elements", items.len() - left).as_str(),
                    )),
                }
            }
            serde_json::Value::Object(map) => visitor.visit_map(StrictMap {
                entries: map.iter(),
                pending: None,
            }),
        }
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            serde_json::Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        match self.0 {
            serde_json::Value::Object(_) => self.deserialize_any(visitor),
            other => Err(JsonShapeError::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::{Error as _, IntoDeserializer as _};
        match self.0 {
            serde_json::Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            serde_json::Value::Object(map) if map.len() == 1 => {
                let (variant, value) = map.iter().next().expect("one entry");
                visitor.visit_enum(StrictEnum { variant, value })
            }
            other => Err(JsonShapeError::invalid_type(
                unexpected(other),
                &"a string, or an object with a single key",
            )),
        }
    }

    fn deserialize_ignored_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct StrictSeq<'a> {
    items: std::slice::Iter<'a, serde_json::Value>,
    index: usize,
}

impl<'de> serde::de::SeqAccess<'de> for StrictSeq<'de> {
    type Error = JsonShapeError;

    fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(StrictJson(item))
            .map(Some)
            .map_err(|e| e.at(format!("[{index}]")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct StrictMap<'a> {
    entries: serde_json::map::Iter<'a>,
    pending: Option<(&'a str, &'a serde_json::Value)>,
}

impl<'de> serde::de::MapAccess<'de> for StrictMap<'de> {
    type Error = JsonShapeError;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error as _;
        let (key, value) = self
            .pending
            .take()
            .ok_or_else(|| JsonShapeError::custom("a map value was read before its key"))?;
        seed.deserialize(StrictJson(value))
            .map_err(|e| e.at(key.to_owned()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct StrictEnum<'a> {
    variant: &'a str,
    value: &'a serde_json::Value,
}

impl<'de> serde::de::EnumAccess<'de> for StrictEnum<'de> {
    type Error = JsonShapeError;
    type Variant = StrictJson<'de>;

    fn variant_seed<V: serde::de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Self::Error> {
        let variant =
            seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(self.variant))?;
        Ok((variant, StrictJson(self.value)))
    }
}

impl<'de> serde::de::VariantAccess<'de> for StrictJson<'de> {
    type Error = JsonShapeError;

    fn unit_variant(self) -> Result<(), Self::Error> {
        serde::de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: serde::de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: serde::de::Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: serde::de::Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        serde::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}
