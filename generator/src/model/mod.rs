//! Stage two: the loaded document to a resolved [`ir::Api`].

mod all_of;
mod content;
mod encoding;
pub mod examples;
pub mod ir;
pub mod naming;
mod nullable_refs;
mod object;
mod operation;
mod outcome;
mod parameter;
mod recursion;
pub mod refs;
mod response_headers;
mod schema;
mod security;
mod streams;
mod style;
mod tags;
mod variants;

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
    /// The document's folder, to say whether a file a `$ref` names exists.
    base_dir: Option<std::path::PathBuf>,
    /// How many schemas deep `schema_ty` is.
    depth: usize,
    /// Where `$ref`s point, found through an index of the large mappings.
    ref_targets: refs::Targets<'a>,
    /// Component schemas named by a `$ref` and reserved, still to be defined.
    pending_components: Vec<(TypeId, DocPath)>,
    /// Component schemas that admit `null` where their type cannot hold it (structs, enums,
    /// unions): every reference to them is widened once all are defined.
    pub(crate) nullable_components: std::collections::HashSet<TypeId>,
    /// How many `$ref`s could not be followed: those leave the document broken, so their
    /// errors are never turned into warnings.
    pub(crate) broken_refs: usize,
    /// The stream responses of the operation being built (see `streams.rs`).
    pub(crate) streams: Vec<StreamResponse>,
}

/// Deepest nesting of schemas (through `$ref`s, which the loader's depth limit cannot see).
/// [`crate::generate`] builds the model on a thread with a stack large enough for it.
pub const MAX_SCHEMA_DEPTH: usize = 1_000;

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
        base_dir: doc.base_dir.clone(),
        depth: 0,
        ref_targets: refs::Targets::default(),
        pending_components: Vec::new(),
        nullable_components: std::collections::HashSet::new(),
        broken_refs: 0,
        streams: Vec::new(),
    };
    let root = &doc.root;
    let top = DocPath::root();
    for (key, want) in [
        ("info", Want::Map),
        ("components", Want::Map),
        ("tags", Want::List),
    ] {
        builder.check_type(root, key, &top, want);
    }
    let info = root.get("info").filter(|i| i.as_map().is_some());
    if let Some(info) = info {
        for key in ["title", "version", "description"] {
            builder.check_type(info, key, &top.key("info"), Want::Text);
        }
    }
    if root.get("info").is_none() {
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
    } else {
        // Only what the chosen operations reach: credentials they never send go too.
        keep_used_security_schemes(&mut builder.security_schemes, &mut operations);
    }
    builder.define_pending_components();
    let mut types: Vec<TypeDef> = builder
        .types
        .into_iter()
        .map(|t| t.expect("every reserved type is defined before the model is finished"))
        .collect();
    tags::fix_discriminator_tags(&mut types);
    nullable_refs::widen_references(&mut types, &mut operations, &builder.nullable_components);
    naming::types::name_types(&mut types, builder.root, builder.diags);
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
    naming::operations::name_operations(&mut operations, &setters, builder.root, builder.diags);
    outcome::shape_responses(&mut operations);
    Api {
        title: text("title").unwrap_or_else(|| "API".into()),
        version: text("version").unwrap_or_default(),
        description: text("description"),
        servers,
        security_schemes: builder.security_schemes,
        types,
        operations,
        example_tests: None,
    }
}

/// Drops the security schemes no operation uses, renumbering the operations' requirements.
fn keep_used_security_schemes(schemes: &mut Vec<SecurityScheme>, operations: &mut [Operation]) {
    let used: std::collections::BTreeSet<usize> = operations
        .iter()
        .flat_map(|o| o.security.iter().flatten().copied())
        .collect();
    let renumber: HashMap<usize, usize> = used
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new))
        .collect();
    let mut index = 0;
    schemes.retain(|_| {
        index += 1;
        used.contains(&(index - 1))
    });
    for op in operations {
        for set in &mut op.security {
            for scheme in set.iter_mut() {
                *scheme = renumber[scheme];
            }
        }
    }
}

