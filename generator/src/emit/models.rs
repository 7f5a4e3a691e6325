//! `models.rs`: one Rust type per schema that needs a name.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructors::{constructors, is_constructor_arg};
use super::docs::{doc_attrs, doc_paragraphs};
use super::pipeline::Section;
use super::types::{describe, ident, ty, Scope};
use crate::model::ir::*;

/// The file's sections (`emit::pipeline`): its doc, then one type (and its impls) per item.
pub(super) fn sections(api: &Api) -> Vec<Section<'_>> {
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    vec![
        Section::Whole(Box::new(|| {
            quote! {
                //! The API's data types, one per schema, with the spec's wire names.
            }
        })),
        Section::Items {
            count: order.len(),
            item: Box::new(move |i| type_def(api, order[i])),
        },
    ]
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    // Every public item is documented (`missing_docs`): without a description, where it stands.
    let fallback = format!("The schema at `{}`.", def.source);
    let docs = doc_attrs(def.doc.as_deref().or(Some(&fallback)));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(api, &name, s),
        TypeKind::StringEnum(variants) => string_enum(&name, variants),
        TypeKind::Fixed(value) => fixed(&name, value),
        TypeKind::Union(u) => union(api, &name, u),
        TypeKind::Alias(target) => {
            let target = ty(api, target, Scope::Models);
            quote!(pub type #name = #target;)
        }
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

/// The field's Rust type: `Option` when it may be absent or null (one of the two), the
/// runtime's three-state `Nullable` when it may be both, `Box` when recursive.
pub fn field_type(api: &Api, field: &Field) -> TokenStream {
    let mut inner = ty(api, &field.ty, Scope::Models);
    if field.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    match (field.required, field.nullable) {
        (true, false) => inner,
        (false, true) => quote!(super::runtime::Nullable<#inner>),
        _ => quote!(::std::option::Option<#inner>),
    }
}

fn field_docs(field: &Field) -> TokenStream {
    // Every public item is documented (`missing_docs`): without a description, the property.
    let doc = field
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    let default = field.default.as_ref().map(|d| format!("Default: `{d}`."));
    let deprecated = field.deprecated.then(|| "Deprecated.".to_owned());
    doc_paragraphs(&[Some(doc), default, deprecated])
}

fn structure(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let field_ty = field_type(api, field);
        let docs = field_docs(field);
        let wire = &field.wire_name;
        let rename = (field.rust_name != *wire)
            .then(|| quote!(#[serde(rename = #wire)]));
        let skip = if !field.required && field.nullable {
            // Absent is written as nothing, `null` as `null`.
            Some(quote!(#[serde(default, skip_serializing_if = "super::runtime::Nullable::is_absent")]))
        } else if !field.required {
            Some(quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]))
        } else if field.nullable {
            Some(quote!(#[serde(default)]))
        } else {
            None
        };
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            #rename
            #skip
            pub #field_name: #field_ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = ty(api, value, Scope::Models);
        quote! {
            /// Properties beyond those the spec lists, kept as they arrived.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let nothing_required = !s.fields.iter().any(|f| is_constructor_arg(api, f));
    let default = nothing_required.then(|| quote!(Default,));
    let constructors = constructors(api, name, s);
    let has_secret = s.fields.iter().any(|f| f.secret);
    let debug = (!has_secret).then(|| quote!(Debug,));
    let debug_impl = has_secret.then(|| redacted_debug(name, s));
    quote! {
        #[derive(#debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructors
        #debug_impl
    }
}

/// `Debug` that prints `<redacted>` for fields marked `x-secret`.
fn redacted_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let type_name = name.to_string();
    let entries = s.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let label = &field.rust_name;
        let optional = !field.required || field.nullable;
        if field.secret && optional {
            quote!(.field(#label, &self.#field_name.as_ref().map(|_| super::runtime::Redacted)))
        } else if field.secret {
            quote!(.field(#label, &super::runtime::Redacted))
        } else {
            quote!(.field(#label, &self.#field_name))
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(.field("additional_properties", &self.additional_properties)));
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    #additional
                    .finish()
            }
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, variants: &[EnumVariant]) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.wire_value.as_str()).collect();
    let docs = values.iter().map(|v| format!(" `{v}`"));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "::std::string::String", into = "::std::string::String")]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #docs] #names, )*
            /// A value the spec does not list (a newer server may send one); kept as sent.
            UnknownValue(::std::string::String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #values, )*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#names, )*
                    _ => Self::UnknownValue(value),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(::std::string::String::from(value))
            }
        }

        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                match value {
                    #name::UnknownValue(value) => value,
                    known => ::std::string::String::from(known.as_str()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// A type with one value: written as that string, and no other string is accepted.
fn fixed(name: &proc_macro2::Ident, value: &str) -> TokenStream {
    let doc = format!(" Always `{value}`.");
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct #name;

        impl #name {
            #[doc = #doc]
            pub const VALUE: &'static str = #value;

            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &'static str {
                Self::VALUE
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(Self::VALUE)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                if value == Self::VALUE {
                    ::std::result::Result::Ok(Self)
                } else {
                    ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
                        ::serde::de::Unexpected::Str(&value),
                        &Self::VALUE,
                    ))
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(Self::VALUE)
            }
        }
    }
}

fn union(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let mut inner = ty(api, &v.ty, Scope::Models);
        if v.boxed {
            inner = quote!(::std::boxed::Box<#inner>);
        }
        // Every public item is documented (`missing_docs`).
        let mut doc = match &v.ty {
            Ty::Named(_) => format!(" A `{}`.", describe(api, &v.ty)),
            _ => format!(" The `{}` alternative.", v.rust_name),
        };
        if let (Some(property), false) = (&u.discriminator, v.tags.is_empty()) {
            let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
            doc.push_str(&format!(" Its `{property}` is {}.", tags.join(" or ")));
        }
        quote!(#[doc = #doc] #variant(#inner),)
    });
    let Some(property) = &u.discriminator else {
        return quote! {
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
        };
    };
    // The tag stays inside each variant's object (its own field may need it), so the variant is
    // chosen by reading the tag first and then decoding the whole value.
    // A tag two variants claim goes to the first, as a `match` would; the later arm is left out
    // rather than written unreachable.
    let mut seen = std::collections::HashSet::new();
    let arms = u.variants.iter().filter_map(|v| {
        let variant = ident(&v.rust_name);
        let tags: Vec<&String> = v.tags.iter().filter(|t| seen.insert(t.as_str())).collect();
        if tags.is_empty() {
            return None;
        }
        let wrap = if v.boxed {
            quote!(|v| Self::#variant(::std::boxed::Box::new(v)))
        } else {
            quote!(Self::#variant)
        };
        Some(quote! {
            #( ::std::option::Option::Some(#tags) )|* => ::serde_json::from_value(value).map(#wrap).map_err(D::Error::custom),
        })
    });
    let mut all_tags: Vec<String> = Vec::new();
    for tag in u.variants.iter().flat_map(|v| &v.tags) {
        if !all_tags.contains(tag) {
            all_tags.push(tag.clone());
        }
    }
    let expected = format!("one of {}", all_tags.join(", "));
    let type_name = name.to_string();
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = ::serde_json::Value::deserialize(deserializer)?;
                let tag = super::runtime::discriminator_value(&value, #property).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    ::std::option::Option::Some(other) => ::std::result::Result::Err(D::Error::custom(::std::format!(
                        "{}: `{}` is `{}`, expected {}", #type_name, #property, other, #expected
                    ))),
                    ::std::option::Option::None => ::std::result::Result::Err(D::Error::custom(::std::format!(
                        "{}: the discriminator `{}` is missing", #type_name, #property
                    ))),
                }
            }
        }
    }
}
