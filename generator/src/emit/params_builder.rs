//! How a user passes an operation's parameters without being able to swap two of them: a
//! typestate builder whose required setters are named and must all be called before `build`
//! compiles, and, for an operation whose only required inputs are one or two path parameters,
//! those values passed to the method directly (two only when their types differ, so that
//! swapping them does not compile).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;

use super::types::{ident, ty, Scope};
use crate::model::ir::*;

/// The marker of a value not set yet, which every `operations.rs` defines (models' builders
/// use it too: `operations` is the module whose names the generator reserves).
pub fn unset_marker() -> TokenStream {
    quote! {
        /// A required value not set yet, in a `…Builder`: `build` exists only once no type
        /// argument of the builder is `Unset`.
        #[derive(Debug, Clone, Copy, Default)]
        pub struct Unset;
    }
}

/// The items every `operations.rs` with parameters starts with.
pub fn shared_items() -> TokenStream {
    quote! {

        /// What an operation method takes as its parameters: the `…Params` struct, by reference
        /// or by value, or, where an operation's only required inputs are one or two path
        /// parameters, those values (one value, or a tuple of two in path order).
        pub trait IntoParams<'p, P: ::std::clone::Clone + 'p> {
            /// The parameters, borrowed when they were given by reference.
            fn into_params(self) -> ::std::borrow::Cow<'p, P>;
        }

        impl<'p, P: ::std::clone::Clone + 'p> IntoParams<'p, P> for &'p P {
            fn into_params(self) -> ::std::borrow::Cow<'p, P> {
                ::std::borrow::Cow::Borrowed(self)
            }
        }

        impl<'p, P: ::std::clone::Clone + 'p> IntoParams<'p, P> for P {
            fn into_params(self) -> ::std::borrow::Cow<'p, P> {
                ::std::borrow::Cow::Owned(self)
            }
        }
    }
}

/// One value a typestate builder sets.
pub struct Slot {
    pub field: Ident,
    /// The value's type (what the setter takes, through `Into`).
    pub ty: TokenStream,
    pub wire_name: String,
    pub deprecated: bool,
}

impl Slot {
    fn param(api: &Api, p: &Param) -> Self {
        Slot {
            field: ident(&p.rust_name),
            ty: ty(api, &p.ty, Scope::Sibling),
            wire_name: p.wire_name.clone(),
            deprecated: p.deprecated,
        }
    }
}

/// `XParams::builder()` and `XParamsBuilder`; nothing when no parameter is required.
pub fn builder(api: &Api, op: &Operation, name: &Ident) -> TokenStream {
    let required: Vec<Slot> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| Slot::param(api, p))
        .collect();
    if required.is_empty() {
        return TokenStream::new();
    }
    let optional: Vec<Slot> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| Slot::param(api, p))
        .collect();
    let fields = required.iter().chain(&optional).map(|s| &s.field);
    let finish = quote!(#name { #(#fields: self.#fields,)* });
    typestate(
        name,
        &ident(&op.params_builder),
        &required,
        &optional,
        finish,
        &quote!(Unset),
    )
}

