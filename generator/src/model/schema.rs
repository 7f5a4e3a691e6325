//! Schemas to Rust types: each schema becomes a [`Ty`], defining a [`TypeDef`] where it needs one
//! (objects, enums, unions, and every named component schema). Here: references and components,
//! what kind of type a schema is, primitives and arrays; objects and `allOf` merges are built in
//! `object.rs`, unions and enums in `variants.rs`.

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

    pub(super) fn primitive(&mut self, name: &str, node: &Node) -> Ty {
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

pub(super) fn is_null_schema(node: &Node) -> bool {
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
