//! `allOf` as an intersection: which of its parts decides the Rust type.
//!
//! OpenAPI 3.0 lets nothing stand beside a `$ref`, so documents annotate a reference by putting
//! it in an `allOf` with an annotation-only part (`allOf: [{$ref: Color}, {description: ...}]`).
//! Such parts narrow nothing, so the type is the other part's. Parts of one primitive type are
//! that type; objects merge into one struct; parts that contradict each other (a string and an
//! object) have no Rust type, and the value is kept as a JSON value with a warning.

use super::ModelBuilder;
use crate::load::node::{DocPath, Node};

/// What an `allOf` schema is generated as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AllOfPlan {
    /// Every part that constrains the type is an object: one struct with all their fields.
    Merge,
    /// Part `.0` alone decides the type; `.1` is whether an annotation part says `nullable`.
    Part(usize, bool),
    /// The schema's own `type` (beside `allOf`) decides it; the parts only annotate.
    Own(&'static str),
    /// The parts contradict each other: `serde_json::Value`, with a warning.
    Untyped,
}

/// The shape of a schema (of one part, for deciding whether the parts agree).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Only annotations or validation keywords: it narrows values, never the type.
    Annotation,
    Object,
    Array,
    /// `string`, `integer`, `number` or `boolean`.
    Primitive(&'static str),
    /// A union, several types, or an enum of mixed values: a type of its own.
    Other,
}

/// How far `allOf`s inside `allOf` parts are followed when classifying.
const MAX_NESTING: usize = 32;

impl ModelBuilder<'_> {
    /// Decides how the `allOf` at `node` is generated; warns (once per place) when its parts
    /// contradict each other.
    pub(crate) fn all_of_plan(&mut self, node: &Node, loc: &DocPath) -> AllOfPlan {
        let Some(items) = node.get("allOf").and_then(Node::as_seq) else {
            // Not a list: reported where the struct is built.
            return AllOfPlan::Merge;
        };
        let parts_loc = loc.key("allOf");
        // One part and nothing beside it: that part, whatever it is (as it always was).
        if items.len() == 1 && node.get("properties").is_none() {
            return AllOfPlan::Part(0, false);
        }
        let own = self.own_shape(node);
        let mut shapes = Vec::new();
        let mut nullable = false;
        for (i, part) in items.iter().enumerate() {
            let shape = self.part_shape(part, &parts_loc.index(i), &mut vec![loc.clone()]);
            if shape == Shape::Annotation && is_nullable_annotation(part) {
                nullable = true;
            }
            shapes.push(shape);
        }
        let substantive: Vec<(Option<usize>, Shape)> = std::iter::once((None, own))
            .chain(shapes.iter().enumerate().map(|(i, s)| (Some(i), *s)))
            .filter(|(_, s)| *s != Shape::Annotation)
            .collect();
        if substantive.iter().all(|(_, s)| *s == Shape::Object) {
            return AllOfPlan::Merge;
        }
        let from_parts: Vec<(usize, Shape)> = substantive
            .iter()
            .filter_map(|(i, s)| i.map(|i| (i, *s)))
            .collect();
        if let [(i, _)] = from_parts.as_slice() {
            if own == Shape::Annotation || own == from_parts[0].1 {
                return AllOfPlan::Part(*i, nullable);
            }
        }
        // Parts of one primitive type (integer within number) are that type: the most
        // specific part (an enum, then a format) stands for all.
        if let Some(name) = common_primitive(substantive.iter().map(|(_, s)| *s)) {
            let chosen = from_parts
                .iter()
                .filter(|(_, s)| *s == Shape::Primitive(name))
                .max_by_key(|(i, _)| {
                    let part = self
                        .resolved(&items[*i], &parts_loc.index(*i))
                        .map(|(p, _)| p);
                    (
                        part.is_some_and(|p| p.get("enum").is_some()),
                        part.is_some_and(|p| p.get("format").is_some()),
                        std::cmp::Reverse(*i),
                    )
                })
                .map(|(i, _)| *i);
            return match chosen {
                Some(i) => AllOfPlan::Part(i, nullable),
                None => AllOfPlan::Own(name),
            };
        }
        let kinds: Vec<&str> = substantive.iter().map(|(_, s)| s.describe()).collect();
        self.diags.warning(
            node.get("allOf").map_or(node.pos, |n| n.pos),
            &parts_loc,
            format!(
                "the `allOf` parts are {}: no Rust type is all of them, so the value is any JSON value (`serde_json::Value`)",
                kinds.join(" and ")
            ),
        );
        AllOfPlan::Untyped
    }

    /// What the schema at `node` is, its `$ref`s followed and its `allOf` parts combined.
    pub(crate) fn schema_shape(&mut self, node: &Node, loc: &DocPath) -> Shape {
        self.part_shape(node, loc, &mut Vec::new())
    }

    /// The schema standing under `key` (`items`, or `properties` then `name`) of the schema at
    /// `node`, found through its `$ref`s and in its `allOf` parts (the first part that has it).
    pub(crate) fn subschema<'n>(
        &mut self,
        node: &'n Node,
        loc: &DocPath,
        key: &[&str],
    ) -> Option<(&'n Node, DocPath)>
    where
        Self: 'n,
    {
        self.subschema_within(node, loc, key, 0)
    }

    fn subschema_within<'n>(
        &mut self,
        node: &'n Node,
        loc: &DocPath,
        key: &[&str],
        depth: usize,
    ) -> Option<(&'n Node, DocPath)>
    where
        Self: 'n,
    {
        let (node, loc) = self.resolved(node, loc)?;
        let mut found = Some(node);
        let mut found_loc = loc.clone();
        for k in key {
            found = found.and_then(|n| n.get(k));
            found_loc = found_loc.key(k);
        }
        if let Some(found) = found {
            return Some((found, found_loc));
        }
        if depth >= MAX_NESTING {
            return None;
        }
        let parts = node.get("allOf").and_then(Node::as_seq)?;
        parts.iter().enumerate().find_map(|(i, part)| {
            self.subschema_within(part, &loc.key("allOf").index(i), key, depth + 1)
        })
    }

    /// The node a part stands for, its `$ref`s followed (errors are reported by the caller
    /// that generates the part).
    fn resolved<'n>(&mut self, part: &'n Node, loc: &DocPath) -> Option<(&'n Node, DocPath)>
    where
        Self: 'n,
    {
        if part.get("$ref").is_none() {
            return Some((part, loc.clone()));
        }
        let root = self.root;
        super::refs::follow(root, part, loc, &mut self.ref_targets).ok()
    }

    /// `within` holds the schemas whose `allOf` is being classified around this part.
    fn part_shape(&mut self, part: &Node, loc: &DocPath, within: &mut Vec<DocPath>) -> Shape {
        let Some((part, part_loc)) = self.resolved(part, loc) else {
            // A `$ref` to nothing is an error reported later; it does not decide the plan.
            return Shape::Annotation;
        };
        // A part that is all of a schema around it decides nothing here; merging reports
        // the cycle.
        if within.contains(&part_loc) {
            return Shape::Annotation;
        }
        match part.as_bool() {
            Some(true) => return Shape::Annotation,
            Some(false) => return Shape::Other,
            None => {}
        }
        if part.as_map().is_none() {
            return Shape::Other;
        }
        let own = self.own_shape(part);
        let Some(inner) = part.get("allOf").and_then(Node::as_seq) else {
            return own;
        };
        if within.len() >= MAX_NESTING {
            return Shape::Other;
        }
        within.push(part_loc.clone());
        let mut shapes = vec![own];
        for (i, p) in inner.iter().enumerate() {
            shapes.push(self.part_shape(p, &part_loc.key("allOf").index(i), within));
        }
        within.pop();
        combine(&shapes)
    }

    /// The shape a schema gives by its own keywords (its `allOf` aside).
    fn own_shape(&self, node: &Node) -> Shape {
        let has = |k: &str| node.get(k).is_some();
        if has("oneOf") || has("anyOf") {
            return Shape::Other;
        }
        let types: Vec<&str> = self
            .types_of(node)
            .into_iter()
            .filter(|t| *t != "null")
            .collect();
        if has("enum") || has("const") {
            if self.enum_strings(node).is_some()
                || node.get("const").and_then(Node::as_str).is_some()
            {
                return Shape::Primitive("string");
            }
            return match types.as_slice() {
                [t] => primitive_shape(t),
                _ => Shape::Other,
            };
        }
        match types.as_slice() {
            [] => {
                if [
                    "properties",
                    "additionalProperties",
                    "required",
                    "patternProperties",
                ]
                .iter()
                .any(|k| has(k))
                {
                    Shape::Object
                } else if has("items") || has("prefixItems") {
                    Shape::Array
                } else {
                    // Only annotations (`description`, `nullable`, `x-*`, ...) or keywords
                    // that narrow values (`maxLength`, `format`, `not`, ...): any type.
                    Shape::Annotation
                }
            }
            ["object"] => Shape::Object,
            ["array"] => Shape::Array,
            [t] => primitive_shape(t),
            _ => Shape::Other,
        }
    }
}

