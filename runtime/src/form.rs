//! `application/x-www-form-urlencoded` request bodies (the `form` feature).

use std::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};

use super::error::Error;
use super::params::{Query, QueryStyle};
use super::value::{primitive_text, to_ordered, Ordered};

/// How one field of a form-urlencoded body is written, from the spec's Encoding Object.
#[derive(Debug, Clone, Copy)]
pub struct FormEncoding {
    /// The field's wire name.
    pub name: &'static str,
    /// Its `style`.
    pub style: QueryStyle,
    /// Its `explode`.
    pub explode: bool,
}

/// A form-urlencoded body: top-level fields as `name=value` (lists repeat the name, like
/// `style: form, explode: true`), nested objects as JSON text (the OpenAPI Encoding Object's
/// default content type for objects), absent optional fields left out. A field named in
/// `encodings` is written by its style instead, exactly like a query parameter.
///
/// The common fields (primitives, lists of primitives, absent options) are written straight
/// from the value's serialization; a field of any other shape, and any error, goes through the
/// JSON data model (`to_ordered`), which defines the bytes. Both give the same text.
pub fn form_body<T: Serialize + ?Sized, E>(
    value: &T,
    encodings: &[FormEncoding],
) -> Result<String, Error<E>> {
    match direct(value, encodings) {
        Ok(text) => Ok(text),
        // An error is reported by the defining path, exactly as it words it.
        Err(_) => form_body_via_tree(value, encodings),
    }
}

/// The form body written while `value` serializes. A field of a shape it does not write
/// itself (a nested object, a list of lists, a 128-bit number) is written through the tree.
fn direct<T: Serialize + ?Sized>(value: &T, encodings: &[FormEncoding]) -> Result<String, Failure> {
    let mut body = Body {
        out: String::new(),
        encodings,
    };
    value.serialize(Top(&mut body))?;
    Ok(body.out)
}

/// The defining path: the value in JSON's data model, then each field by its rule.
fn form_body_via_tree<T: Serialize + ?Sized, E>(
    value: &T,
    encodings: &[FormEncoding],
) -> Result<String, Error<E>> {
    let Ordered::Object(fields) = to_ordered(value)? else {
        return Err(Error::InvalidRequest(
            "a form body must be an object".into(),
        ));
    };
    let mut body = Body {
        out: String::new(),
        encodings,
    };
    for (name, value) in &fields {
        if let Some(encoding) = encodings.iter().find(|e| e.name == name) {
            body.styled(name, value, encoding)?;
            continue;
        }
        body.tree_field(name, value);
    }
    Ok(body.out)
}

/// The body being written: pairs joined by `&`.
struct Body<'a> {
    out: String,
    encodings: &'a [FormEncoding],
}

impl Body<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Failure> {
        if let Some(encoding) = self.encodings.iter().find(|e| e.name == name) {
            return self
                .styled::<_, ()>(name, value, encoding)
                .map_err(Failure::from);
        }
        let mark = self.out.len();
        match value.serialize(FieldValue {
            name,
            out: &mut self.out,
        }) {
            Err(Failure::Tree) => {
                self.out.truncate(mark);
                let tree = to_ordered::<_, ()>(value).map_err(Failure::from)?;
                self.tree_field(name, &tree);
                Ok(())
            }
            other => other,
        }
    }

    fn styled<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
        encoding: &FormEncoding,
    ) -> Result<(), Error<E>> {
        let mut styled = Query::default();
        styled.add(name, value, encoding.style, encoding.explode, false)?;
        if !styled.text.is_empty() {
            separate(&mut self.out);
            self.out.push_str(&styled.text);
        }
        Ok(())
    }

    /// One field from the JSON data model: null left out, a list repeating the name.
    fn tree_field(&mut self, name: &str, value: &Ordered) {
        match value {
            Ordered::Null => {}
            Ordered::List(items) => {
                for item in items {
                    pair(&mut self.out, name, &primitive_text(item));
                }
            }
            other => pair(&mut self.out, name, &primitive_text(other)),
        }
    }
}

fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
}

/// `name=value`, both form-urlencoded (`url::form_urlencoded::Serializer::append_pair`).
fn pair(out: &mut String, name: &str, value: &str) {
    separate(out);
    out.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
    out.push('=');
    out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
}

