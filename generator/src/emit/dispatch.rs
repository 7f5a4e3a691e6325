//! How a method reads its response: a `match` on the status (codes, then ranges, then
//! `default`), each arm decoding the body in its media type into the success value or the
//! typed error the operation's outcomes (`model/outcome.rs`) say.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::enum_path;
use super::types::{describe, ident, ty, Scope};
use crate::model::ir::*;

pub(super) fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let (low, high) = (
                Literal::u16_unsuffixed(r * 100),
                Literal::u16_unsuffixed(r * 100 + 99),
            );
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn media_tokens(media: Media) -> TokenStream {
    match media {
        Media::Json => quote!(runtime::Media::Json),
        Media::Form => quote!(runtime::Media::Form),
        _ => quote!(runtime::Media::Text),
    }
}

fn success_expr(api: &Api, arm: &OutcomeArm, outcome_enum: &TokenStream) -> TokenStream {
    let variant = arm.variant.as_deref().map(ident);
    let value = match &arm.content {
        None => {
            return match &variant {
                Some(v) => {
                    quote!(response.empty().map(|value: runtime::ResponseValue<()>| value.map(|()| #outcome_enum::#v)))
                }
                None => quote!(response.empty()),
            }
        }
        Some(content) if content.media == Media::Binary => quote!(response.bytes()),
        Some(content) => {
            let media = media_tokens(content.media);
            let expected = format!("{} ({})", describe(api, &content.ty), content.content_type);
            let body_ty = ty(api, &content.ty, Scope::Sibling);
            quote!(response.decode_value::<#body_ty, _>(#media, #expected))
        }
    };
    match &variant {
        Some(v) => {
            quote!(#value.map(|value: runtime::ResponseValue<_>| value.map(#outcome_enum::#v)))
        }
        None => value,
    }
}

pub(super) fn error_expr(arm: &OutcomeArm, outcome_enum: &TokenStream) -> TokenStream {
    let variant = arm.variant.as_deref().map(ident);
    let wrap = match &variant {
        Some(v) => quote!(#outcome_enum::#v),
        None => quote!(::std::convert::identity),
    };
    let error = match &arm.content {
        None => match &variant {
            Some(v) => quote!(response.api_error_empty(#outcome_enum::#v)),
            None => quote!(response.api_error_empty(())),
        },
        Some(content) if content.media == Media::Binary => {
            quote!({ let body = response.body.clone(); response.api_error_empty(#wrap(body)) })
        }
        Some(content) => {
            let media = media_tokens(content.media);
            quote!(response.api_error(#media, #wrap))
        }
    };
    quote!(::std::result::Result::Err(#error))
}

/// Responses of one status: the expressions reading each of its media types.
struct StatusGroup {
    status: StatusMatch,
    by_media: Vec<(Option<String>, TokenStream)>,
}

/// `match status { ... }` choosing how to read the response.
pub(super) fn dispatch(api: &Api, op: &Operation) -> TokenStream {
    let (success, errors) = (&op.success_outcome, &op.error_outcome);
    let (ok_enum, err_enum) = (enum_path(success), enum_path(errors));
    let mut groups: Vec<StatusGroup> = Vec::new();
    let readers = success
        .arms
        .iter()
        .map(|arm| (arm, success_expr(api, arm, &ok_enum)))
        .chain(
            errors
                .arms
                .iter()
                .map(|arm| (arm, error_expr(arm, &err_enum))),
        );
    for (arm, expr) in readers {
        let media = arm
            .content
            .as_ref()
            .map(|c| c.content_type.to_ascii_lowercase());
        match groups.iter_mut().find(|g| g.status == arm.status) {
            Some(group) => group.by_media.push((media, expr)),
            None => groups.push(StatusGroup {
                status: arm.status.clone(),
                by_media: vec![(media, expr)],
            }),
        }
    }
    // Exact codes first, then ranges, then `default`.
    groups.sort_by_key(|g| match g.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = groups.iter().any(|g| g.status == StatusMatch::Default);
    // Statuses read the same way share one arm (`400 | 401 | 403 => ...`). Only codes with
    // codes and ranges with ranges: each kind is disjoint, so the order within it is free,
    // while every code must still come before the ranges.
    let mut merged: Vec<(u8, Vec<TokenStream>, TokenStream, String)> = Vec::new();
    for group in groups {
        let kind = match group.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        };
        let pattern = status_pattern(&group.status);
        let mut readers = group.by_media.into_iter();
        let (_, first) = readers.next().expect("a group has at least one reader");
        let rest: Vec<(Option<String>, TokenStream)> = readers.collect();
        let body = if rest.is_empty() {
            first
        } else {
            // Several media types for one status: chosen by the response's Content-Type.
            let (types, exprs): (Vec<String>, Vec<TokenStream>) = rest
                .into_iter()
                .map(|(t, e)| (t.unwrap_or_default(), e))
                .unzip();
            quote! {
                match response.media_type().as_deref() {
                    #( ::std::option::Option::Some(#types) => #exprs, )*
                    _ => #first,
                }
            }
        };
        let key = body.to_string();
        match merged
            .iter_mut()
            .find(|(k, _, _, b)| *k == kind && kind != 2 && *b == key)
        {
            Some((_, patterns, _, _)) => patterns.push(pattern),
            None => merged.push((kind, vec![pattern], body, key)),
        }
    }
    let mut arms: Vec<TokenStream> = Vec::new();
    if success.arms.is_empty() {
        // Nothing declared for success: hand back the raw response rather than drop it.
        arms.push(quote!(200..=299 => response.raw(),));
    }
    for (_, patterns, body, _) in merged {
        arms.push(quote!(#(#patterns)|* => #body,));
    }
    if !has_default {
        arms.push(quote!(_ => response.unexpected(),));
    }
    quote! {
        match response.status.as_u16() {
            #(#arms)*
        }
    }
}
