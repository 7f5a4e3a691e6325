//! How a user builds a model: `new`, or a builder with a named setter per required property,
//! then a `with_<field>` setter per optional one. Models are `#[non_exhaustive]`, so code outside the crate cannot write struct
//! literals; this is what lets a regenerated crate add an optional property without breaking
//! any caller.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::params_builder::{typestate, Slot};
use super::types::{ident, ty, Scope};
use crate::model::ir::*;

/// A field `new` must be given (the model's rule, [`Field::is_constructor_arg`]).
pub fn is_constructor_arg(api: &Api, field: &Field) -> bool {
    field.is_constructor_arg(&api.types)
}

/// How a struct is made: `new()` when nothing is required, `new(value)` when one value is,
/// and a `builder()` with a named setter per required value whenever any is (two positional
/// values of the same type could be swapped without a compile error); then a `with_<field>`
/// setter per optional field.
pub fn constructors(api: &Api, name: &Ident, s: &Struct) -> TokenStream {
    let args: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| is_constructor_arg(api, f))
        .collect();
    let value_of = |field: &Field, value: TokenStream| {
        if field.boxed {
            quote!(::std::boxed::Box::new(#value))
        } else {
            value
        }
    };
    // Everything but the required values: absent, null, or the one value a fixed type has.
    let defaults: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !is_constructor_arg(api, f))
        .map(|f| {
            let field_name = ident(&f.rust_name);
            quote!(#field_name: ::std::default::Default::default(),)
        })
        .chain(
            s.additional
                .as_ref()
                .map(|_| quote!(additional_properties: ::std::default::Default::default(),)),
        )
        .collect();
    let new = match args.as_slice() {
        [] => quote! {
            /// Nothing is required; add what you need with the `with_` methods.
            pub fn new() -> Self {
                Self { #(#defaults)* }
            }
        },
        [only] => {
            let field_name = ident(&only.rust_name);
            let inner = ty(api, &only.ty, Scope::Models);
            let value = value_of(only, quote!(#field_name.into()));
            let doc = format!(" The one required property, `{}`.", only.wire_name);
            quote! {
                #[doc = #doc]
                pub fn new(#field_name: impl ::std::convert::Into<#inner>) -> Self {
                    Self { #field_name: #value, #(#defaults)* }
                }
            }
        }
        _ => TokenStream::new(),
    };
    let builder = (!args.is_empty()).then(|| {
        let slots: Vec<Slot> = args
            .iter()
            .map(|f| Slot {
                field: ident(&f.rust_name),
                ty: ty(api, &f.ty, Scope::Models),
                wire_name: f.wire_name.clone(),
                deprecated: f.deprecated,
            })
            .collect();
        let sets = args.iter().map(|f| {
            let field_name = ident(&f.rust_name);
            let value = value_of(f, quote!(self.#field_name));
            quote!(#field_name: #value,)
        });
        let finish = quote!(#name { #(#sets)* #(#defaults)* });
        let builder = s
            .builder
            .as_deref()
            .expect("the model names a builder for every struct with a required value");
        typestate(
            name,
            &ident(builder),
            &slots,
            &[],
            finish,
            &quote!(super::operations::Unset),
        )
    });
    let setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| f.has_setter())
        .map(|field| setter(api, field))
        .collect();
    let methods = (!new.is_empty() || !setters.is_empty()).then(|| {
        quote! {
            impl #name {
                #new
                #(#setters)*
            }
        }
    });
    quote! {
        #methods
        #builder
    }
}

/// `with_<field>`: sets an optional (or null-able) field, for chaining after `new`.
fn setter(api: &Api, field: &Field) -> TokenStream {
    let field_name = ident(&field.rust_name);
    let method = ident(
        field
            .setter
            .as_deref()
            .expect("the model names every setter"),
    );
    let inner = ty(api, &field.ty, Scope::Models);
    let value = if field.boxed {
        quote!(::std::boxed::Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    let doc = format!(" Sets `{}`.", field.wire_name);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    if let Some(null_method) = &field.null_setter {
        // Three states: absent (the default), `null` (this second setter), or a value.
        let null_method = ident(null_method);
        let null_doc = format!(
            " Sends `{}` as `null` (to clear it), not leaving it out.",
            field.wire_name
        );
        return quote! {
            #[doc = #doc]
            #deprecated
            pub fn #method(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                self.#field_name = super::runtime::Nullable::Value(#value);
                self
            }

            #[doc = #null_doc]
            #deprecated
            pub fn #null_method(mut self) -> Self {
                self.#field_name = super::runtime::Nullable::Null;
                self
            }
        };
    }
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #method(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
            self.#field_name = ::std::option::Option::Some(#value);
            self
        }
    }
}
