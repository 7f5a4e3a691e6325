//! Response headers: each declared header becomes a typed accessor of the success value.

use super::ir::*;
use super::naming;
use super::schema::description;
use super::ModelBuilder;
use crate::load::node::{DocPath, Node};

impl ModelBuilder<'_> {
    /// The headers a response declares, in document order. A header's text is parsed by its
    /// schema's `type` (`integer`, `number`, `boolean`); any other schema keeps the text as
    /// it arrived, with a warning, rather than a guess at its serialization.
    pub(super) fn response_headers(
        &mut self,
        response: &Node,
        loc: &DocPath,
    ) -> Vec<ResponseHeader> {
        let Some(headers) = response.get("headers").and_then(Node::as_map) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, header) in headers {
            let header_loc = loc.key("headers").key(&name.name);
            let Some((header, header_loc)) = self.follow_ref(header, &header_loc) else {
                continue;
            };
            // OpenAPI: a `Content-Type` response header is ignored.
            if name.name.eq_ignore_ascii_case("content-type") || header.as_map().is_none() {
                continue;
            }
            let schema = match header.get("schema") {
                Some(schema) => self
                    .follow_ref(schema, &header_loc.key("schema"))
                    .map(|(node, _)| node),
                None => None,
            };
            let types: Vec<&str> = schema
                .map(|s| self.types_of(s))
                .unwrap_or_default()
                .into_iter()
                .filter(|t| *t != "null")
                .collect();
            let ty = match types.as_slice() {
                ["integer"] => Ty::Int(IntKind::I64),
                ["number"] => Ty::Float(FloatKind::F64),
                ["boolean"] => Ty::Bool,
                ["string"] | [] => Ty::String,
                _ => {
                    self.diags.warning(
                        name.pos,
                        &header_loc,
                        format!("response header `{}` is not a single integer, number, boolean or string; its accessor returns the header's text", name.name),
                    );
                    Ty::String
                }
            };
            out.push(ResponseHeader {
                wire_name: name.name.to_ascii_lowercase(),
                // Made unique among the operation's success headers once they are merged.
                rust_name: naming::operations::header_accessor(&name.name),
                ty,
                required: header.get("required").and_then(Node::as_bool) == Some(true),
                doc: description(header),
            });
        }
        out
    }
}
