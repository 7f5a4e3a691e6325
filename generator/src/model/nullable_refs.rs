//! Nullable named types: a component schema that is an object, enum or union and admits `null`
//! (`nullable: true`, a `null` type or enum member) is a struct or enum that cannot hold `null`
//! itself, so the `null` goes on every reference to it: a required property that `$ref`s it
//! becomes an `Option`, an optional one the three-state `Nullable`.
//!
//! This runs once every type is defined, because a `$ref` can name a component before its
//! definition (and so its kind) is known. Aliases carry `null` in their own type already.

use std::collections::HashSet;

use super::ir::*;

/// Wraps each reference to a type in `nullable` (that is not an alias) as `Ty::Nullable`, in
/// the types' fields, variants, items and values, and in the responses.
pub(crate) fn widen_references(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    nullable: &HashSet<TypeId>,
) {
    let nullable: HashSet<TypeId> = nullable
        .iter()
        .copied()
        .filter(|id| !matches!(types[id.0].kind, TypeKind::Alias(_)))
        .collect();
    if nullable.is_empty() {
        return;
    }
    for def in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    widen(&mut field.ty, &nullable);
                    if let Ty::Nullable(inner) = &field.ty {
                        field.ty = (**inner).clone();
                        field.nullable = true;
                    }
                }
                if let Some(value) = &mut s.additional {
                    widen(value, &nullable);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    widen(&mut variant.ty, &nullable);
                }
            }
            TypeKind::Alias(ty) => widen(ty, &nullable),
            TypeKind::StringEnum(_) | TypeKind::Fixed(_) => {}
        }
    }
    // Request bodies and parameters keep the plain type: what the client sends is a value of
    // it, never less exact; a response may be `null`.
    for op in operations {
        for case in op.success.iter_mut().chain(op.errors.iter_mut()) {
            for content in &mut case.contents {
                if content.media == Media::Json {
                    widen(&mut content.ty, &nullable);
                }
            }
        }
    }
}

fn widen(ty: &mut Ty, nullable: &HashSet<TypeId>) {
    match ty {
        Ty::Named(id) if nullable.contains(id) => {
            *ty = Ty::Nullable(Box::new(Ty::Named(*id)));
        }
        // `Nullable(Named)` already admits `null`.
        Ty::Nullable(inner) if !matches!(**inner, Ty::Named(_)) => widen(inner, nullable),
        Ty::Array(inner) | Ty::Map(inner) => widen(inner, nullable),
        _ => {}
    }
}