fn primitive_shape(name: &str) -> Shape {
    match name {
        "string" => Shape::Primitive("string"),
        "integer" => Shape::Primitive("integer"),
        "number" => Shape::Primitive("number"),
        "boolean" => Shape::Primitive("boolean"),
        "object" => Shape::Object,
        "array" => Shape::Array,
        _ => Shape::Other,
    }
}

/// The shape of all of `shapes` at once.
fn combine(shapes: &[Shape]) -> Shape {
    let substantive: Vec<Shape> = shapes
        .iter()
        .copied()
        .filter(|s| *s != Shape::Annotation)
        .collect();
    match substantive.as_slice() {
        [] => Shape::Annotation,
        [one] => *one,
        all if all.iter().all(|s| *s == Shape::Object) => Shape::Object,
        all => common_primitive(all.iter().copied())
            .map(Shape::Primitive)
            .unwrap_or(Shape::Other),
    }
}

/// The primitive type every shape is (integer where number and integer meet), if any.
fn common_primitive(shapes: impl Iterator<Item = Shape>) -> Option<&'static str> {
    let mut common: Option<&'static str> = None;
    for shape in shapes {
        let Shape::Primitive(name) = shape else {
            if shape == Shape::Annotation {
                continue;
            }
            return None;
        };
        common = match (common, name) {
            (None, n) => Some(n),
            (Some(a), b) if a == b => Some(a),
            (Some("number"), "integer") | (Some("integer"), "number") => Some("integer"),
            _ => return None,
        };
    }
    common
}

fn is_nullable_annotation(part: &Node) -> bool {
    part.get("nullable").and_then(Node::as_bool) == Some(true)
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::Annotation => "an annotation",
            Shape::Object => "an object",
            Shape::Array => "an array",
            Shape::Primitive("string") => "a string",
            Shape::Primitive("integer") => "an integer",
            Shape::Primitive("number") => "a number",
            Shape::Primitive(_) => "a boolean",
            Shape::Other => "a union or a mixed type",
        }
    }
}