/// Why the direct path stopped.
#[derive(Debug)]
enum Failure {
    /// Not a shape the direct path writes: the tree writes it.
    Tree,
    /// The body is not an object, or the value failed to serialize.
    Refused(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Tree => f.write_str("written through the tree"),
            Failure::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Failure {}

impl ser::Error for Failure {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Failure::Refused(message.to_string())
    }
}

impl<E> From<Error<E>> for Failure {
    fn from(error: Error<E>) -> Self {
        match error {
            Error::InvalidRequest(message) => Failure::Refused(message),
            _ => Failure::Refused("form body".into()),
        }
    }
}

fn refuse<T>() -> Result<T, Failure> {
    Err(Failure::Refused("a form body must be an object".into()))
}

/// A number's text as JSON's data model gives it (`serde_json::Number`); a non-finite float
/// is JSON's null.
fn float_text(v: f64) -> Option<String> {
    serde_json::Number::from_f64(v).map(|n| n.to_string())
}

/// Serializes the top level: a struct or a map of fields.
struct Top<'a, 'b>(&'a mut Body<'b>);

/// The fields of the top level.
struct Fields<'a, 'b> {
    body: &'a mut Body<'b>,
    key: Option<String>,
}

impl<'a, 'b> Serializer for Top<'a, 'b> {
    type Ok = ();
    type Error = Failure;
    type SerializeSeq = Impossible<(), Failure>;
    type SerializeTuple = Impossible<(), Failure>;
    type SerializeTupleStruct = Impossible<(), Failure>;
    type SerializeTupleVariant = Impossible<(), Failure>;
    type SerializeMap = Fields<'a, 'b>;
    type SerializeStruct = Fields<'a, 'b>;
    type SerializeStructVariant = Impossible<(), Failure>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a, 'b>, Failure> {
        Ok(Fields {
            body: self.0,
            key: None,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a, 'b>, Failure> {
        Ok(Fields {
            body: self.0,
            key: None,
        })
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failure> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failure> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_i8(self, _: i8) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_i16(self, _: i16) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_i32(self, _: i32) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_i64(self, _: i64) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_u8(self, _: u8) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_u16(self, _: u16) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_u32(self, _: u32) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_u64(self, _: u64) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_f32(self, _: f32) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_f64(self, _: f64) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_char(self, _: char) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_str(self, _: &str) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_none(self) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_unit(self) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Failure> {
        refuse()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failure> {
        refuse()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failure> {
        refuse()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failure> {
        refuse()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failure> {
        refuse()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failure> {
        refuse()
    }
}

impl ser::SerializeStruct for Fields<'_, '_> {
    type Ok = ();
    type Error = Failure;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Failure> {
        self.body.field(name, value)
    }
    fn end(self) -> Result<(), Failure> {
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_, '_> {
    type Ok = ();
    type Error = Failure;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failure> {
        // JSON's member names are strings; a key of any other type goes through the tree,
        // which names it as serde_json does.
        self.key = Some(match serde_json::to_value(key) {
            Ok(serde_json::Value::String(key)) => key,
            _ => return Err(Failure::Tree),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        let key = self.key.take().ok_or(Failure::Tree)?;
        self.body.field(&key, value)
    }
    fn end(self) -> Result<(), Failure> {
        Ok(())
    }
}

/// Serializes one top-level field's value: a primitive as one pair, a list as one pair per
/// item, null as nothing; any other shape is [`Failure::Tree`].
struct FieldValue<'a> {
    name: &'a str,
    out: &'a mut String,
}

/// Serializes one item of a list field: a primitive, or null as an empty value.
struct Item<'a> {
    name: &'a str,
    out: &'a mut String,
}

/// The primitives, written the same way by a field and by a list item.
macro_rules! primitives {
    () => {
        fn serialize_bool(self, v: bool) -> Result<(), Failure> {
            pair(self.out, self.name, if v { "true" } else { "false" });
            Ok(())
        }
        fn serialize_i8(self, v: i8) -> Result<(), Failure> {
            self.serialize_i64(v.into())
        }
        fn serialize_i16(self, v: i16) -> Result<(), Failure> {
            self.serialize_i64(v.into())
        }
        fn serialize_i32(self, v: i32) -> Result<(), Failure> {
            self.serialize_i64(v.into())
        }
        fn serialize_i64(self, v: i64) -> Result<(), Failure> {
            pair(self.out, self.name, &v.to_string());
            Ok(())
        }
        fn serialize_u8(self, v: u8) -> Result<(), Failure> {
            self.serialize_u64(v.into())
        }
        fn serialize_u16(self, v: u16) -> Result<(), Failure> {
            self.serialize_u64(v.into())
        }
        fn serialize_u32(self, v: u32) -> Result<(), Failure> {
            self.serialize_u64(v.into())
        }
        fn serialize_u64(self, v: u64) -> Result<(), Failure> {
            pair(self.out, self.name, &v.to_string());
            Ok(())
        }
        // Beyond f64 when read back by the tree: left to it.
        fn serialize_i128(self, _: i128) -> Result<(), Failure> {
            Err(Failure::Tree)
        }
        fn serialize_u128(self, _: u128) -> Result<(), Failure> {
            Err(Failure::Tree)
        }
        // Written as f32 text and read back as f64 by the tree: left to it.
        fn serialize_f32(self, _: f32) -> Result<(), Failure> {
            Err(Failure::Tree)
        }
        fn serialize_f64(self, v: f64) -> Result<(), Failure> {
            match float_text(v) {
                Some(text) => {
                    pair(self.out, self.name, &text);
                    Ok(())
                }
                None => self.serialize_unit(),
            }
        }
        fn serialize_char(self, v: char) -> Result<(), Failure> {
            pair(self.out, self.name, v.encode_utf8(&mut [0; 4]));
            Ok(())
        }
        fn serialize_str(self, v: &str) -> Result<(), Failure> {
            pair(self.out, self.name, v);
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<(), Failure> {
            self.serialize_str(variant)
        }
        fn serialize_none(self) -> Result<(), Failure> {
            self.serialize_unit()
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), Failure> {
            self.serialize_unit()
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failure> {
            value.serialize(self)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<(), Failure> {
            value.serialize(self)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), Failure> {
            Err(Failure::Tree)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Failure> {
            Err(Failure::Tree)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Failure> {
            Err(Failure::Tree)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Failure> {
            Err(Failure::Tree)
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Failure> {
            Err(Failure::Tree)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Failure> {
            Err(Failure::Tree)
        }
    };
}

impl<'a> Serializer for FieldValue<'a> {
    type Ok = ();
    type Error = Failure;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Impossible<(), Failure>;
    type SerializeMap = Impossible<(), Failure>;
    type SerializeStruct = Impossible<(), Failure>;
    type SerializeStructVariant = Impossible<(), Failure>;

    primitives!();

    /// A null field is left out.
    fn serialize_unit(self) -> Result<(), Failure> {
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Failure> {
        Ok(Items {
            name: self.name,
            out: self.out,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Failure> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, Failure> {
        self.serialize_seq(Some(len))
    }
}

/// The items of a list field.
struct Items<'a> {
    name: &'a str,
    out: &'a mut String,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        value.serialize(Item {
            name: self.name,
            out: self.out,
        })
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Failure;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.item(value)
    }
    fn end(self) -> Result<(), Failure> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Failure;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.item(value)
    }
    fn end(self) -> Result<(), Failure> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Failure;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.item(value)
    }
    fn end(self) -> Result<(), Failure> {
        Ok(())
    }
}

impl Serializer for Item<'_> {
    type Ok = ();
    type Error = Failure;
    type SerializeSeq = Impossible<(), Failure>;
    type SerializeTuple = Impossible<(), Failure>;
    type SerializeTupleStruct = Impossible<(), Failure>;
    type SerializeTupleVariant = Impossible<(), Failure>;
    type SerializeMap = Impossible<(), Failure>;
    type SerializeStruct = Impossible<(), Failure>;
    type SerializeStructVariant = Impossible<(), Failure>;

    primitives!();

    /// A null item is an empty value (its text form is empty).
    fn serialize_unit(self) -> Result<(), Failure> {
        pair(self.out, self.name, "");
        Ok(())
    }
    // A list in a list is JSON text: left to the tree.
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failure> {
        Err(Failure::Tree)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failure> {
        Err(Failure::Tree)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failure> {
        Err(Failure::Tree)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    enum Grant {
        #[serde(rename = "authorization_code")]
        AuthorizationCode,
        Other(u8),
    }

    #[derive(Serialize)]
    struct Inner {
        b: u8,
        a: Option<&'static str>,
    }

    #[derive(Serialize)]
    struct Newtype(i32);

    #[derive(Serialize)]
    struct Token {
        grant_type: Grant,
        code: String,
        redirect_uri: Option<String>,
        absent: Option<String>,
        scope: Vec<&'static str>,
        numbers: Vec<Option<f64>>,
        ratio: f64,
        not_a_number: f64,
        small: f32,
        big: u128,
        negative: i64,
        yes: bool,
        letter: char,
        wrapped: Newtype,
        pair: (u8, &'static str),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    fn token() -> Token {
        Token {
            grant_type: Grant::AuthorizationCode,
            code: "a b&c=d/é+%".into(),
            redirect_uri: Some("https://example.com/cb?x=1".into()),
            absent: None,
            scope: vec!["openid", "offline access"],
            numbers: vec![Some(1.0), None, Some(-0.5e-7), Some(f64::INFINITY)],
            ratio: 1e21,
            not_a_number: f64::NAN,
            small: 0.1,
            big: u128::MAX,
            negative: -42,
            yes: true,
            letter: 'ß',
            wrapped: Newtype(7),
            pair: (1, "x"),
            skipped: None,
        }
    }

    fn tree<T: Serialize>(value: &T, encodings: &[FormEncoding]) -> String {
        form_body_via_tree::<_, ()>(value, encodings).unwrap()
    }

    /// The direct path writes the same bytes as the defining one, and writes the common
    /// shapes itself.
    #[test]
    fn direct_form_bodies_match_the_json_data_model() {
        let value = token();
        let body = direct(&value, &[]).unwrap();
        assert_eq!(body, tree(&value, &[]));
        assert!(body.starts_with(
            "grant_type=authorization_code&code=a+b%26c%3Dd%2F%C3%A9%2B%25&redirect_uri="
        ));
        assert!(body.contains("&scope=openid&scope=offline+access&numbers=1.0&numbers=&numbers=-5e-8&numbers=&ratio=1e%2B21&small=0.1&"), "{body}");
        assert!(!body.contains("absent") && !body.contains("not_a_number"));
        assert!(!body.contains("skipped"));
    }

    /// Shapes the direct path leaves to the tree (nested objects and lists, newtype
    /// variants, maps with number keys, styled fields) come out the same through
    /// `form_body`.
    #[test]
    fn nested_and_styled_fields_match_the_json_data_model() {
        #[derive(Serialize)]
        struct Nested {
            inner: Inner,
            lists: Vec<Vec<u8>>,
            objects: Vec<Inner>,
            variant: Grant,
            styled: Vec<u8>,
            deep: Inner,
            bytes: serde_bytes_like::Bytes,
        }
        mod serde_bytes_like {
            pub struct Bytes(pub &'static [u8]);
            impl serde::Serialize for Bytes {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_bytes(self.0)
                }
            }
        }
        let value = Nested {
            inner: Inner { b: 2, a: None },
            lists: vec![vec![1, 2], vec![]],
            objects: vec![Inner { b: 1, a: Some("z") }],
            variant: Grant::Other(3),
            styled: vec![4, 5],
            deep: Inner {
                b: 9,
                a: Some("q r"),
            },
            bytes: serde_bytes_like::Bytes(b"hi"),
        };
        let encodings = [
            FormEncoding {
                name: "styled",
                style: QueryStyle::PipeDelimited,
                explode: false,
            },
            FormEncoding {
                name: "deep",
                style: QueryStyle::DeepObject,
                explode: true,
            },
        ];
        let body = form_body::<_, ()>(&value, &encodings).unwrap();
        assert_eq!(body, tree(&value, &encodings));
        assert_eq!(
            body,
            "inner=%7B%22b%22%3A2%2C%22a%22%3Anull%7D&lists=%5B1%2C2%5D&lists=%5B%5D\
             &objects=%7B%22b%22%3A1%2C%22a%22%3A%22z%22%7D&variant=%7B%22Other%22%3A3%7D\
             &styled=4%7C5&deep%5Bb%5D=9&deep%5Ba%5D=q%20r&bytes=104&bytes=105"
        );

        let mut map = BTreeMap::new();
        map.insert(2, "two");
        map.insert(1, "one");
        assert_eq!(form_body::<_, ()>(&map, &[]).unwrap(), "1=one&2=two");
        let mut names = BTreeMap::new();
        names.insert("b", vec![Some(1), None]);
        names.insert("a", vec![]);
        assert_eq!(direct(&names, &[]).unwrap(), tree(&names, &[]));
        assert_eq!(direct(&names, &[]).unwrap(), "b=1&b=");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        for refused in [
            form_body::<_, ()>(&vec![1, 2], &[]),
            form_body::<_, ()>(&"text", &[]),
            form_body::<_, ()>(&None::<Inner>, &[]),
        ] {
            assert!(
                matches!(&refused, Err(Error::InvalidRequest(m)) if m == "a form body must be an object"),
                "{refused:?}"
            );
        }
        assert_eq!(
            form_body::<_, ()>(&Some(Inner { b: 1, a: None }), &[]).unwrap(),
            "b=1"
        );
    }
}
