//! Rust type expressions for [`Ty`], always fully qualified so that schemas named `String`,
//! `Option`, `Result` or `Vec` cannot shadow the standard types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::ir::{Api, FloatKind, IntKind, Ty, TypeId};

/// Where the type expression is written: inside `models` or in a sibling module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Models,
    Sibling,
}

/// Keywords a name may be that `r#` escapes (the model leaves them as they are; those `r#`
/// cannot escape, `self` and the like, it never hands out).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// The identifier for a name the model chose: a keyword becomes a raw identifier (`r#type`).
/// The one place names become identifiers; text (docs, `Debug` labels) uses the name itself.
pub fn ident(name: &str) -> Ident {
    if RAW_KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

pub fn type_name(api: &Api, id: TypeId, scope: Scope) -> TokenStream {
    let name = ident(&api.types[id.0].name);
    match scope {
        Scope::Models => quote!(#name),
        Scope::Sibling => quote!(super::models::#name),
    }
}

pub fn ty(api: &Api, ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::Int(IntKind::I32) => quote!(i32),
        Ty::Int(IntKind::I64) => quote!(i64),
        Ty::Int(IntKind::U32) => quote!(u32),
        Ty::Int(IntKind::U64) => quote!(u64),
        Ty::Float(FloatKind::F32) => quote!(f32),
        Ty::Float(FloatKind::F64) => quote!(f64),
        Ty::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Ty::Date => quote!(::chrono::NaiveDate),
        Ty::Uuid => quote!(::uuid::Uuid),
        Ty::Base64 => quote!(super::runtime::Base64),
        // Raw bytes: a file part in a multipart body (text inside JSON); whole binary bodies and
        // responses are plain byte vectors.
        Ty::Bytes => match scope {
            Scope::Models => quote!(super::runtime::Binary),
            Scope::Sibling => quote!(::std::vec::Vec<u8>),
        },
        Ty::Any => quote!(::serde_json::Value),
        Ty::Array(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::Named(id) => type_name(api, *id, scope),
        Ty::Nullable(inner) => {
            let inner = self::ty(api, inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        Ty::Unit => quote!(()),
    }
}

/// A human name for error messages: what the body was expected to be.
pub fn describe(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => api.types[id.0].name.clone(),
        Ty::Array(inner) => format!("a list of {}", describe(api, inner)),
        Ty::Map(inner) => format!("a map of {}", describe(api, inner)),
        Ty::Nullable(inner) => format!("{} or null", describe(api, inner)),
        Ty::Any => "any JSON value".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}
