//! `operations.rs`: each operation's parameter struct, and the enums of its responses and
//! errors where the spec gives several shapes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::params_builder::{builder, path_shortcut, shared_items, unset_marker};
use super::pipeline::Section;
use super::types::{ident, ty, Scope};
use crate::model::ir::*;

/// The Rust type of an outcome, as seen from `client.rs`.
pub fn outcome_ty(api: &Api, outcome: &Outcome) -> TokenStream {
    match &outcome.ty {
        OutcomeType::Raw => quote!(super::runtime::RawResponse),
        OutcomeType::Single(single) => ty(api, single, Scope::Sibling),
        OutcomeType::Enum(name) => {
            let name = ident(name);
            quote!(super::operations::#name)
        }
    }
}

/// The path of the outcome's enum as seen from `client.rs`; empty when it is not an enum.
pub fn enum_path(outcome: &Outcome) -> TokenStream {
    match &outcome.ty {
        OutcomeType::Enum(name) => {
            let name = ident(name);
            quote!(super::operations::#name)
        }
        _ => TokenStream::new(),
    }
}

/// The file's sections (`emit::pipeline`): its doc and shared items, then one operation's
/// types per item.
pub(super) fn sections(api: &Api) -> Vec<Section<'_>> {
    let item = |op: &Operation| {
        let params = params_struct(api, op);
        let success = outcome_enum(api, &op.success_outcome, &op.operation_id, "success");
        let errors = outcome_enum(api, &op.error_outcome, &op.operation_id, "error");
        let headers = super::response_value::headers_struct(api, op);
        quote!(#params #success #errors #headers)
    };
    let head = || {
        let unset = unset_marker();
        let shared = api
            .operations
            .iter()
            .any(|op| !op.params.is_empty())
            .then(shared_items);
        quote! {
            //! Each operation's parameters, and its response or error enums where the spec declares
            //! several shapes.
            #unset
            #shared
        }
    };
    vec![
        Section::Whole(Box::new(head)),
        Section::Items {
            count: api.operations.len(),
            item: Box::new(move |i| item(&api.operations[i])),
        },
    ]
}

fn outcome_enum(api: &Api, outcome: &Outcome, operation_id: &str, kind: &str) -> TokenStream {
    let OutcomeType::Enum(name) = &outcome.ty else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = format!(" The {kind} responses of `{operation_id}`, by status.");
    let variants = outcome.arms.iter().map(|arm| {
        let variant = ident(
            arm.variant
                .as_deref()
                .expect("enum outcomes name every arm"),
        );
        let docs = doc_attrs(arm.doc.as_deref());
        match &arm.content {
            None => quote!(#docs #variant,),
            Some(content) => {
                let inner = ty(api, &content.ty, Scope::Sibling);
                quote!(#docs #variant(#inner),)
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        // Variants hold the spec's types as they are; boxing large ones would only add noise.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

pub fn params_name(op: &Operation) -> Ident {
    ident(&op.params_type)
}

/// The field type of a parameter in the params struct.
fn param_type(api: &Api, param: &Param) -> TokenStream {
    let inner = ty(api, &param.ty, Scope::Sibling);
    if param.required {
        inner
    } else {
        quote!(::std::option::Option<#inner>)
    }
}

fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    if op.params.is_empty() {
        return TokenStream::new();
    }
    let name = params_name(op);
    let doc = format!(
        " Parameters of `{}` ({} `{}`).",
        op.operation_id, op.method, op.path
    );
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let field_ty = param_type(api, p);
        let docs = doc_attrs(p.doc.as_deref());
        let wire = format!(
            " Sent as `{}` in the {}.",
            p.wire_name,
            location_word(p.location)
        );
        let separator = p.doc.is_some().then(|| quote!(#[doc = ""]));
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote!(#docs #separator #[doc = #wire] #deprecated pub #field: #field_ty,)
    });
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let field = ident(&p.rust_name);
        let field_ty = ty(api, &p.ty, Scope::Sibling);
        let doc = format!(" Sets `{}`.", p.wire_name);
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #field(mut self, value: impl ::std::convert::Into<#field_ty>) -> Self {
                self.#field = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let has_secret = op.params.iter().any(|p| p.secret);
    let debug = (!has_secret).then(|| quote!(Debug,));
    let debug_impl = has_secret.then(|| {
        let label = name.to_string();
        let entries = op.params.iter().map(|p| {
            let field = ident(&p.rust_name);
            let text = &p.rust_name;
            if p.secret {
                quote!(.field(#text, &super::runtime::Redacted))
            } else {
                quote!(.field(#text, &self.#field))
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        }
    });
    // With a required parameter the struct is made by its builder, whose setters are named:
    // positional arguments of the same type could be swapped without a compile error.
    // One required value cannot be swapped with another: `new` takes it directly.
    let constructor = match required.as_slice() {
        [] => quote! {
            /// No parameter is required; set the ones you need with the methods below.
            pub fn new() -> Self {
                ::std::default::Default::default()
            }
        },
        [only] => {
            let field = ident(&only.rust_name);
            let field_ty = ty(api, &only.ty, Scope::Sibling);
            let doc = format!(" The one required parameter, `{}`.", only.wire_name);
            let others = op
                .params
                .iter()
                .filter(|p| !p.required)
                .map(|p| ident(&p.rust_name));
            quote! {
                #[doc = #doc]
                pub fn new(#field: impl ::std::convert::Into<#field_ty>) -> Self {
                    Self { #field: #field.into(), #(#others: ::std::option::Option::None,)* }
                }
            }
        }
        _ => TokenStream::new(),
    };
    let default = required.is_empty().then(|| quote!(Default,));
    let builder = builder(api, op, &name);
    let shortcut = path_shortcut(api, op, &name);
    quote! {
        #[doc = #doc]
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #builder
        #shortcut
        #debug_impl
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query string",
        ParamLocation::Header => "headers",
        ParamLocation::Cookie => "`Cookie` header",
    }
}
