//! The body of each `<method>_request`: the path with its parameters, the query, header and
//! cookie parameters by their styles, the credentials the operation's `security` names,
//! `Accept`, and the body in its media type (multipart bodies part by part).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::ident;
use crate::model::ir::*;

pub(super) fn request_builder(api: &Api, op: &Operation) -> TokenStream {
    let literal_path = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => Some(text.as_str()),
            PathPart::Param(_) => None,
        })
        .collect::<Option<String>>();
    let mut path_code = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [c] => path_code.push(quote!(path.push(#c);)),
                _ => path_code.push(quote!(path.push_str(#text);)),
            },
            PathPart::Param(index) => {
                let p = &op.params[*index];
                let field = ident(&p.rust_name);
                let name = &p.wire_name;
                let style = match p.style {
                    ParamStyle::Label => quote!(runtime::PathStyle::Label),
                    ParamStyle::Matrix => quote!(runtime::PathStyle::Matrix),
                    _ => quote!(runtime::PathStyle::Simple),
                };
                let explode = p.explode;
                path_code.push(quote!(path.push_str(&runtime::path_param(#name, &params.#field, #style, #explode)?);));
            }
        }
    }
    let mut param_code = Vec::new();
    for p in &op.params {
        let field = ident(&p.rust_name);
        let name = &p.wire_name;
        let value = if p.required {
            quote!(&params.#field)
        } else {
            quote!(value)
        };
        let explode = p.explode;
        let add = match p.location {
            ParamLocation::Path => continue,
            ParamLocation::Query if p.json_content => quote!(parts.query_json(#name, #value)?;),
            ParamLocation::Query => {
                let style = match p.style {
                    ParamStyle::SpaceDelimited => quote!(runtime::QueryStyle::SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(runtime::QueryStyle::PipeDelimited),
                    ParamStyle::DeepObject => quote!(runtime::QueryStyle::DeepObject),
                    _ => quote!(runtime::QueryStyle::Form),
                };
                let reserved = p.allow_reserved;
                quote!(parts.query(#name, #value, #style, #explode, #reserved)?;)
            }
            ParamLocation::Header => {
                let lower = name.to_ascii_lowercase();
                let json = p.json_content;
                quote!(parts.header(#lower, #value, #explode, #json)?;)
            }
            ParamLocation::Cookie => quote!(parts.cookie(#name, #value, #explode)?;),
        };
        if p.required {
            param_code.push(add);
        } else {
            param_code
                .push(quote!(if let ::std::option::Option::Some(value) = &params.#field { #add }));
        }
    }
    let alternatives = op.security.iter().map(|set| {
        let set = set.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#set),*])
    });
    let parts_mut = (!param_code.is_empty()).then(|| quote!(mut));
    let accept = accept_value(op);
    let method = format_ident!("{}", op.method);
    let body_code = op.body.as_ref().map(|body| {
        let content_type = &body.content_type;
        let encode = match body.media {
            Media::Json => quote!(runtime::json_body(body)?),
            Media::Form => {
                let encodings = body.encodings.iter().filter_map(|e| {
                    let (style, explode) = e.style?;
                    let name = &e.name;
                    let style = match style {
                        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                        ParamStyle::PipeDelimited => quote!(PipeDelimited),
                        ParamStyle::DeepObject => quote!(DeepObject),
                        _ => quote!(Form),
                    };
                    Some(quote!(runtime::FormEncoding { name: #name, style: runtime::QueryStyle::#style, explode: #explode }))
                });
                quote!(runtime::form_body(body, &[#(#encodings),*])?)
            }
            Media::Text => quote!(::std::string::String::from(body)),
            Media::Binary => quote!(body.to_vec()),
            Media::Multipart => {
                let parts = multipart_parts(api, body);
                let attach = quote! {
                    let mut form = runtime::Multipart::new();
                    #parts
                    let (content_type, bytes) = form.finish();
                    runtime::set_body(&mut request, content_type, bytes);
                };
                return if body.required {
                    attach
                } else {
                    quote!(if let ::std::option::Option::Some(body) = body.into() { #attach })
                };
            }
        };
        let attach = quote! {
            runtime::set_body(&mut request, HeaderValue::from_static(#content_type), #encode);
        };
        if body.required {
            attach
        } else {
            quote!(if let ::std::option::Option::Some(body) = body.into() { #attach })
        }
    });
    let request_mut = body_code.is_some().then(|| quote!(mut));
    let new_parts = match literal_path {
        Some(path) => {
            quote!(let #parts_mut parts = RequestParts::new(Method::#method, &self.base_url, #path)?;)
        }
        None => quote! {
            let mut path = ::std::string::String::new();
            #(#path_code)*
            let #parts_mut parts = RequestParts::new(Method::#method, &self.base_url, &path)?;
        },
    };
    quote! {
        #new_parts
        #(#param_code)*
        let #request_mut request = finish(self, parts, #accept, &[#(#alternatives),*])?;
        #body_code
        ::std::result::Result::Ok(request)
    }
}

/// The struct a type stands for, through aliases.
fn struct_of<'a>(api: &'a Api, ty: &Ty) -> Option<&'a Struct> {
    let mut ty = ty;
    for _ in 0..api.types.len() + 1 {
        let Ty::Named(id) = ty else {
            return None;
        };
        match &api.types[id.0].kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// What a type stands for, through named aliases.
fn unalias<'a>(api: &'a Api, ty: &'a Ty) -> &'a Ty {
    let mut ty = ty;
    for _ in 0..api.types.len() + 1 {
        match ty {
            Ty::Named(id) => match &api.types[id.0].kind {
                TypeKind::Alias(target) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The statements adding each property of a multipart body to `form`: binary properties as
/// file parts, everything else as values (text, or JSON for objects).
fn multipart_parts(api: &Api, body: &Body) -> TokenStream {
    let Some(fields) = struct_of(api, &body.ty) else {
        return quote!(form.fields(body)?;);
    };
    let encoding_of = |wire: &str| body.encodings.iter().find(|e| e.name == wire);
    let mut parts = Vec::new();
    for field in &fields.fields {
        let name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let encoding = encoding_of(wire);
        // One media type per part, never the document's list (`model/encoding.rs`).
        let file_type = encoding.map_or("application/octet-stream", |e| e.file_part_type());
        let value_type = match encoding.and_then(|e| e.value_part_type()) {
            Some(ct) => quote!(::std::option::Option::Some(#ct)),
            None => quote!(::std::option::Option::None),
        };
        let add = match unalias(api, &field.ty) {
            Ty::Bytes => quote!(form.file(#wire, value, #file_type)?;),
            Ty::Array(inner) if *unalias(api, inner) == Ty::Bytes => quote! {
                for item in value.iter() {
                    form.file(#wire, item, #file_type)?;
                }
            },
            _ => quote!(form.value(#wire, value, #value_type)?;),
        };
        if field.required && !field.nullable {
            parts.push(quote!({ let value = &body.#name; #add }));
        } else if !field.required && field.nullable {
            // Multipart has no `null`: a part is sent for a value only.
            parts.push(
                quote!(if let ::std::option::Option::Some(value) = body.#name.value() { #add }),
            );
        } else {
            parts.push(quote!(if let ::std::option::Option::Some(value) = &body.#name { #add }));
        }
    }
    if fields.additional.is_some() {
        parts.push(quote! {
            for (name, value) in &body.additional_properties {
                form.value(name, value, ::std::option::Option::None)?;
            }
        });
    }
    quote!(#(#parts)*)
}

/// What the docs say of each part whose `contentType` lists several types (or a range): the
/// caller picks a file's type; a value part goes with the one the generator chose.
pub(super) fn multipart_choice_docs(api: &Api, body: &Body) -> Vec<String> {
    let Some(fields) = struct_of(api, &body.ty) else {
        return Vec::new();
    };
    let quoted = |types: Vec<&str>| {
        types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    for field in &fields.fields {
        let Some(encoding) = body
            .encodings
            .iter()
            .find(|e| e.name == field.wire_name && e.is_choice())
        else {
            continue;
        };
        let is_file = match unalias(api, &field.ty) {
            Ty::Bytes => true,
            Ty::Array(inner) => *unalias(api, inner) == Ty::Bytes,
            _ => false,
        };
        let listed = quoted(encoding.listed_types());
        lines.push(if is_file {
            format!("The file in part `{}` may be {listed}: give its type with `Binary::with_content_type` (without one it is sent as `application/octet-stream`).", field.wire_name)
        } else {
            let sent = encoding.value_part_type().map_or_else(
                || "JSON (an object) or text".to_owned(),
                |t| format!("`{t}`"),
            );
            format!("Part `{}` may be {listed}; it is sent as {sent}.", field.wire_name)
        });
    }
    lines
}

/// The media types the operation's responses declare, success first.
fn accept_value(op: &Operation) -> String {
    let mut types: Vec<&str> = Vec::new();
    for case in op.success.iter().chain(&op.errors) {
        for content in &case.contents {
            let essence = content.content_type.as_str();
            if !types.contains(&essence) {
                types.push(essence);
            }
        }
    }
    if types.is_empty() {
        "*/*".to_owned()
    } else {
        types.join(", ")
    }
}
