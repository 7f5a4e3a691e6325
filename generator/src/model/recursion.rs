//! Recursive schemas: a type that contains itself (directly or through others) needs a `Box`
//! somewhere on the cycle to have a finite size. Lists and maps already allocate, so only
//! plain and optional fields can close such a cycle.

use std::collections::HashSet;

use super::ir::*;

/// Boxes what closes each cycle; returns the aliases that form a cycle on their own, which
/// nothing can represent.
pub(crate) fn box_cycles(types: &mut [TypeDef]) -> Vec<TypeId> {
    let mut alias_cycles = Vec::new();
    // Structs and unions first: boxing their fields breaks every cycle that passes through one,
    // so what still cycles afterwards is made of aliases alone.
    // Within each group, by name (unique by now): which field closes a cycle must not depend
    // on the order the document lists its schemas in.
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| (matches!(types[i].kind, TypeKind::Alias(_)), &types[i].name);
        key(a).cmp(&key(b))
    });
    for id in order {
        let edges = inline_edges(&types[id]);
        for (slot, target) in edges {
            if reaches(types, target, TypeId(id)) {
                if matches!(types[id].kind, TypeKind::Alias(_)) {
                    types[id].kind = TypeKind::Alias(Ty::Any);
                    alias_cycles.push(TypeId(id));
                } else {
                    set_boxed(&mut types[id], slot);
                }
            }
        }
    }
    alias_cycles
}

/// The types a definition holds by value, with the index of the field or variant holding each.
fn inline_edges(def: &TypeDef) -> Vec<(usize, TypeId)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.boxed)
            .filter_map(|(i, f)| inline_target(&f.ty).map(|t| (i, t)))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.boxed)
            .filter_map(|(i, v)| inline_target(&v.ty).map(|t| (i, t)))
            .collect(),
        TypeKind::Alias(ty) => inline_target(ty).map(|t| vec![(0, t)]).unwrap_or_default(),
        TypeKind::StringEnum(_) | TypeKind::Fixed(_) => Vec::new(),
    }
}

fn inline_target(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Nullable(inner) => inline_target(inner),
        _ => None,
    }
}

fn reaches(types: &[TypeDef], from: TypeId, to: TypeId) -> bool {
    let mut seen = HashSet::new();
    let mut todo = vec![from];
    while let Some(id) = todo.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        todo.extend(inline_edges(&types[id.0]).into_iter().map(|(_, t)| t));
    }
    false
}

fn set_boxed(def: &mut TypeDef, slot: usize) {
    match &mut def.kind {
        TypeKind::Struct(s) => s.fields[slot].boxed = true,
        TypeKind::Union(u) => u.variants[slot].boxed = true,
        TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::Fixed(_) => {}
    }
}
