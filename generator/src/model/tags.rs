//! Tags implied by a variant: in a `oneOf` with a `discriminator`, the variant a value is built
//! as decides its tag, so the user never writes the tag and cannot write one that contradicts
//! the variant.

use std::collections::BTreeMap;

use super::ir::*;
use super::naming;

/// For every struct that is a variant of discriminated unions under one tag only (the same in
/// every union naming it), the discriminator property becomes a [`TypeKind::Fixed`] value:
/// written on every encode, checked on every decode. A struct that lacks the property gets it,
/// first, so the union's values always carry their tag. Runs before types are named.
pub(crate) fn fix_discriminator_tags(types: &mut Vec<TypeDef>) {
    // Struct index → (property, tags) for each union naming it; ordered, so new types are
    // added in the same order on every run.
    let mut uses: BTreeMap<usize, Vec<(String, Vec<String>)>> = BTreeMap::new();
    for def in types.iter() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        let Some(property) = &union.discriminator else {
            continue;
        };
        for variant in &union.variants {
            if let Some(id) = struct_index(types, &variant.ty) {
                uses.entry(id)
                    .or_default()
                    .push((property.clone(), variant.tags.clone()));
            }
        }
    }
    for (id, found) in uses {
        let (property, tags) = &found[0];
        // A struct two tags select (or two unions disagree on) keeps its tag as data.
        if tags.len() != 1 || found.iter().any(|use_| use_ != &found[0]) {
            continue;
        }
        fix_tag(types, id, property, &tags[0]);
    }
}

fn fix_tag(types: &mut Vec<TypeDef>, id: usize, property: &str, tag: &str) {
    let TypeKind::Struct(s) = &types[id].kind else {
        return;
    };
    let owner_keys = types[id].source.keys();
    let position = s.fields.iter().position(|f| f.wire_name == property);
    // The property's own inline type (an enum or string schema written inside this struct) is
    // turned into the fixed value; a type shared with other schemas is left alone.
    let own_inline = position.and_then(|i| match &s.fields[i].ty {
        Ty::Named(t) => {
            let def = &types[t.0];
            let inside =
                def.source.keys().starts_with(&owner_keys) && !def.source.is_component("schemas");
            let fixable = matches!(&def.kind, TypeKind::StringEnum(_))
                || matches!(&def.kind, TypeKind::Fixed(v) if v == tag);
            (inside && fixable).then_some(*t)
        }
        _ => None,
    });
    let fixed = match own_inline {
        Some(t) => {
            types[t.0].kind = TypeKind::Fixed(tag.to_owned());
            t
        }
        None => {
            // A field whose type could hold another value (a shared enum, an integer) is a
            // contradiction in the document; the tag is then left as data.
            if let Some(i) = position {
                if !matches!(s.fields[i].ty, Ty::String) {
                    return;
                }
            }
            let t = TypeId(types.len());
            let owner = &types[id];
            types.push(TypeDef {
                name: naming::hint::tag(&owner.name, property),
                doc: Some(format!(
                    "The `{property}` of `{}`: always `{tag}`, the tag that selects it.",
                    owner.name
                )),
                deprecated: false,
                kind: TypeKind::Fixed(tag.to_owned()),
                source: owner.source.key("properties").key(property),
            });
            t
        }
    };
    let TypeKind::Struct(s) = &mut types[id].kind else {
        return;
    };
    match position {
        Some(i) => {
            let field = &mut s.fields[i];
            field.ty = Ty::Named(fixed);
            field.required = true;
            field.nullable = false;
            field.default = None;
        }
        None => {
            s.fields.insert(
                0,
                Field {
                    rust_name: naming::types::tag_field(&s.fields, property),
                    wire_name: property.to_owned(),
                    ty: Ty::Named(fixed),
                    required: true,
                    nullable: false,
                    doc: Some("The tag that selects this variant of its union.".to_owned()),
                    secret: false,
                    deprecated: false,
                    boxed: false,
                    default: None,
                    setter: None,
                    null_setter: None,
                },
            );
        }
    }
}

/// The struct a variant's type stands for, through named aliases.
fn struct_index(types: &[TypeDef], ty: &Ty) -> Option<usize> {
    let mut ty = ty;
    for _ in 0..=types.len() {
        let Ty::Named(id) = ty else {
            return None;
        };
        match &types[id.0].kind {
            TypeKind::Struct(_) => return Some(id.0),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// Which types are structs with a builder: a required property that is neither null-able nor
/// fixed ([`Field::is_constructor_arg`]).
pub(crate) fn has_builder(types: &[TypeDef]) -> Vec<bool> {
    types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.is_constructor_arg(types)),
            _ => false,
        })
        .collect()
}
