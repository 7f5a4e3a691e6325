//! `operations.rs`: each operation's parameter struct, and the enums of its responses and
//! errors where the spec gives several shapes.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::params_builder::{builder, path_shortcut, shared_items, unset_marker};
use super::types::{ident, ty, Scope};
use crate::model::ir::*;
use crate::model::naming;

/// One way a response can come back: a status (or range), maybe a media type, and what the
/// method returns for it.
pub struct Arm {
    pub status: StatusMatch,
    pub content: Option<ResponseContent>,
    /// The enum variant wrapping it, when the outcome is an enum.
    pub variant: Option<Ident>,
    pub doc: Option<String>,
}

/// What a method returns on success, or carries in `Error::Api`.
pub struct Outcome {
    /// The Rust type, as seen from `client.rs`.
    pub ty: TokenStream,
    pub arms: Vec<Arm>,
    /// The enum to define in `operations.rs`, if the shapes differ.
    pub enum_name: Option<Ident>,
}

pub fn success_outcome(api: &Api, op: &Operation) -> Outcome {
    outcome(api, op, &op.success, "Response")
}

pub fn error_outcome(api: &Api, op: &Operation) -> Outcome {
    outcome(api, op, &op.errors, "Error")
}

fn arm_ty(arm_content: &Option<ResponseContent>) -> Ty {
    arm_content.as_ref().map_or(Ty::Unit, |c| c.ty.clone())
}

fn outcome(api: &Api, op: &Operation, cases: &[ResponseCase], suffix: &str) -> Outcome {
    let mut arms: Vec<Arm> = Vec::new();
    for case in cases {
        if case.contents.is_empty() {
            arms.push(Arm {
                status: case.status.clone(),
                content: None,
                variant: None,
                doc: case.description.clone(),
            });
        }
        for content in &case.contents {
            arms.push(Arm {
                status: case.status.clone(),
                content: Some(content.clone()),
                variant: None,
                doc: case.description.clone(),
            });
        }
    }
    let mut tys: Vec<Ty> = arms.iter().map(|a| arm_ty(&a.content)).collect();
    tys.dedup();
    tys.sort();
    tys.dedup();
    match tys.as_slice() {
        [] => Outcome {
            ty: if suffix == "Response" {
                quote!(super::runtime::RawResponse)
            } else {
                quote!(())
            },
            arms,
            enum_name: None,
        },
        [single] => Outcome {
            ty: ty(api, single, Scope::Sibling),
            arms,
            enum_name: None,
        },
        _ => {
            let enum_name = format_ident!("{}{}", op.type_stem, suffix);
            let mut names = naming::Namespace::default();
            let several_per_status =
                |status: &StatusMatch| arms.iter().filter(|a| &a.status == status).count() > 1;
            let wanted: Vec<String> = arms
                .iter()
                .map(|arm| {
                    let mut name = match &arm.status {
                        StatusMatch::Code(c) => format!("Status{c}"),
                        StatusMatch::Range(r) => format!("Status{r}XX"),
                        StatusMatch::Default => "Default".to_owned(),
                    };
                    if several_per_status(&arm.status) {
                        if let Some(c) = &arm.content {
                            name.push_str(&naming::camel(&c.content_type, "Media"));
                        }
                    }
                    name
                })
                .collect();
            for (arm, name) in arms.iter_mut().zip(wanted) {
                arm.variant = Some(ident(&names.unique(&name)));
            }
            Outcome {
                ty: quote!(super::operations::#enum_name),
                arms,
                enum_name: Some(enum_name),
            }
        }
    }
}

pub fn operations(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let params = params_struct(api, op);
        let success = outcome_enum(api, &success_outcome(api, op), &op.operation_id, "success");
        let errors = outcome_enum(api, &error_outcome(api, op), &op.operation_id, "error");
        let headers = super::response_value::headers_struct(api, op);
        quote!(#params #success #errors #headers)
    });
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
        #(#items)*
    }
}

fn outcome_enum(api: &Api, outcome: &Outcome, operation_id: &str, kind: &str) -> TokenStream {
    let Some(name) = &outcome.enum_name else {
        return TokenStream::new();
    };
    let doc = format!(" The {kind} responses of `{operation_id}`, by status.");
    let variants = outcome.arms.iter().map(|arm| {
        let variant = arm.variant.as_ref().expect("enum outcomes name every arm");
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
    format_ident!("{}Params", op.type_stem)
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