impl<'a> ModelBuilder<'a> {
    /// Follows the `$ref`s at `node` to what they name; reports (with the place and a hint)
    /// a reference that cannot be followed.
    pub(crate) fn follow_ref<'n>(
        &mut self,
        node: &'n Node,
        loc: &DocPath,
    ) -> Option<(&'n Node, DocPath)>
    where
        'a: 'n,
    {
        match refs::follow(self.root, node, loc, &mut self.ref_targets) {
            Ok(found) => Some(found),
            Err((mut e, at, at_loc)) => {
                self.broken_refs += 1;
                if let Some(text) = at.as_str() {
                    e.explain_external(text, self.base_dir.as_deref());
                }
                match e.hint {
                    Some(hint) => self.diags.error_hint(at.pos, &at_loc, e.message, hint),
                    None => self.diags.error(at.pos, &at_loc, e.message),
                }
                None
            }
        }
    }
}

/// The YAML type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Bool,
    /// A scalar that is not null: a string, or a number or boolean read as its text.
    Text,
    /// A string proper (a number is reported).
    Str,
    List,
    /// A list of scalars that are not null.
    TextList,
    Map,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Bool => "true or false",
            Want::Text | Want::Str => "a string",
            Want::List => "a list",
            Want::TextList => "a list of strings",
            Want::Map => "a mapping",
        }
    }

    fn accepts(self, node: &Node) -> bool {
        match self {
            Want::Bool => node.as_bool().is_some(),
            Want::Text => node.as_text().is_some(),
            Want::Str => node.as_str().is_some(),
            Want::List => node.as_seq().is_some(),
            Want::TextList => node
                .as_seq()
                .is_some_and(|items| items.iter().all(|i| i.as_text().is_some())),
            Want::Map => node.as_map().is_some(),
        }
    }
}

