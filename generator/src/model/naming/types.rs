//! Names in `models.rs`: types (one namespace for the module), the fields of each struct, the
//! variants of each enum and union, and the methods that build a model (`builder`, `with_`).

use std::collections::HashMap;

use super::{camel, snake, Namespace};
use crate::diagnostics::Diagnostics;
use crate::load::node::{DocPath, Node};
use crate::model::ir::*;
use crate::model::tags;

/// The map of extra properties every struct with `additionalProperties` has.
pub(crate) const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant of a string enum that keeps a value the document does not list.
pub(crate) const UNKNOWN_VALUE: &str = "UnknownValue";

/// Unique type names, chosen in an order that does not depend on the document's key order.
/// A type that cannot have the name it asks for gets a number, with a warning. A struct with
/// a builder (`<Name>Builder`, beside it in `models.rs`) has that name reserved too; then
/// each struct's `with_` setters are named.
pub(crate) fn name_types(types: &mut [TypeDef], root: &Node, diags: &mut Diagnostics) {
    let mut order: Vec<usize> = (0..types.len()).collect();
    // Component schemas keep their own names first; inline ones yield.
    order.sort_by_key(|&i| {
        let t = &types[i];
        (&t.name, !t.source.is_component("schemas"), &t.source)
    });
    let mut names = Namespace::default();
    let mut first_with: HashMap<String, DocPath> = HashMap::new();
    let with_builder = tags::has_builder(types);
    for i in order {
        let wanted = types[i].name.clone();
        types[i].name = names.unique(&wanted);
        if with_builder[i] {
            while names.is_taken(&format!("{}Builder", types[i].name)) {
                types[i].name = names.unique(&wanted);
            }
            let builder = format!("{}Builder", types[i].name);
            names.reserve(&builder);
            first_with.insert(builder.clone(), types[i].source.clone());
            if let TypeKind::Struct(s) = &mut types[i].kind {
                s.builder = Some(builder);
            }
        }
        let source = types[i].source.clone();
        match first_with.get(&wanted) {
            None => {
                first_with.insert(wanted, source);
            }
            Some(holder) => {
                let what = match source.last_key() {
                    Some(key) if source.is_component("schemas") => format!("schema `{key}`"),
                    _ => "the type of this schema".to_owned(),
                };
                let pos = root.pointer(&source.keys()).map_or(root.pos, |n| n.pos);
                diags.warning(
                    pos,
                    &source,
                    format!(
                        "{what} is named `{}` in Rust because `{wanted}` is taken by `{holder}`; its wire names stay exact",
                        types[i].name
                    ),
                );
            }
        }
    }
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            name_setters(s);
        }
    }
}

/// `with_<field>` for each field a setter sets, and `with_<field>_null` for each that can be
/// sent as `null`; unique among the struct's methods (`new`, `builder`).
fn name_setters(s: &mut Struct) {
    let mut methods = Namespace::default();
    methods.reserve("new");
    methods.reserve("builder");
    for field in &mut s.fields {
        field.setter = field
            .has_setter()
            .then(|| methods.unique(&format!("with_{}", field.rust_name)));
        // `self_` (a keyword's field) gives `with_self_null`, not `with_self__null`.
        let stem = match field.rust_name.trim_end_matches('_') {
            "" => field.rust_name.as_str(),
            trimmed => trimmed,
        };
        field.null_setter = field
            .has_null_setter()
            .then(|| methods.unique(&format!("with_{stem}_null")));
    }
}

/// Rust names for a struct's fields (the schema `node` at `loc`), which stay in the document's
/// order. A property whose wire name already is its Rust name keeps it; the others yield, in
/// the document's order, with a warning when theirs is taken.
pub(crate) fn field_names(
    fields: &mut [Field],
    node: &Node,
    loc: &DocPath,
    diags: &mut Diagnostics,
) {
    let mut names = Namespace::default();
    names.reserve(ADDITIONAL_PROPERTIES);
    let wanted: Vec<String> = fields
        .iter()
        .map(|f| snake(&f.wire_name, "field"))
        .collect();
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by_key(|&i| wanted[i] != fields[i].wire_name);
    for i in order {
        let field = &mut fields[i];
        let wanted = &wanted[i];
        field.rust_name = names.unique(wanted);
        if &field.rust_name != wanted {
            let pos = node
                .get("properties")
                .and_then(|p| p.key_pos(&field.wire_name))
                .unwrap_or(node.pos);
            let by = if wanted == ADDITIONAL_PROPERTIES {
                "the map of extra properties"
            } else {
                "another property"
            };
            diags.warning(
                pos,
                &loc.key("properties").key(&field.wire_name),
                format!(
                    "property `{}` is named `{}` in Rust because `{wanted}` is taken by {by}; the wire name stays exact",
                    field.wire_name, field.rust_name
                ),
            );
        }
    }
}

/// The field a discriminated variant gets for its tag `property`, after its own fields.
pub(crate) fn tag_field(fields: &[Field], property: &str) -> String {
    let mut names = Namespace::default();
    names.reserve(ADDITIONAL_PROPERTIES);
    for field in fields {
        names.reserve(&field.rust_name);
    }
    names.unique(&snake(property, "tag"))
}

/// The variants of a string enum, one per value (given once each), `UnknownValue` kept for
/// the values it does not list.
pub(crate) fn enum_variants(values: &[String]) -> Vec<String> {
    let mut names = Namespace::default();
    names.reserve(UNKNOWN_VALUE);
    values
        .iter()
        .map(|value| {
            let wanted = if value.is_empty() {
                "Empty".to_owned()
            } else {
                camel(value, "Value")
            };
            names.unique(&wanted)
        })
        .collect()
}

/// The variant a union member asks for: the schema its `$ref` names, its `title`, or what it
/// is (`String`, `Array`, ..., `Variant<n>`).
pub(crate) fn union_variant(
    reference: Option<&str>,
    title: Option<&str>,
    ty: &Ty,
    index: usize,
) -> String {
    if let Some(reference) = reference {
        return camel(reference.rsplit('/').next().unwrap_or(""), "Variant");
    }
    if let Some(title) = title {
        return camel(title, "Variant");
    }
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "Bool".into(),
        Ty::Int(_) => "Integer".into(),
        Ty::Float(_) => "Number".into(),
        Ty::Array(_) => "Array".into(),
        Ty::Map(_) => "Map".into(),
        _ => format!("Variant{}", index + 1),
    }
}

/// Makes a union's variant names (each the one it asked for) unique, in order.
pub(crate) fn unique_variants(variants: &mut [UnionVariant]) {
    let mut names = Namespace::default();
    for variant in variants {
        variant.rust_name = names.unique(&variant.rust_name);
    }
}
