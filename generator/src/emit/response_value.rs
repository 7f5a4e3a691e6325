//! What a method returns on success: `runtime::ResponseValue<T, H>`, where `H` is the
//! operation's `<Stem>ResponseHeaders` (the response headers its document declares, typed)
//! when there are any; and the `x-secret` field names error messages hide.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::types::{ident, ty, Scope};
use crate::model::ir::*;

/// The `H` of the method's `ResponseValue<T, H>`, when the document declares headers.
pub fn headers_type(op: &Operation) -> Option<TokenStream> {
    let name = ident(&op.success_headers.as_ref()?.name);
    Some(quote!(super::operations::#name))
}

/// The method's success type, as seen from `client.rs`.
pub fn success_type(op: &Operation, body: &TokenStream) -> TokenStream {
    match headers_type(op) {
        Some(headers) => quote!(runtime::ResponseValue<#body, #headers>),
        None => quote!(runtime::ResponseValue<#body>),
    }
}

/// The statement after the status `match`: adds the typed headers.
pub fn add_typed_headers(op: &Operation, value: TokenStream) -> TokenStream {
    match headers_type(op) {
        Some(headers) => quote! {
            let value: runtime::ResponseValue<_> = #value?;
            value.with_typed_headers(#headers::from_headers)
        },
        None => value,
    }
}

/// `<Stem>ResponseHeaders` in `operations.rs`: one accessor per declared header, decoded when
/// the response arrives.
pub fn headers_struct(api: &Api, op: &Operation) -> TokenStream {
    let Some(SuccessHeaders { name, headers }) = &op.success_headers else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = format!(
        " The response headers `{}` declares, decoded by their schemas ([`super::runtime::ResponseValue::typed_headers`]).",
        op.operation_id
    );
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut accessors = Vec::new();
    for header in headers {
        let field = ident(&header.rust_name);
        let wire = &header.wire_name;
        let value_ty = ty(api, &header.ty, Scope::Sibling);
        let is_string = header.ty == Ty::String;
        let docs = doc_attrs(header.doc.as_deref());
        let line = format!(
            " `{}`{}.",
            header.wire_name,
            if header.required { " (required)" } else { "" }
        );
        if header.required {
            fields.push(quote!(#field: #value_ty,));
            reads.push(quote!(#field: super::runtime::required_header(headers, #wire)?,));
            accessors.push(if is_string {
                quote!(#[doc = #line] #docs pub fn #field(&self) -> &str { &self.#field })
            } else {
                quote!(#[doc = #line] #docs pub fn #field(&self) -> #value_ty { self.#field })
            });
        } else {
            fields.push(quote!(#field: ::std::option::Option<#value_ty>,));
            reads.push(quote!(#field: super::runtime::header_value(headers, #wire)?,));
            accessors.push(if is_string {
                quote!(#[doc = #line] #docs pub fn #field(&self) -> ::std::option::Option<&str> { self.#field.as_deref() })
            } else {
                quote!(#[doc = #line] #docs pub fn #field(&self) -> ::std::option::Option<#value_ty> { self.#field })
            });
        }
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads the declared headers: a required one absent, or one that does not parse
            /// as its schema's type, is an error message.
            pub fn from_headers(
                headers: &::reqwest::header::HeaderMap,
            ) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(Self { #(#reads)* })
            }

            #(#accessors)*
        }
    }
}

/// The wire names of every `x-secret` field: their values are hidden in error messages.
pub fn secret_fields(api: &Api) -> TokenStream {
    let mut names: Vec<&str> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| &s.fields)
        .filter(|f| f.secret)
        .map(|f| f.wire_name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    // Only a method that reads a response whole names it (a socket-only or empty API has none).
    if api.operations.iter().all(|op| op.websocket.is_some()) {
        return TokenStream::new();
    }
    quote! {
        /// The wire names of the document's `x-secret` fields: error messages hide their values
        /// (well-known credential fields are hidden too).
        const SECRET_FIELDS: &[&str] = &[#(#names),*];
    }
}
