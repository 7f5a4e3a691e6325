//! `tests/examples.rs` (with `tests/examples.json`, the document as JSON): the document's own
//! examples as a test of the generated crate. Each example is first validated against its
//! schema (the `jsonschema` crate; draft 4 with `nullable` for 3.0, 2020-12 for 3.1): one that
//! breaks its own schema is the document's fault and is reported, not failed. Each valid one is
//! decoded through its generated type and encoded back, and the two compared as JSON:
//!
//! - numbers are compared by value: `54` and `54.0` are one number, and a float is written in
//!   its shortest form, so that difference is intended;
//! - members the schema does not declare are dropped by a struct without
//!   `additionalProperties`, which is intended too (counted apart);
//! - anything else, and a valid example that does not decode, fails the test.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{ty, Scope};
use crate::model::ir::{Api, ExampleTests};

/// The test's files: `(path, Rust tokens or None for the JSON text, text)`.
pub fn files(api: &Api, tests: &ExampleTests, crate_name: &str) -> (TokenStream, String) {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let pairs = tests.pairs.iter().map(|pair| {
        let place = &pair.place;
        let schema = &pair.schema;
        let value = &pair.value;
        let target = ty(api, &pair.ty, Scope::Models);
        quote! {
            super::Pair { place: #place, schema: #schema, value: #value, round_trip: super::round_trip::<#target> },
        }
    });
    let openapi_31 = tests.openapi_31;
    let tokens = quote! {
        //! The document's own examples, decoded through the generated types and encoded back.
        //! Examples that break their own schema are the document's fault: reported, not failed.

        use #krate::models;
        #[allow(unused_imports)]
        use #krate::runtime;
        use serde_json::Value;

        /// Whether the document is OpenAPI 3.1 (JSON Schema 2020-12) rather than 3.0.
        const OPENAPI_31: bool = #openapi_31;

        struct Pair {
            place: &'static str,
            schema: &'static str,
            value: &'static str,
            round_trip: fn(&str) -> ::std::result::Result<Value, String>,
        }

        /// Decodes `text` as `T` and encodes it back as the client would send it: as text
        /// (`to_value` would widen an `f32` to its `f64` digits, which are never on the wire).
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> ::std::result::Result<Value, String> {
            let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let sent = serde_json::to_string(&value).map_err(|e| format!("cannot encode: {e}"))?;
            serde_json::from_str(&sent).map_err(|e| format!("cannot read back: {e}"))
        }

        #[allow(unused_imports, clippy::type_complexity)]
        mod table {
            use super::models::*;

            pub(super) fn pairs() -> Vec<super::Pair> {
                ::std::vec::Vec::from([#(#pairs)*])
            }
        }

        /// 3.0's `nullable: true` in JSON Schema terms, so a draft 4 validator reads it.
        fn nullable_as_json_schema(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    for member in map.values_mut() {
                        nullable_as_json_schema(member);
                    }
                    // Only the keyword: a property that happens to be named `nullable` stays.
                    if map.get("nullable") != Some(&Value::Bool(true)) {
                        return;
                    }
                    map.remove("nullable");
                    if let Some(Value::String(t)) = map.get("type").cloned() {
                        map.insert("type".into(), serde_json::json!([t, "null"]));
                        if let Some(Value::Array(values)) = map.get_mut("enum") {
                            values.push(Value::Null);
                        }
                    } else {
                        let schema = Value::Object(::std::mem::take(map));
                        map.insert("anyOf".into(), serde_json::json!([schema, {"type": "null"}]));
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(nullable_as_json_schema),
                _ => {}
            }
        }

        /// Equal as JSON, numbers by value; `dropped` counts members of `expected` that
        /// `actual` lacks (members the schema does not declare).
        fn same(expected: &Value, actual: &Value, dropped: &mut usize) -> bool {
            match (expected, actual) {
                (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
                (Value::Array(a), Value::Array(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b, dropped))
                }
                (Value::Object(a), Value::Object(b)) => {
                    *dropped += a.keys().filter(|k| !b.contains_key(*k)).count();
                    b.iter().all(|(k, v)| a.get(k).is_some_and(|e| same(e, v, dropped)))
                }
                (Value::String(a), Value::String(b)) => a == b || same_base64(a, b) || same_uuid(a, b) || same_date_time(a, b),
                (a, b) => a == b,
            }
        }

        /// One RFC 3339 date-time in two forms: `chrono` writes a zero offset as `Z` (not
        /// `+00:00` or `-00:00`), upper case `T` and `Z`, and fractional seconds in groups of
        /// three digits (`.5` as `.500`, `.000` left out).
        fn same_date_time(expected: &str, actual: &str) -> bool {
            fn canonical(text: &str) -> Option<String> {
                let text = text.to_ascii_uppercase();
                let bytes = text.as_bytes();
                let shape = bytes.len() >= 20 && bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'T' && bytes[13] == b':' && bytes[16] == b':';
                if !shape {
                    return None;
                }
                let (clock, offset) = match text.strip_suffix('Z') {
                    Some(clock) => (clock.to_owned(), "Z".to_owned()),
                    None => {
                        let (clock, offset) = text.split_at(text.len().checked_sub(6)?);
                        let offset = if offset == "+00:00" || offset == "-00:00" { "Z" } else { offset };
                        (clock.to_owned(), offset.to_owned())
                    }
                };
                let clock = match clock.split_once('.') {
                    Some((whole, fraction)) => match fraction.trim_end_matches('0') {
                        "" => whole.to_owned(),
                        fraction => format!("{whole}.{fraction}"),
                    },
                    None => clock,
                };
                Some(format!("{clock}{offset}"))
            }
            canonical(expected).is_some_and(|e| Some(e) == canonical(actual))
        }

        /// One UUID in two cases: `uuid::Uuid` writes lower case, as RFC 9562 (section 4)
        /// asks, and reads either.
        fn same_uuid(expected: &str, actual: &str) -> bool {
            let uuid = |text: &str| text.len() == 36 && text.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
            uuid(expected) && uuid(actual) && expected.eq_ignore_ascii_case(actual)
        }

        /// Two base64 texts of the same bytes: `format: byte` is read leniently and written
        /// canonically (`"abcd123="` comes back `"abcd120="`), which is intended.
        fn same_base64(expected: &str, actual: &str) -> bool {
            matches!((base64_bytes(expected), base64_bytes(actual)), (Some(a), Some(b)) if a == b)
        }

        /// The bytes of base64 text, read as the client reads `format: byte`.
        fn base64_bytes(text: &str) -> Option<runtime::Base64> {
            serde_json::from_value(Value::String(text.to_owned())).ok()
        }

        #[test]
        fn the_documents_examples_decode_and_round_trip() {
            let mut document: Value = serde_json::from_str(include_str!("examples.json")).unwrap();
            let draft = if OPENAPI_31 {
                jsonschema::Draft::Draft202012
            } else {
                nullable_as_json_schema(&mut document);
                jsonschema::Draft::Draft4
            };
            let (mut pairs, mut invalid, mut unchecked, mut decoded, mut exact, mut numbers, mut dropping) = (0, 0, 0, 0, 0, 0, 0);
            let mut failures = Vec::new();
            for pair in table::pairs() {
                pairs += 1;
                let example: Value = serde_json::from_str(pair.value).unwrap();
                let mut root = document.clone();
                root["$ref"] = Value::String(format!("#{}", pair.schema));
                match jsonschema::options().with_draft(draft).should_validate_formats(false).build(&root) {
                    Ok(validator) => {
                        if let Some(error) = validator.iter_errors(&example).next() {
                            invalid += 1;
                            println!("document's fault: {}: {error}", pair.place);
                            continue;
                        }
                    }
                    // A schema the validator cannot read: the example is tried all the same.
                    Err(error) => {
                        unchecked += 1;
                        println!("not validated: {}: {error}", pair.place);
                    }
                }
                let encoded = (pair.round_trip)(pair.value);
                if let Ok(encoded) = &encoded {
                    let mut dropped = 0;
                    if *encoded == example {
                        decoded += 1;
                        exact += 1;
                        continue;
                    } else if same(&example, encoded, &mut dropped) {
                        decoded += 1;
                        if dropped == 0 { numbers += 1 } else { dropping += 1 }
                        continue;
                    }
                }
                // `format` is not checked above (most formats are plain strings in Rust); an
                // example the types refuse or change may break a format the types do check
                // (`date-time`, `uuid`, `byte`...), which is the document's fault too.
                let format_error = jsonschema::options()
                    .with_draft(draft)
                    .should_validate_formats(true)
                    .with_format("byte", |text: &str| base64_bytes(text).is_some())
                    .build(&root)
                    .ok()
                    .and_then(|validator| validator.iter_errors(&example).next().map(|e| e.to_string()));
                if let Some(error) = format_error {
                    invalid += 1;
                    println!("document's fault (format): {}: {error}", pair.place);
                    continue;
                }
                match encoded {
                    Ok(encoded) => {
                        decoded += 1;
                        failures.push(format!("changed: {}: {} became {}", pair.place, example, encoded));
                    }
                    Err(error) => failures.push(format!("does not decode: {}: {error}", pair.place)),
                }
            }
            println!(
                "examples: {pairs} pairs, {invalid} invalid for their own schema (the document's fault), {unchecked} not validated, {decoded} decoded, {exact} round-tripped exactly, {numbers} equal but for number, base64, UUID or date-time forms, {dropping} equal but for undeclared members dropped, {} failed",
                failures.len()
            );
            for failure in &failures {
                println!("{failure}");
            }
            assert!(failures.is_empty(), "{} examples failed (listed above)", failures.len());
        }
    };
    (tokens, tests.document_json.clone())
}
