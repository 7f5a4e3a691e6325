//! Makes a document `n` times the size of another: every path, operation and component
//! (schemas, parameters, responses, request bodies, headers, examples, links, callbacks) is
//! copied `n - 1` times under new names (`/copy2/pets`, `listPetsCopy2`, `PetCopy2`), with the
//! copies' `$ref`s (and discriminator mappings) pointing at their own copies. The result is
//! JSON text (which YAML contains), so the generator reads it like any other document.

use generator::load::node::{Key, Node, Value};

/// Component kinds that `$ref` can name and that are copied with a suffix.
const COPIED_COMPONENTS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
];

/// `root` with `n - 1` suffixed copies of its paths and components, as JSON text.
pub fn scaled_json(root: &Node, n: usize) -> String {
    let mut root = root.clone();
    if n > 1 {
        let Value::Map(entries) = &mut root.value else {
            panic!("an OpenAPI document is a mapping");
        };
        for (key, value) in entries.iter_mut() {
            match key.name.as_str() {
                "paths" => copy_entries(value, n, |name, copy| format!("/copy{copy}{name}")),
                "components" => {
                    let Value::Map(kinds) = &mut value.value else {
                        continue;
                    };
                    for (kind, components) in kinds.iter_mut() {
                        if COPIED_COMPONENTS.contains(&kind.name.as_str()) {
                            copy_entries(components, n, suffixed);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    root.to_json_text()
}

fn suffixed(name: &str, copy: usize) -> String {
    format!("{name}Copy{copy}")
}

/// Appends, for each copy 2..=n, every entry of the mapping `node` renamed by `rename`.
fn copy_entries(node: &mut Node, n: usize, rename: impl Fn(&str, usize) -> String) {
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    let originals = entries.clone();
    for copy in 2..=n {
        for (key, value) in &originals {
            let mut value = value.clone();
            rename_inside(&mut value, copy);
            entries.push((
                Key {
                    name: rename(&key.name, copy),
                    pos: key.pos,
                },
                value,
            ));
        }
    }
}

/// Points the copy's references at the copied components and makes its operationIds unique.
fn rename_inside(node: &mut Node, copy: usize) {
    match &mut node.value {
        Value::Scalar { text, .. } => {
            if let Some(rest) = text.strip_prefix("#/components/") {
                if let Some((kind, name)) = rest.split_once('/') {
                    if COPIED_COMPONENTS.contains(&kind) {
                        *text = format!("#/components/{kind}/{}", suffixed(name, copy));
                    }
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|i| rename_inside(i, copy)),
        Value::Map(entries) => {
            for (key, value) in entries.iter_mut() {
                match &mut value.value {
                    Value::Scalar { text, .. } if key.name == "operationId" => {
                        *text = suffixed(text, copy);
                    }
                    _ => rename_inside(value, copy),
                }
            }
        }
    }
}
