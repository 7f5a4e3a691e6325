//! Schemas whose value is one of several: `oneOf`/`anyOf` unions (with their discriminator)
//! and enums (string enums with a variant per value; other enums as their underlying type).

use super::ir::*;
use super::naming;
use super::schema::is_null_schema;
use super::{ModelBuilder, Want};
use crate::load::node::{DocPath, Node, ScalarKind};

impl ModelBuilder<'_> {
    pub(super) fn union_members<'n>(&self, node: &'n Node) -> Vec<(usize, &'n Node)> {
        let key = if node.get("oneOf").is_some() {
            "oneOf"
        } else {
            "anyOf"
        };
        node.get(key)
            .and_then(Node::as_seq)
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| !is_null_schema(n))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn union(&mut self, node: &Node, key: &str, loc: &DocPath, hint: &str) -> TypeKind {
        let members_loc = loc.key(key);
        if node.get(key).and_then(Node::as_seq).is_none() {
            self.diags.error(
                node.pos,
                &members_loc,
                format!("`{key}` must be a list of schemas"),
            );
            return TypeKind::Alias(Ty::Any);
        }
        let members = self.union_members(node);
        if members.len() == 1 {
            let (i, member) = members[0];
            return TypeKind::Alias(self.schema_ty(member, &members_loc.index(i), hint));
        }
        if members.is_empty() {
            return TypeKind::Alias(Ty::Any);
        }
        let mut variants = Vec::new();
        for (i, member) in members {
            let variant_hint = naming::hint::variant(hint, i);
            let ty = self.schema_ty(member, &members_loc.index(i), &variant_hint);
            let reference = member.get("$ref").and_then(Node::as_str);
            let title = member.get("title").and_then(Node::as_str);
            variants.push(UnionVariant {
                rust_name: naming::types::union_variant(reference, title, &ty, i),
                ty,
                tags: Vec::new(),
                boxed: false,
            });
        }
        naming::types::unique_variants(&mut variants);
        let discriminator = self.discriminator(node, loc, &mut variants);
        TypeKind::Union(Union {
            variants,
            discriminator,
        })
    }

    /// The discriminator's property, if every variant is a named object it can select.
    fn discriminator(
        &mut self,
        node: &Node,
        loc: &DocPath,
        variants: &mut [UnionVariant],
    ) -> Option<String> {
        let disc = node.get("discriminator")?;
        let Some(property) = disc.get("propertyName").and_then(Node::as_str) else {
            self.diags.error(
                disc.pos,
                &loc.key("discriminator"),
                "`discriminator` needs a `propertyName` string",
            );
            return None;
        };
        let members: Vec<&Node> = self
            .union_members(node)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let disc_loc = loc.key("discriminator");
        if self.check_type(disc, "mapping", &disc_loc, Want::Map) {
            let mapping = disc.get("mapping").expect("checked above");
            for (key, _) in mapping.as_map().unwrap_or_default() {
                self.check_type(mapping, &key.name, &disc_loc.key("mapping"), Want::Str);
            }
        }
        // Explicit mapping first, then the implicit one: the schema's own name.
        let mapping: Vec<(String, String)> = disc
            .get("mapping")
            .and_then(Node::as_map)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.name.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        for (variant, member) in variants.iter_mut().zip(members) {
            let Some(reference) = member.get("$ref").and_then(Node::as_str) else {
                self.diags.warning(
                    member.pos,
                    &loc.key("discriminator"),
                    "a variant is not a `$ref`, so the discriminator cannot name it; the union is decoded by trying each variant in turn",
                );
                return None;
            };
            let mut tags: Vec<String> = mapping
                .iter()
                .filter(|(_, target)| {
                    target == reference || reference.rsplit('/').next() == Some(target.as_str())
                })
                .map(|(value, _)| value.clone())
                .collect();
            if tags.is_empty() {
                tags.push(reference.rsplit('/').next().unwrap_or(reference).to_owned());
            }
            variant.tags = tags;
        }
        Some(property.to_owned())
    }

    pub(super) fn enum_strings(&self, node: &Node) -> Option<Vec<String>> {
        let values = node.get("enum")?.as_seq()?;
        let types = self.types_of(node);
        if !(types.is_empty() || types.contains(&"string")) {
            return None;
        }
        values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v.scalar_kind() {
                Some(ScalarKind::Str) => v.as_str().map(str::to_owned),
                // A plain `yes`-like word or number under `type: string` is still text.
                Some(_) if types.contains(&"string") => v.as_text().map(str::to_owned),
                _ => None,
            })
            .collect()
    }

    pub(super) fn enum_kind(&mut self, node: &Node, values: &Node, loc: &DocPath) -> TypeKind {
        if values.as_seq().is_none() {
            self.diags.error(
                values.pos,
                &loc.key("enum"),
                "`enum` must be a list of values",
            );
            return TypeKind::Alias(Ty::Any);
        }
        match self.enum_strings(node) {
            Some(strings) => string_enum(&strings),
            // Numbers or mixed values: the underlying type; the allowed values go in the docs.
            None => {
                let types = self.types_of(node);
                let non_null: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
                match non_null.as_slice() {
                    [single] if *single != "object" && *single != "array" => {
                        TypeKind::Alias(self.primitive(single, node))
                    }
                    _ => TypeKind::Alias(Ty::Any),
                }
            }
        }
    }
}

fn string_enum(values: &[String]) -> TypeKind {
    let mut seen: Vec<String> = Vec::new();
    for value in values {
        if !seen.contains(value) {
            seen.push(value.clone());
        }
    }
    let names = naming::types::enum_variants(&seen);
    TypeKind::StringEnum(
        names
            .into_iter()
            .zip(seen)
            .map(|(rust_name, wire_value)| EnumVariant {
                rust_name,
                wire_value,
            })
            .collect(),
    )
}