/// A builder (`builder`) for `name` whose required setters change a type argument from `Unset` to the
/// value's type; `build` (which evaluates `finish`, reading `self.<field>`) exists only when
/// none is `Unset`. Optional values are `Option`s the builder's own setters fill.
pub fn typestate(
    name: &Ident,
    builder: &Ident,
    required: &[Slot],
    optional: &[Slot],
    finish: TokenStream,
    unset: &TokenStream,
) -> TokenStream {
    let generics: Vec<Ident> = (0..required.len()).map(|i| format_ident!("P{i}")).collect();
    let req_fields: Vec<&Ident> = required.iter().map(|s| &s.field).collect();
    let req_tys: Vec<&TokenStream> = required.iter().map(|s| &s.ty).collect();
    let opt_fields: Vec<&Ident> = optional.iter().map(|s| &s.field).collect();
    let opt_tys: Vec<&TokenStream> = optional.iter().map(|s| &s.ty).collect();
    let unsets = vec![unset; required.len()];
    // A builder's type spells out one argument per required value; with many (a schema may
    // require twenty properties) clippy finds it complex, yet callers never write it.
    let complex = (required.len() > 2).then(|| quote!(#[allow(clippy::type_complexity)]));
    let required_setters = required.iter().enumerate().map(|(k, slot)| {
        let field = &slot.field;
        let field_ty = &slot.ty;
        let free = generics.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, g)| g);
        let before = generics
            .iter()
            .enumerate()
            .map(|(i, g)| if i == k { quote!(#unset) } else { quote!(#g) });
        let after = generics
            .iter()
            .enumerate()
            .map(|(i, g)| if i == k { quote!(#field_ty) } else { quote!(#g) });
        let moves = req_fields.iter().enumerate().map(|(i, f)| {
            if i == k {
                quote!(#f: value.into(),)
            } else {
                quote!(#f: self.#f,)
            }
        });
        let doc = format!(" Sets `{}` (required).", slot.wire_name);
        let deprecated = slot.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            impl<#(#free),*> #builder<#(#before),*> {
                #[doc = #doc]
                #deprecated
                #complex
                pub fn #field(self, value: impl ::std::convert::Into<#field_ty>) -> #builder<#(#after),*> {
                    #builder { #(#moves)* #(#opt_fields: self.#opt_fields,)* }
                }
            }
        }
    });
    let optional_setters = optional.iter().map(|slot| {
        let field = &slot.field;
        let field_ty = &slot.ty;
        let doc = format!(" Sets `{}`.", slot.wire_name);
        let deprecated = slot.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #field(mut self, value: impl ::std::convert::Into<#field_ty>) -> Self {
                self.#field = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let optional_impl = (!optional.is_empty()).then(|| {
        quote! {
            impl<#(#generics),*> #builder<#(#generics),*> {
                #(#optional_setters)*
            }
        }
    });
    let struct_doc = format!(
        " Builds [`{name}`]: each required value ({}) has a named setter that must be called once; `build` exists only when all have been.",
        required
            .iter()
            .map(|s| format!("`{}`", s.field.unraw()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    quote! {
        impl #name {
            /// Starts a builder; see it for what is required.
            #complex
            pub fn builder() -> #builder<#(#unsets),*> {
                #builder {
                    #(#req_fields: #unset,)*
                    #(#opt_fields: ::std::option::Option::None,)*
                }
            }
        }

        #[doc = #struct_doc]
        #[must_use]
        pub struct #builder<#(#generics),*> {
            #(#req_fields: #generics,)*
            #(#opt_fields: ::std::option::Option<#opt_tys>,)*
        }

        #(#required_setters)*

        #optional_impl

        impl #builder<#(#req_tys),*> {
            /// The value, every required part set.
            pub fn build(self) -> #name {
                #finish
            }
        }
    }
}

/// `IntoParams` for the required path values of an operation that needs nothing else: one
/// value, or two of different types as a tuple in path order.
pub fn path_shortcut(api: &Api, op: &Operation, name: &Ident) -> TokenStream {
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let only_path = required.iter().all(|p| p.location == ParamLocation::Path);
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if !only_path || body_required || required.is_empty() || required.len() > 2 {
        return TokenStream::new();
    }
    if required.len() == 2 && required[0].ty == required[1].ty {
        return TokenStream::new();
    }
    // Each value's accepted types: its own, and `&str` for a `String` (converted).
    let choices: Vec<Vec<(TokenStream, bool)>> = required
        .iter()
        .map(|p| {
            let mut list = vec![(ty(api, &p.ty, Scope::Sibling), false)];
            if p.ty == Ty::String {
                list.push((quote!(&str), true));
            }
            list
        })
        .collect();
    let convert = |value: TokenStream, from_str: bool| {
        if from_str {
            quote!(::std::string::String::from(#value))
        } else {
            value
        }
    };
    let setters: Vec<Ident> = required.iter().map(|p| ident(&p.rust_name)).collect();
    let mut impls = Vec::new();
    match choices.as_slice() {
        [one] => {
            let setter = &setters[0];
            for (accepted, from_str) in one {
                let value = convert(quote!(self), *from_str);
                impls.push(quote! {
                    impl<'p> IntoParams<'p, #name> for #accepted {
                        fn into_params(self) -> ::std::borrow::Cow<'p, #name> {
                            ::std::borrow::Cow::Owned(#name::builder().#setter(#value).build())
                        }
                    }
                });
            }
        }
        [first, second] => {
            let (s0, s1) = (&setters[0], &setters[1]);
            for (a, a_from_str) in first {
                for (b, b_from_str) in second {
                    let a_value = convert(quote!(self.0), *a_from_str);
                    let b_value = convert(quote!(self.1), *b_from_str);
                    impls.push(quote! {
                        impl<'p> IntoParams<'p, #name> for (#a, #b) {
                            fn into_params(self) -> ::std::borrow::Cow<'p, #name> {
                                ::std::borrow::Cow::Owned(#name::builder().#s0(#a_value).#s1(#b_value).build())
                            }
                        }
                    });
                }
            }
        }
        _ => {}
    }
    quote!(#(#impls)*)
}
