//! Schemas to Rust types: each schema becomes a [`Ty`], defining a [`TypeDef`] where it needs one
//! (objects, enums, unions, and every named component schema).

use indexmap::IndexMap;

use super::all_of::AllOfPlan;
use super::ir::*;
use super::naming;
use super::{ModelBuilder, Want};
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node, ScalarKind};
use crate::load::OpenApiVersion;

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null",
];

/// Schema keywords we have nothing to generate for; they narrow values, never change the type,
/// so the generated type is still right (only less strict).
const IGNORED_NOTE: &[&str] = &["not", "if", "then", "else", "patternProperties"];

impl ModelBuilder<'_> {
    /// The Rust type for the schema `node` standing at `loc`; `hint` names any type it defines.
    pub(crate) fn schema_ty(&mut self, node: &Node, loc: &DocPath, hint: &str) -> Ty {
        // `$ref`s let schemas nest without bound (a chain of thousands of schemas, each holding
        // the next); past this depth they are refused rather than overflow the stack.
        if self.depth >= super::MAX_SCHEMA_DEPTH {
            self.diags.error(
                node.pos,
                loc,
                format!(
                    "schemas nest more than {} levels deep here (through `$ref`s); refusing to follow them further",
                    super::MAX_SCHEMA_DEPTH
                ),
            );
            return Ty::Any;
        }
        self.depth += 1;
        let ty = self.schema_ty_at_depth(node, loc, hint);
        self.depth -= 1;
        ty
    }

    fn schema_ty_at_depth(&mut self, node: &Node, loc: &DocPath, hint: &str) -> Ty {
        if node.get("$ref").is_some() {
            let ty = self.schema_ref(node, loc);
            // `nullable: true` beside a `$ref` is common (3.0 says to ignore siblings, 3.1 lets
            // them apply); reading it as nullable only widens what the type accepts.
            let nullable_sibling = node.get("nullable").and_then(Node::as_bool) == Some(true);
            return if nullable_sibling && !matches!(ty, Ty::Nullable(_) | Ty::Any) {
                Ty::Nullable(Box::new(ty))
            } else {
                ty
            };
        }
        match node.as_bool() {
            // The boolean schema `true` (3.1) admits any value.
            Some(true) => return Ty::Any,
            // `false` admits none; where it is not a property (which is left out instead),
            // nothing typed can stand for it.
            Some(false) => {
                self.diags.warning(
                    node.pos,
                    loc,
                    "the schema `false` admits no value; it is generated as any JSON value (`serde_json::Value`)",
                );
                return Ty::Any;
            }
            None => {}
        }
        if node.is_null() {
            self.diags.warning(
                node.pos,
                loc,
                "the schema is `null` (no schema); the value is any JSON value (`serde_json::Value`)",
            );
            return Ty::Any;
        }
        if node.as_map().is_none() {
            self.diags.error(
                node.pos,
                loc,
                format!(
                    "a schema must be a mapping, but this is {}",
                    node.kind_name()
                ),
            );
            return Ty::Any;
        }
        let (base, nullable) = self.schema_base(node, loc, hint);
        if nullable && !matches!(base, Ty::Nullable(_) | Ty::Any) {
            Ty::Nullable(Box::new(base))
        } else {
            base
        }
    }

    fn schema_ref(&mut self, node: &Node, loc: &DocPath) -> Ty {
        let Some((target, target_loc)) = self.follow_ref(node, loc) else {
            return Ty::Any;
        };
        if let Some(id) = self.type_at.get(&target_loc) {
            return Ty::Named(*id);
        }
        if self.is_component_schema(&target_loc) {
            // Named schemas are types: the name is reserved now and the schema defined later
            // from a work list, so a long chain or cycle of `$ref`s between components does not
            // nest the model's recursion.
            let name = naming::hint::component(&component_name(&target_loc));
            let id = self.reserve_type(&target_loc, &name);
            self.pending_components.push((id, target_loc));
            return Ty::Named(id);
        }
        let hint = component_name(&target_loc);
        self.schema_ty(target, &target_loc, &naming::hint::component(&hint))
    }

    fn is_component_schema(&self, loc: &DocPath) -> bool {
        loc.is_component("schemas")
    }

    /// A named component schema always gets a type of its own, so the spec's names survive.
    pub(crate) fn component_type(&mut self, node: &Node, loc: &DocPath, name: &str) -> TypeId {
        if let Some(id) = self.type_at.get(loc) {
            return *id;
        }
        let name = naming::hint::component(name);
        let id = self.reserve_type(loc, &name);
        self.define_component(id, node, loc, &name);
        id
    }

    /// Defines every component schema reserved by a `$ref` but not defined yet.
    pub(crate) fn define_pending_components(&mut self) {
        while let Some((id, loc)) = self.pending_components.pop() {
            let root = self.root;
            let Some(node) = root.pointer(&loc.keys()) else {
                continue;
            };
            let name = component_name(&loc);
            let (mark, broken) = (self.diags.mark(), self.broken_refs);
            self.define_component(id, node, &loc, &naming::hint::component(&name));
            self.untyped_if_failed(id, node, &loc, mark, broken);
        }
    }

    fn define_component(&mut self, id: TypeId, node: &Node, loc: &DocPath, name: &str) {
        let name = name.to_owned();
        let kind = match node.get("$ref") {
            Some(_) => TypeKind::Alias(self.schema_ref(node, loc)),
            None => {
                let (kind, nullable) = self.schema_kind(node, loc, &name);
                match kind {
                    TypeKind::Alias(ty) if nullable => TypeKind::Alias(Ty::Nullable(Box::new(ty))),
                    kind => {
                        if nullable {
                            // The struct or enum cannot hold `null`; its references will.
                            self.nullable_components.insert(id);
                        }
                        kind
                    }
                }
            }
        };
        self.define_type(id, node, loc, kind);
    }

    fn schema_base(&mut self, node: &Node, loc: &DocPath, hint: &str) -> (Ty, bool) {
        // An `allOf` that is not a merge of objects is the type of one of its parts.
        if node.get("allOf").is_some() {
            match self.all_of_plan(node, loc) {
                AllOfPlan::Merge => {}
                AllOfPlan::Part(i, nullable) => {
                    let items = node.get("allOf").and_then(Node::as_seq).unwrap_or_default();
                    let ty = self.schema_ty(&items[i], &loc.key("allOf").index(i), hint);
                    return (ty, nullable || self.is_nullable(node));
                }
                AllOfPlan::Own(name) => {
                    return (self.primitive(name, node), self.is_nullable(node));
                }
                AllOfPlan::Untyped => return (Ty::Any, false),
            }
        }
        // Types that need a definition of their own are made here; the rest are plain `Ty`s.
        if self.needs_typedef(node) {
            if let Some(id) = self.type_at.get(loc) {
                return (Ty::Named(*id), self.is_nullable(node));
            }
            let id = self.reserve_type(loc, hint);
            let (kind, nullable) = self.schema_kind(node, loc, hint);
            self.define_type(id, node, loc, kind);
            return (Ty::Named(id), nullable);
        }
        match self.schema_kind(node, loc, hint) {
            (TypeKind::Alias(ty), nullable) => (ty, nullable),
            // A schema `needs_typedef` did not foresee a definition for (an object shape
            // without `type`, say) still gets one, rather than a panic.
            (kind, nullable) => {
                let id = self.reserve_type(loc, hint);
                self.define_type(id, node, loc, kind);
                (Ty::Named(id), nullable)
            }
        }
    }

    fn needs_typedef(&self, node: &Node) -> bool {
        let has = |k| node.get(k).is_some();
        if has("enum") {
            return self.enum_strings(node).is_some();
        }
        if let Some(c) = node.get("const") {
            return c.as_str().is_some();
        }
        if has("allOf") {
            return node
                .get("allOf")
                .and_then(Node::as_seq)
                .is_some_and(|s| s.len() > 1)
                || has("properties");
        }
        if has("oneOf") || has("anyOf") {
            return self.union_members(node).len() > 1;
        }
        has("properties")
            || (node.get("additionalProperties").and_then(Node::as_bool) == Some(false)
                && self.types_of(node).contains(&"object"))
    }

    fn is_nullable(&self, node: &Node) -> bool {
        node.get("nullable").and_then(Node::as_bool) == Some(true)
            || self.types_of(node).contains(&"null")
            || ["oneOf", "anyOf"].iter().any(|k| {
                node.get(k)
                    .and_then(Node::as_seq)
                    .is_some_and(|s| s.iter().any(is_null_schema))
            })
            || node
                .get("enum")
                .and_then(Node::as_seq)
                .is_some_and(|s| s.iter().any(Node::is_null))
    }

    pub(super) fn types_of<'n>(&self, node: &'n Node) -> Vec<&'n str> {
        match node.get("type") {
            Some(t) => match t.as_seq() {
                Some(items) => items.iter().filter_map(Node::as_str).collect(),
                None => t.as_str().into_iter().collect(),
            },
            None => Vec::new(),
        }
    }

    /// What the schema is, and whether it also admits `null`.
    fn schema_kind(&mut self, node: &Node, loc: &DocPath, hint: &str) -> (TypeKind, bool) {
        let nullable = self.is_nullable(node);
        self.check_schema_keywords(node, loc);
        if let Some(values) = node.get("enum") {
            return (self.enum_kind(node, values, loc), nullable);
        }
        if let Some(value) = node.get("const") {
            if let Some(text) = value.as_str() {
                return (TypeKind::Fixed(text.to_owned()), nullable);
            }
            return (TypeKind::Alias(scalar_ty(value)), nullable);
        }
        if let Some(parts) = node.get("allOf") {
            return match self.all_of_plan(node, loc) {
                AllOfPlan::Merge => (self.all_of(node, parts, loc, hint), nullable),
                AllOfPlan::Part(i, part_nullable) => {
                    let items = parts.as_seq().unwrap_or_default();
                    let part_loc = loc.key("allOf").index(i);
                    let nullable = nullable || part_nullable;
                    match &items[i] {
                        // An inline part is this schema's own definition (a component keeps
                        // its name); a reference stays a reference.
                        part if part.get("$ref").is_none() && part.as_map().is_some() => {
                            let (kind, inner) = self.schema_kind(part, &part_loc, hint);
                            (kind, nullable || inner)
                        }
                        part => (
                            TypeKind::Alias(self.schema_ty(part, &part_loc, hint)),
                            nullable,
                        ),
                    }
                }
                AllOfPlan::Own(name) => (TypeKind::Alias(self.primitive(name, node)), nullable),
                AllOfPlan::Untyped => (TypeKind::Alias(Ty::Any), nullable),
            };
        }
        for key in ["oneOf", "anyOf"] {
            if node.get(key).is_some() {
                return (self.union(node, key, loc, hint), nullable);
            }
        }
        let types: Vec<&str> = self.types_of(node);
        if let Some(t) = node.get("type") {
            if t.as_seq().is_some() && self.version == OpenApiVersion::V3_0 {
                self.diags.error(
                    t.pos,
                    &loc.key("type"),
                    "`type` must be a single string in OpenAPI 3.0 (lists of types came with 3.1)",
                );
            }
            for name in &types {
                if !TYPES.contains(name) {
                    let hint = did_you_mean(name, TYPES)
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("one of {}", TYPES.join(", ")));
                    self.diags.error_hint(
                        t.pos,
                        &loc.key("type"),
                        format!("unknown schema type `{name}`"),
                        hint,
                    );
                    return (TypeKind::Alias(Ty::Any), nullable);
                }
            }
            if t.as_str().is_none() && t.as_seq().is_none() {
                self.diags.error(
                    t.pos,
                    &loc.key("type"),
                    format!("`type` must be a string, but this is {}", t.kind_name()),
                );
            }
        }
        let non_null: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let has_object_keywords =
            node.get("properties").is_some() || node.get("additionalProperties").is_some();
        let kind = match non_null.as_slice() {
            [] if has_object_keywords => self.object(node, loc, hint),
            [] => TypeKind::Alias(Ty::Any),
            ["object"] => self.object(node, loc, hint),
            ["array"] => TypeKind::Alias(self.array(node, loc, hint)),
            [single] => TypeKind::Alias(self.primitive(single, node)),
            // Several types at once: only a JSON value holds them all.
            _ => TypeKind::Alias(Ty::Any),
        };
        (kind, nullable)
    }

    fn check_schema_keywords(&mut self, node: &Node, loc: &DocPath) {
        for (key, want) in [
            ("nullable", Want::Bool),
            ("readOnly", Want::Bool),
            ("writeOnly", Want::Bool),
            ("x-secret", Want::Bool),
            ("format", Want::Str),
            ("description", Want::Text),
            ("title", Want::Text),
            ("discriminator", Want::Map),
        ] {
            self.check_type(node, key, loc, want);
        }
        if node.get("type").is_some_and(|t| t.as_seq().is_some()) {
            self.check_type(node, "type", loc, Want::TextList);
        }
        for key in IGNORED_NOTE {
            if let Some(value) = node.get(key) {
                self.diags.warning(
                    value.pos,
                    &loc.key(key),
                    format!("`{key}` only narrows the values a schema allows; the generated type accepts the wider set"),
                );
            }
        }
        if let Some(value) = node.get("$dynamicRef") {
            self.diags.warning(
                value.pos,
                &loc.key("$dynamicRef"),
                "`$dynamicRef` is not followed; the value is any JSON value (`serde_json::Value`)",
            );
        }
        if let Some(value) = node.get("discriminator") {
            if node.get("oneOf").is_none() && node.get("anyOf").is_none() {
                self.diags.warning(
                    value.pos,
                    &loc.key("discriminator"),
                    "a `discriminator` without `oneOf`/`anyOf` picks no subtype: values decode as this schema's own type (use a `oneOf` of the subtypes to get them)",
                );
            }
        }
    }

    fn primitive(&mut self, name: &str, node: &Node) -> Ty {
        let format = node.get("format").and_then(Node::as_str).unwrap_or("");
        match name {
            "string" => match format {
                "date-time" => Ty::DateTime,
                "date" => Ty::Date,
                "uuid" => Ty::Uuid,
                "byte" => Ty::Base64,
                "binary" => Ty::Bytes,
                // JSON Schema 2020-12 (OpenAPI 3.1) says the same with content keywords.
                _ => match (
                    node.get("contentEncoding").and_then(Node::as_str),
                    node.get("contentMediaType").and_then(Node::as_str),
                ) {
                    (Some(encoding), _) if encoding.eq_ignore_ascii_case("base64") => Ty::Base64,
                    (None, Some(media)) if !is_textual_media(media) => Ty::Bytes,
                    _ => Ty::String,
                },
            },
            "integer" => match format {
                "int32" => Ty::Int(IntKind::I32),
                "uint32" => Ty::Int(IntKind::U32),
                "uint64" => Ty::Int(IntKind::U64),
                _ => Ty::Int(IntKind::I64),
            },
            "number" => match format {
                "float" => Ty::Float(FloatKind::F32),
                "int32" => Ty::Int(IntKind::I32),
                "int64" => Ty::Int(IntKind::I64),
                _ => Ty::Float(FloatKind::F64),
            },
            "boolean" => Ty::Bool,
            _ => Ty::Any,
        }
    }

    fn array(&mut self, node: &Node, loc: &DocPath, hint: &str) -> Ty {
        if let Some(prefix) = node.get("prefixItems") {
            self.diags.warning(
                prefix.pos,
                &loc.key("prefixItems"),
                "tuples (`prefixItems`) are generated as a list of JSON values",
            );
            return Ty::Array(Box::new(Ty::Any));
        }
        match node.get("items") {
            Some(items) => {
                let item_hint = naming::hint::item(hint);
                Ty::Array(Box::new(self.schema_ty(
                    items,
                    &loc.key("items"),
                    &item_hint,
                )))
            }
            None => Ty::Array(Box::new(Ty::Any)),
        }
    }

    fn object(&mut self, node: &Node, loc: &DocPath, hint: &str) -> TypeKind {
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

    fn all_of(&mut self, node: &Node, parts: &Node, loc: &DocPath, hint: &str) -> TypeKind {
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

    fn union_members<'n>(&self, node: &'n Node) -> Vec<(usize, &'n Node)> {
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

    fn union(&mut self, node: &Node, key: &str, loc: &DocPath, hint: &str) -> TypeKind {
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

    fn enum_kind(&mut self, node: &Node, values: &Node, loc: &DocPath) -> TypeKind {
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

/// A media type whose content is text (kept as a `String` rather than bytes).
fn is_textual_media(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/")
        || media.contains("json")
        || media.contains("xml")
        || media.contains("javascript")
        || media.contains("yaml")
}

fn scalar_ty(value: &Node) -> Ty {
    match value.scalar_kind() {
        Some(ScalarKind::Bool(_)) => Ty::Bool,
        Some(ScalarKind::Int(_)) => Ty::Int(IntKind::I64),
        Some(ScalarKind::Float(_)) => Ty::Float(FloatKind::F64),
        _ => Ty::Any,
    }
}

fn is_null_schema(node: &Node) -> bool {
    node.get("type").and_then(Node::as_str) == Some("null")
        || node
            .get("enum")
            .and_then(Node::as_seq)
            .is_some_and(|s| s.len() == 1 && s[0].is_null())
}

pub(crate) fn description(node: &Node) -> Option<String> {
    let text = node
        .get("description")
        .and_then(Node::as_text)
        .or_else(|| node.get("title").and_then(Node::as_text))?;
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn component_name(loc: &DocPath) -> String {
    loc.last_key().unwrap_or("Schema").to_owned()
}