impl ModelBuilder<'_> {
    /// Reports `node[key]` when it is present with the wrong YAML type (a string where a list
    /// must be, a quoted `"true"`); returns whether it is present and right. Nothing the
    /// generator reads is ignored for having the wrong type.
    pub(crate) fn check_type(&mut self, node: &Node, key: &str, loc: &DocPath, want: Want) -> bool {
        let Some(value) = node.get(key) else {
            return false;
        };
        if want.accepts(value) {
            return true;
        }
        let at = loc.key(key);
        let (pos, found) = match (want, value.as_seq()) {
            (Want::TextList, Some(items)) => {
                let bad = items
                    .iter()
                    .find(|i| i.as_text().is_none())
                    .unwrap_or(value);
                (bad.pos, format!("an item is {}", bad.kind_name()))
            }
            _ => (value.pos, format!("this is {}", value.kind_name())),
        };
        let message = format!("`{key}` must be {}, but {found}", want.describe());
        let hint = match (want, value.as_text()) {
            (Want::Bool, Some("true" | "false")) => {
                Some("remove the quotes: `true` is a boolean, `\"true\"` a string".to_owned())
            }
            (Want::Bool, Some(word @ ("yes" | "no" | "on" | "off" | "y" | "n" | "Yes" | "No"))) => {
                let meant = matches!(word, "yes" | "on" | "y" | "Yes");
                Some(format!(
                    "YAML 1.2 (what OpenAPI uses) reads `{word}` as a string; write `{meant}`"
                ))
            }
            (Want::List | Want::TextList, Some(text)) => {
                Some(format!("a list of one item is `[{text}]`"))
            }
            _ => None,
        };
        match hint {
            Some(hint) => self.diags.error_hint(pos, &at, message, hint),
            None => self.diags.error(pos, &at, message),
        }
        false
    }

    /// `node[key]` as a boolean, `false` when absent; any other value is reported.
    pub(crate) fn flag(&mut self, node: &Node, key: &str, loc: &DocPath) -> bool {
        self.check_type(node, key, loc, Want::Bool)
            && node.get(key).and_then(Node::as_bool) == Some(true)
    }

    pub(crate) fn reserve_type(&mut self, loc: &DocPath, name: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.type_at.insert(loc.clone(), id);
        // The name is provisional until `name_types` resolves collisions.
        self.pending_names.insert(id, name.to_owned());
        id
    }

    /// A component schema whose definition reported errors (and no broken `$ref`) is kept as
    /// `serde_json::Value`, the errors turned into warnings: the rest of the document still
    /// yields a client.
    pub(crate) fn untyped_if_failed(
        &mut self,
        id: TypeId,
        node: &Node,
        loc: &DocPath,
        mark: usize,
        broken: usize,
    ) {
        if self.broken_refs != broken || self.diags.demote_errors_since(mark) == 0 {
            return;
        }
        if let Some(Some(def)) = self.types.get_mut(id.0) {
            def.kind = TypeKind::Alias(Ty::Any);
        }
        self.diags.warning(
            node.pos,
            loc,
            "this schema has no exact Rust form (see the warnings on it); it is generated as any JSON value (`serde_json::Value`)",
        );
    }

    pub(crate) fn define_type(&mut self, id: TypeId, node: &Node, loc: &DocPath, kind: TypeKind) {
        let name = self.pending_names.remove(&id).unwrap_or_default();
        let deprecated = self.flag(node, "deprecated", loc);
        self.types[id.0] = Some(TypeDef {
            name,
            doc: schema::description(node),
            deprecated,
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
            let (mark, broken) = (self.diags.mark(), self.broken_refs);
            let id = self.component_type(node, &loc.key(&key.name), &key.name);
            self.untyped_if_failed(id, node, &loc.key(&key.name), mark, broken);
        }
    }

    fn servers(&mut self) -> Vec<Server> {
        let Some(servers) = self.root.get("servers") else {
            return Vec::new();
        };
        let loc = DocPath::root().key("servers");
        if !self.check_type(self.root, "servers", &DocPath::root(), Want::List) {
            return Vec::new();
        }
        let items = servers.as_seq().unwrap_or_default();
        let mut out = Vec::new();
        let mut first_unusable = false;
        for (i, server) in items.iter().enumerate() {
            let Some(url) = server.get("url").and_then(Node::as_text) else {
                self.diags
                    .error(server.pos, &loc.index(i), "a server needs a `url` string");
                continue;
            };
            let mut url = url.to_owned();
            self.check_type(server, "variables", &loc.index(i), Want::Map);
            if let Some(vars) = server.get("variables").and_then(Node::as_map) {
                for (name, var) in vars {
                    match var.get("default").and_then(Node::as_text) {
                        Some(default) => url = url.replace(&format!("{{{}}}", name.name), default),
                        None => self.diags.warning(
                            var.pos,
                            &loc.index(i).key("variables").key(&name.name),
                            "a server variable needs a `default` (OpenAPI requires one); the URL is left unresolved",
                        ),
                    }
                }
            }
            // Without a value for each variable the URL is not an address: the client has no
            // default, and the caller gives the base URL (`Client::with_base_url`).
            let unusable = if url.contains('{') {
                Some(format!("server URL `{url}` uses a variable that `variables` does not define (with a `default`)"))
            } else if url.contains("://") && url::Url::parse(&url).is_err() {
                Some(format!("server URL `{url}` is not a valid URL"))
            } else {
                None
            };
            if let Some(why) = unusable {
                let consequence = if i == 0 {
                    "; the client has no default server: give the base URL to `Client::with_base_url`"
                } else {
                    "; it is not used"
                };
                self.diags.warning(
                    server.get("url").map_or(server.pos, |u| u.pos),
                    &loc.index(i).key("url"),
                    format!("{why}{consequence}"),
                );
                if i == 0 {
                    first_unusable = true;
                }
                continue;
            }
            out.push(Server {
                url,
                description: schema::description(server),
            });
        }
        // The first server is the default; another one standing in for it would send
        // requests somewhere the document did not make the default.
        if first_unusable {
            out.clear();
        }
        out
    }
}
