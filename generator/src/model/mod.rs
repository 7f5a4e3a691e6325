//! Stage two: the loaded document to a resolved [`ir::Api`].

pub mod ir;
pub mod naming;
mod operation;
mod recursion;
pub mod refs;
mod schema;
mod security;

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::load::node::{DocPath, Node};
use crate::load::{Document, OpenApiVersion};
use ir::*;

/// Which operations to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep operations carrying any of these tags (all when both lists are empty).
    pub tags: Vec<String>,
    /// Keep operations with any of these operationIds.
    pub operation_ids: Vec<String>,
}

impl Selection {
    fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operation_ids.is_empty()
    }
}

pub(crate) struct ModelBuilder<'a> {
    pub(crate) root: &'a Node,
    pub(crate) version: OpenApiVersion,
    pub(crate) diags: &'a mut Diagnostics,
    types: Vec<Option<TypeDef>>,
    /// The type defined for the schema standing at a place, so each is defined once.
    pub(crate) type_at: HashMap<DocPath, TypeId>,
    pub(crate) security_schemes: Vec<SecurityScheme>,
    pending_names: HashMap<TypeId, String>,
}

/// Builds the intermediate form. Problems go into `diags`; the result is only meaningful when
/// no error was reported.
pub fn build(doc: &Document, selection: &Selection, diags: &mut Diagnostics) -> Api {
    let mut builder = ModelBuilder {
        root: &doc.root,
        version: doc.version,
        diags,
        types: Vec::new(),
        type_at: HashMap::new(),
        security_schemes: Vec::new(),
        pending_names: HashMap::new(),
    };
    let root = &doc.root;
    let info = root.get("info");
    if info.is_none() {
        builder.diags.warning(
            root.pos,
            &DocPath::root(),
            "the document has no `info` object (title and version); it is required by OpenAPI",
        );
    }
    let text = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(Node::as_text)
            .map(str::to_owned)
    };
    builder.security_schemes = builder.security_schemes();
    let servers = builder.servers();
    let mut operations = builder.operations(selection);
    if selection.is_all() {
        // Every component schema is part of the API, used by an operation or not.
        builder.component_schemas();
    }
    let mut types: Vec<TypeDef> = builder
        .types
        .into_iter()
        .map(|t| t.expect("every reserved type is defined before the model is finished"))
        .collect();
    name_types(&mut types);
    for id in recursion::box_cycles(&mut types) {
        let def = &types[id.0];
        let pos = builder
            .root
            .pointer(&def.source.keys())
            .map_or(builder.root.pos, |n| n.pos);
        builder.diags.error(
            pos,
            &def.source,
            format!("schema `{}` is defined only in terms of itself (a `$ref`/`allOf` cycle with no object in between); no type can represent it", def.name),
        );
    }
    let setters: Vec<String> = builder
        .security_schemes
        .iter()
        .map(|s| s.setter.clone())
        .collect();
    operation::name_operations(&mut operations, &setters);
    Api {
        title: text("title").unwrap_or_else(|| "API".into()),
        version: text("version").unwrap_or_default(),
        description: text("description"),
        servers,
        security_schemes: builder.security_schemes,
        types,
        operations,
    }
}

/// Unique type names, chosen in an order that does not depend on the document's key order.
fn name_types(types: &mut [TypeDef]) {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |t: &TypeDef| {
            (
                t.name.clone(),
                t.source.is_component("schemas"),
                t.source.clone(),
            )
        };
        let (ka, kb) = (key(&types[a]), key(&types[b]));
        // Component schemas keep their own names first; inline ones yield.
        (ka.0, !ka.1, ka.2).cmp(&(kb.0, !kb.1, kb.2))
    });
    let mut names = naming::Namespace::default();
    for i in order {
        types[i].name = names.unique(&types[i].name);
    }
}

impl ModelBuilder<'_> {
    pub(crate) fn reserve_type(&mut self, loc: &DocPath, name: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.type_at.insert(loc.clone(), id);
        // The name is provisional until `name_types` resolves collisions.
        self.pending_names.insert(id, name.to_owned());
        id
    }

    pub(crate) fn define_type(&mut self, id: TypeId, node: &Node, loc: &DocPath, kind: TypeKind) {
        let name = self.pending_names.remove(&id).unwrap_or_default();
        self.types[id.0] = Some(TypeDef {
            name,
            doc: schema::description(node),
            deprecated: node.get("deprecated").and_then(Node::as_bool) == Some(true),
            kind,
            source: loc.clone(),
        });
    }

    fn component_schemas(&mut self) {
        let Some(schemas) = self.root.get("components").and_then(|c| c.get("schemas")) else {
            return;
        };
        let loc = DocPath::root().key("components").key("schemas");
        let Some(entries) = schemas.as_map() else {
            self.diags
                .error(schemas.pos, &loc, "`components.schemas` must be a mapping");
            return;
        };
        for (key, node) in entries {
            self.component_type(node, &loc.key(&key.name), &key.name);
        }
    }

    fn servers(&mut self) -> Vec<Server> {
        let Some(servers) = self.root.get("servers") else {
            return Vec::new();
        };
        let loc = DocPath::root().key("servers");
        let Some(items) = servers.as_seq() else {
            self.diags
                .error(servers.pos, &loc, "`servers` must be a list");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, server) in items.iter().enumerate() {
            let Some(url) = server.get("url").and_then(Node::as_text) else {
                self.diags
                    .error(server.pos, &loc.index(i), "a server needs a `url` string");
                continue;
            };
            let mut url = url.to_owned();
            if let Some(vars) = server.get("variables").and_then(Node::as_map) {
                for (name, var) in vars {
                    match var.get("default").and_then(Node::as_text) {
                        Some(default) => url = url.replace(&format!("{{{}}}", name.name), default),
                        None => self.diags.error(
                            var.pos,
                            &loc.index(i).key("variables").key(&name.name),
                            "a server variable needs a `default`",
                        ),
                    }
                }
            }
            if url.contains('{') {
                self.diags.error(
                    server.pos,
                    &loc.index(i).key("url"),
                    format!("server URL `{url}` uses a variable that `variables` does not define"),
                );
            }
            out.push(Server {
                url,
                description: schema::description(server),
            });
        }
        out
    }
}
