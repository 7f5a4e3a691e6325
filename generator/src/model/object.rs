//! Object schemas to structs: properties (with the `required` list and annotations beside a
//! `$ref`), `additionalProperties`, and `allOf` parts merged into one struct.

use indexmap::IndexMap;

use super::ir::*;
use super::naming;
use super::schema::description;
use super::{ModelBuilder, Want};
use crate::load::node::{DocPath, Node};

impl ModelBuilder<'_> {
    pub(super) fn object(&mut self, node: &Node, loc: &DocPath, hint: &str) -> TypeKind {
        let additional = self.additional_properties(node, loc, hint);
        let Some(properties) = node.get("properties") else {
            return match additional {
                Some(ty) => TypeKind::Alias(Ty::Map(Box::new(ty))),
                None if node.get("additionalProperties").and_then(Node::as_bool) == Some(false) => {
                    TypeKind::Struct(Struct::default())
                }
                None => TypeKind::Alias(Ty::Map(Box::new(Ty::Any))),
            };
        };
        let mut fields = IndexMap::new();
        self.collect_properties(node, properties, loc, hint, &mut fields);
        TypeKind::Struct(Struct {
            fields: self.finish_fields(fields, loc, node),
            additional,
            builder: None,
        })
    }

    fn additional_properties(&mut self, node: &Node, loc: &DocPath, hint: &str) -> Option<Ty> {
        let value = node.get("additionalProperties")?;
        if let Some(allowed) = value.as_bool() {
            return allowed.then_some(Ty::Any);
        }
        let value_hint = naming::hint::value(hint);
        Some(self.schema_ty(value, &loc.key("additionalProperties"), &value_hint))
    }

    /// Adds `properties` (and the `required` list) of one object schema to `fields`.
    fn collect_properties(
        &mut self,
        node: &Node,
        properties: &Node,
        loc: &DocPath,
        hint: &str,
        fields: &mut IndexMap<String, Field>,
    ) {
        let props_loc = loc.key("properties");
        let Some(entries) = properties.as_map() else {
            self.diags.error(
                properties.pos,
                &props_loc,
                format!(
                    "`properties` must be a mapping, but this is {}",
                    properties.kind_name()
                ),
            );
            return;
        };
        let required = self.required_list(node, loc);
        for (key, schema) in entries {
            let field_loc = props_loc.key(&key.name);
            if schema.as_bool() == Some(false) {
                let why = if key.name == "additionalProperties" {
                    " (`additionalProperties: false` written inside `properties` declares a property of that name)"
                } else {
                    ""
                };
                self.diags.warning(
                    schema.pos,
                    &field_loc,
                    format!(
                        "property `{}` has the schema `false`: it can never be present, so it is left out{why}",
                        key.name
                    ),
                );
                continue;
            }
            let field_hint = naming::hint::field(hint, &key.name);
            let ty = self.schema_ty(schema, &field_loc, &field_hint);
            // Annotations count beside the schema and in its `allOf` parts (3.0's way to
            // annotate a `$ref`).
            let flag = |k: &str| {
                std::iter::once(schema)
                    .chain(
                        schema
                            .get("allOf")
                            .and_then(Node::as_seq)
                            .unwrap_or_default(),
                    )
                    .any(|s| s.get(k).and_then(Node::as_bool) == Some(true))
            };
            // readOnly/writeOnly values travel in one direction only, so they cannot be required
            // in a type that serves both.
            let one_way = flag("readOnly") || flag("writeOnly");
            let (doc, nullable_ref) = self.property_doc(schema);
            let nullable = matches!(ty, Ty::Nullable(_)) || nullable_ref;
            let ty = match ty {
                Ty::Nullable(inner) => *inner,
                ty => ty,
            };
            fields.insert(
                key.name.clone(),
                Field {
                    rust_name: String::new(),
                    wire_name: key.name.clone(),
                    ty,
                    required: required.contains(&key.name) && !one_way,
                    nullable,
                    doc,
                    secret: flag("x-secret"),
                    deprecated: flag("deprecated"),
                    boxed: false,
                    default: schema.get("default").map(Node::to_json_text),
                    setter: None,
                    null_setter: None,
                },
            );
        }
    }

    /// A property's description, taken from beside a `$ref` too (3.1 allows that).
    fn property_doc(&self, schema: &Node) -> (Option<String>, bool) {
        let own = description(schema);
        if own.is_some() || schema.get("$ref").is_none() {
            return (own, false);
        }
        (None, false)
    }

    fn required_list(&mut self, node: &Node, loc: &DocPath) -> Vec<String> {
        let Some(required) = node.get("required") else {
            return Vec::new();
        };
        match required.as_seq() {
            Some(items) => {
                self.check_type(node, "required", loc, Want::TextList);
                items
                    .iter()
                    .filter_map(|i| i.as_text().map(str::to_owned))
                    .collect()
            }
            None => {
                // `required: true` on a property schema is a common 2.0 leftover.
                self.diags.error(
                    required.pos,
                    &loc.key("required"),
                    format!(
                        "`required` in a schema must be a list of property names, but this is {}",
                        required.kind_name()
                    ),
                );
                Vec::new()
            }
        }
    }

    /// The fields in the document's order (`allOf` parts first, in order), named.
    fn finish_fields(
        &mut self,
        fields: IndexMap<String, Field>,
        loc: &DocPath,
        node: &Node,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = fields.into_values().collect();
        naming::types::field_names(&mut out, node, loc, self.diags);
        out
    }

    pub(super) fn all_of(
        &mut self,
        node: &Node,
        parts: &Node,
        loc: &DocPath,
        hint: &str,
    ) -> TypeKind {
        let parts_loc = loc.key("allOf");
        let Some(items) = parts.as_seq() else {
            self.diags
                .error(parts.pos, &parts_loc, "`allOf` must be a list of schemas");
            return TypeKind::Alias(Ty::Any);
        };
        if items.len() == 1 && node.get("properties").is_none() {
            return TypeKind::Alias(self.schema_ty(&items[0], &parts_loc.index(0), hint));
        }
        let mut fields = IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        for (i, part) in items.iter().enumerate() {
            self.merge_object(
                part,
                &parts_loc.index(i),
                hint,
                &mut fields,
                &mut required,
                &mut additional,
                &mut vec![loc.clone()],
            );
        }
        if let Some(properties) = node.get("properties") {
            self.collect_properties(node, properties, loc, hint, &mut fields);
        }
        required.extend(self.required_list(node, loc));
        for (name, field) in fields.iter_mut() {
            if required.contains(name) {
                field.required = true;
            }
        }
        TypeKind::Struct(Struct {
            fields: self.finish_fields(fields, loc, node),
            additional,
            builder: None,
        })
    }

    /// Merges one `allOf` part into `fields`; `within` holds the schemas being merged around
    /// it, so a part that includes one of them again is reported as a cycle.
    #[allow(clippy::too_many_arguments)]
    fn merge_object(
        &mut self,
        part: &Node,
        part_loc: &DocPath,
        hint: &str,
        fields: &mut IndexMap<String, Field>,
        required: &mut Vec<String>,
        additional: &mut Option<Ty>,
        within: &mut Vec<DocPath>,
    ) {
        let ref_pos = part.get("$ref").map_or(part.pos, |r| r.pos);
        let place = part_loc;
        let Some((part, part_loc)) = self.follow_ref(part, part_loc) else {
            return;
        };
        if within.contains(&part_loc) || within.len() > 64 {
            self.diags.error_hint(
                ref_pos,
                place,
                format!("`allOf` includes `{part_loc}`, which is being merged already: the schema is all of itself, a cycle no type can represent"),
                "a property may refer to its own schema (it is boxed); `allOf` may not",
            );
            return;
        }
        within.push(part_loc.clone());
        if let Some(inner) = part.get("allOf") {
            match inner.as_seq() {
                Some(items) => {
                    for (i, p) in items.iter().enumerate() {
                        self.merge_object(
                            p,
                            &part_loc.key("allOf").index(i),
                            hint,
                            fields,
                            required,
                            additional,
                            within,
                        );
                    }
                }
                None => self.diags.error(
                    inner.pos,
                    &part_loc.key("allOf"),
                    format!(
                        "`allOf` must be a list of schemas, but this is {}",
                        inner.kind_name()
                    ),
                ),
            }
        }
        within.pop();
        let types = self.types_of(part);
        let is_object = types.is_empty() || types.contains(&"object");
        if !is_object || part.get("oneOf").is_some() || part.get("anyOf").is_some() {
            self.diags.error(
                part.pos,
                &part_loc,
                "`allOf` is supported for object schemas only; this part is not a plain object (a primitive, or a oneOf/anyOf)",
            );
            return;
        }
        if let Some(properties) = part.get("properties") {
            self.collect_properties(part, properties, &part_loc, hint, fields);
        }
        required.extend(self.required_list(part, &part_loc));
        if additional.is_none() {
            *additional = self.additional_properties(part, &part_loc, hint);
        }
    }
}
