//! Security schemes and requirements: which credential each operation sends, and how.

use super::ir::*;
use super::naming;
use super::{ModelBuilder, Want};
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node};

impl ModelBuilder<'_> {
    pub(crate) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let loc = DocPath::root().key("components").key("securitySchemes");
        let Some(schemes) = self
            .root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
        else {
            return Vec::new();
        };
        let Some(entries) = schemes.as_map() else {
            self.diags
                .error(schemes.pos, &loc, "`securitySchemes` must be a mapping");
            return Vec::new();
        };
        let mut names = naming::Namespace::default();
        let mut out = Vec::new();
        let mut sorted: Vec<_> = entries.iter().collect();
        sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        for (key, scheme) in sorted {
            let scheme_loc = loc.key(&key.name);
            let Some((scheme, scheme_loc)) = self.follow_ref(scheme, &scheme_loc) else {
                continue;
            };
            if scheme.get("type").is_some()
                && !self.check_type(scheme, "type", &scheme_loc, Want::Str)
            {
                continue;
            }
            let Some(kind) = self.scheme_kind(scheme, &scheme_loc) else {
                continue;
            };
            let (rust_name, setter) = naming::operations::credential(&key.name, &kind, &mut names);
            out.push(SecurityScheme {
                key: key.name.clone(),
                rust_name,
                setter,
                kind,
                description: super::schema::description(scheme),
            });
        }
        out
    }

    fn scheme_kind(&mut self, scheme: &Node, loc: &DocPath) -> Option<SchemeKind> {
        let ty = scheme.get("type").and_then(Node::as_str).unwrap_or("");
        match ty {
            "apiKey" => {
                if !["name", "in"]
                    .iter()
                    .all(|k| scheme.get(k).is_none() || self.check_type(scheme, k, loc, Want::Str))
                {
                    return None;
                }
                let name = scheme.get("name").and_then(Node::as_text);
                let location = match scheme.get("in").and_then(Node::as_str) {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    other => {
                        self.diags.error(
                            scheme.pos,
                            &loc.key("in"),
                            format!("an apiKey scheme must say `in: header`, `query` or `cookie`, not {other:?}"),
                        );
                        return None;
                    }
                };
                let Some(name) = name else {
                    self.diags.error(scheme.pos, &loc.key("name"), "an apiKey scheme needs the `name` of its header, query parameter or cookie");
                    return None;
                };
                Some(SchemeKind::ApiKey {
                    location,
                    name: name.to_owned(),
                })
            }
            "http" => match scheme
                .get("scheme")
                .and_then(Node::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("basic") => Some(SchemeKind::Basic),
                Some("bearer") => Some(SchemeKind::Bearer),
                other => {
                    let other = other.map_or_else(|| "(none)".to_owned(), |o| format!("`{o}`"));
                    self.diags.warning(
                        scheme.pos,
                        &loc.key("scheme"),
                        format!("http authentication scheme {other} is not generated (only `basic` and `bearer` are); requirements naming it are left out: send its `Authorization` header through your own `reqwest::Client` (`Client::with_http`)"),
                    );
                    None
                }
            },
            "oauth2" | "openIdConnect" => Some(SchemeKind::Bearer),
            "mutualTLS" => {
                self.diags.warning(scheme.pos, loc, "mutualTLS is configured on the reqwest client (`Client::with_http`), not per request");
                None
            }
            other => {
                let kinds = ["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"];
                let hint = did_you_mean(other, &kinds)
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("one of {}", kinds.join(", ")));
                self.diags.error_hint(
                    scheme.pos,
                    &loc.key("type"),
                    format!("unknown security scheme type `{other}`"),
                    hint,
                );
                None
            }
        }
    }

    /// The requirement list at `node` (a `security` value): alternatives of scheme sets.
    pub(crate) fn security_requirements(&mut self, node: &Node, loc: &DocPath) -> Vec<Vec<usize>> {
        let Some(items) = node.as_seq() else {
            self.diags.error(
                node.pos,
                loc,
                "`security` must be a list of requirement objects",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(entries) = item.as_map() else {
                self.diags.error(
                    item.pos,
                    &loc.index(i),
                    "a security requirement must be a mapping of scheme names to scopes",
                );
                continue;
            };
            let mut set = Vec::new();
            let mut complete = true;
            for (key, _) in entries {
                match self.security_schemes.iter().position(|s| s.key == key.name) {
                    Some(index) => set.push(index),
                    None => {
                        // The client cannot send a credential it knows nothing of: this
                        // alternative is dropped (the others still apply).
                        complete = false;
                        let declared = self
                            .root
                            .get("components")
                            .and_then(|c| c.get("securitySchemes"))
                            .and_then(|s| s.get(&key.name))
                            .is_some();
                        let known: Vec<&str> = self
                            .security_schemes
                            .iter()
                            .map(|s| s.key.as_str())
                            .collect();
                        let why = if declared {
                            format!(
                                "security scheme `{}` is not generated (see its own warning)",
                                key.name
                            )
                        } else {
                            format!("security scheme `{}` is not defined in `components.securitySchemes`", key.name)
                        };
                        let suggestion = did_you_mean(&key.name, &known)
                            .filter(|_| !declared)
                            .map(|k| format!(" (did you mean `{k}`?)"))
                            .unwrap_or_default();
                        self.diags.warning(
                            key.pos,
                            &loc.index(i).key(&key.name),
                            format!("{why}{suggestion}; this security alternative is left out, so no credential is sent for it"),
                        );
                    }
                }
            }
            if complete {
                out.push(set);
            }
        }
        out
    }
}
