//! Every Rust name the generated client has is chosen here; emit only reads names.
//!
//! The spec names things freely: keywords, digits, punctuation, emoji and names that collide
//! after case conversion all end up as distinct, valid identifiers.
//!
//! - this file: how a word becomes a name ([`snake`], [`camel`]), unique names in one
//!   namespace ([`Namespace`]), and the names a schema asks for its types ([`hint`]);
//! - `types.rs`: type names (unique across `models.rs`), fields, enum and union variants,
//!   builders and `with_` setters of models;
//! - `operations.rs`: client methods (and the names `Client` keeps for itself), type stems and
//!   the operation's own types (`…Params`, `…Response`, `…Error`, `…ResponseHeaders`),
//!   parameters, response variants and header accessors, credential setters.
//!
//! Names are chosen in the document's order (the first to ask for a name gets it); a name that
//! had to change gets a number and a warning that says why.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

pub(crate) mod operations;
pub(crate) mod types;

/// Keywords that cannot be raw identifiers: a name that is one gets a `_`. Other keywords stay
/// as they are; emit writes them as raw identifiers (`r#type`, `emit::types::ident`).
const PLAIN_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps only characters Rust accepts in identifiers; everything else separates words.
///
/// Letters beyond ASCII are transliterated first (`größe` → `grosse`, `名前` → `ming qian`,
/// `🎉` → `tada`): a non-ASCII identifier can be invalid (`²`), equal to another one after
/// rustc's NFC normalization (`é` and `e` + U+0301), or set off the `uncommon_codepoints` and
/// `mixed_script_confusables` lints. Wire names stay exact either way.
fn clean(name: &str) -> String {
    deunicode::deunicode_with_tofu(name, " ")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A snake_case name (fields, methods, parameters). A keyword stays a keyword (emit escapes it),
/// except those no raw identifier can be (`self`, `super`, `crate`, `_`), which end in `_`.
pub fn snake(name: &str, fallback: &str) -> String {
    let mut s = clean(name).to_snake_case();
    s = s.trim_matches('_').to_owned();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if PLAIN_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// An UpperCamelCase identifier (types, variants).
pub fn camel(name: &str, fallback: &str) -> String {
    let mut s = clean(name).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, fallback);
    }
    if s == "Self" {
        s.push_str(fallback);
    }
    s
}

/// Hands out unique names in one namespace, appending a number on collision.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `name` if free, else `name2`, `name3`, ... (or `name_2` for snake_case names).
    pub fn unique(&mut self, name: &str) -> String {
        let base = name;
        if self.taken.insert(base.to_owned()) {
            return name.to_owned();
        }
        let sep = if base.contains('_') || base.chars().all(|c| !c.is_uppercase()) {
            "_"
        } else {
            ""
        };
        // `self_` + `_2` would be `self__2`, which the snake_case lint refuses.
        let stem = if sep == "_" {
            base.trim_end_matches('_')
        } else {
            base
        };
        (2..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// `name_suffix` for a snake_case name, without doubling an underscore the name ends with
/// (`self_` gives `self_request`, not `self__request`).
pub fn suffixed(name: &str, suffix: &str) -> String {
    format!("{}_{suffix}", name.trim_end_matches('_'))
}

/// The names schemas ask for the types they define: provisional, made unique by
/// [`types::name_types`] once every type is known.
pub(crate) mod hint {
    use super::camel;

    /// A component schema: its key.
    pub fn component(key: &str) -> String {
        camel(key, "Schema")
    }

    /// An inline schema of the property `key` of the type `parent` asked for.
    pub fn field(parent: &str, key: &str) -> String {
        format!("{parent}{}", camel(key, "Field"))
    }

    /// An array's items.
    pub fn item(parent: &str) -> String {
        format!("{parent}Item")
    }

    /// The values of a map (`additionalProperties`).
    pub fn value(parent: &str) -> String {
        format!("{parent}Value")
    }

    /// The `index`th member of a union (counting from 0).
    pub fn variant(parent: &str, index: usize) -> String {
        format!("{parent}Variant{}", index + 1)
    }

    /// The fixed tag a discriminated variant `owner` gets for `property`.
    pub fn tag(owner: &str, property: &str) -> String {
        format!("{owner}{}", camel(property, "Tag"))
    }

    /// The schema of an operation's parameter.
    pub fn param(stem: &str, name: &str) -> String {
        format!("{stem}{}", camel(name, "Param"))
    }

    /// The schema of an operation's request body.
    pub fn body(stem: &str) -> String {
        format!("{stem}Body")
    }

    /// The schema of an operation's response under the status key `status`.
    pub fn response(stem: &str, status: &str) -> String {
        format!("{stem}Response{}", camel(status, "Status"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("authorize-auth0", "op"), "authorize_auth0");
        assert_eq!(snake("returnTo", "f"), "return_to");
        assert_eq!(snake("open_AI", "f"), "open_ai");
        assert_eq!(snake("isSocial", "f"), "is_social");
        assert_eq!(snake("type", "f"), "type");
        assert_eq!(snake("self", "f"), "self_");
        assert_eq!(snake("Self", "f"), "self_");
        assert_eq!(snake("crate", "f"), "crate_");
        assert_eq!(snake("2fa", "f"), "n2fa");
        assert_eq!(snake("$ref", "f"), "ref");
        assert_eq!(snake("@id", "f"), "id");
        assert_eq!(snake("x.y-z", "f"), "x_y_z");
        assert_eq!(snake("🎉", "field"), "tada");
        assert_eq!(snake("\u{200b}", "field"), "field");
        assert_eq!(snake("größe", "f"), "grosse");
        assert_eq!(snake("名前", "f"), "ming_qian");
        // Not identifiers as they stand: a superscript digit, a combining mark, NFC twins.
        assert_eq!(snake("²", "f"), "n2");
        assert_eq!(snake("\u{345}a", "f"), "a");
        assert_eq!(snake("e\u{301}", "f"), snake("é", "f"));
        assert_eq!(camel("𝐀bc", "T"), "Abc");
        assert_eq!(snake("", "field"), "field");
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("ResultedPKCE", "T"), "ResultedPkce");
        assert_eq!(camel("OAuthToken", "T"), "OAuthToken");
        assert_eq!(camel("auth0_user", "T"), "Auth0User");
        assert_eq!(camel("Self", "Type"), "SelfType");
        assert_eq!(camel("200", "Status"), "Status200");
        assert_eq!(camel("", "Empty"), "Empty");
        assert_eq!(camel("MAJOR_0_MINOR_0_PATCH_1", "V"), "Major0Minor0Patch1");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut ns = Namespace::default();
        assert_eq!(ns.unique("user_id"), "user_id");
        assert_eq!(ns.unique("user_id"), "user_id_2");
        assert_eq!(ns.unique("type"), "type");
        assert_eq!(ns.unique("type"), "type_2");
        assert_eq!(ns.unique("Pet"), "Pet");
        assert_eq!(ns.unique("Pet"), "Pet2");
        assert_eq!(ns.unique("self_"), "self_");
        assert_eq!(ns.unique("self_"), "self_2");
        assert_eq!(suffixed("self_", "request"), "self_request");
        assert_eq!(suffixed("type", "request"), "type_request");
    }
}
