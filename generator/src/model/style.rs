//! `style` and `explode`, read in one place for parameters and for the fields of form bodies
//! (the Encoding Object), with OpenAPI's defaults: `simple` in a path or header, `form` in a
//! query, a cookie or a form body; `explode` true for `form` and false for every other style.

use super::all_of::Shape;
use super::ir::{ParamLocation, ParamStyle};
use super::ModelBuilder;
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node, Pos};

const STYLES: &[&str] = &[
    "matrix",
    "label",
    "form",
    "simple",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
];

/// The styles a form field can have: a form body is written like a query string.
const FORM_STYLES: &[&str] = &["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/// What a style is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StylePlace {
    Parameter(ParamLocation),
    /// A property of an `application/x-www-form-urlencoded` body.
    FormField,
}

impl StylePlace {
    fn default_style(self) -> ParamStyle {
        match self {
            StylePlace::Parameter(ParamLocation::Path | ParamLocation::Header) => {
                ParamStyle::Simple
            }
            _ => ParamStyle::Form,
        }
    }

    fn allowed(self) -> &'static [ParamStyle] {
        match self {
            StylePlace::Parameter(ParamLocation::Path) => {
                &[ParamStyle::Simple, ParamStyle::Label, ParamStyle::Matrix]
            }
            StylePlace::Parameter(ParamLocation::Query) | StylePlace::FormField => &[
                ParamStyle::Form,
                ParamStyle::SpaceDelimited,
                ParamStyle::PipeDelimited,
                ParamStyle::DeepObject,
            ],
            StylePlace::Parameter(ParamLocation::Header) => &[ParamStyle::Simple],
            StylePlace::Parameter(ParamLocation::Cookie) => &[ParamStyle::Form],
        }
    }

    /// The styles an unknown one is compared with, for a hint.
    fn known(self) -> &'static [&'static str] {
        match self {
            StylePlace::Parameter(_) => STYLES,
            StylePlace::FormField => FORM_STYLES,
        }
    }

    fn unknown_message(self, text: &str) -> String {
        match self {
            StylePlace::Parameter(_) => format!("unknown parameter style `{text}`"),
            StylePlace::FormField => format!("style `{text}` is not one a form field can have"),
        }
    }

    fn refused_message(self, text: &str) -> String {
        match self {
            StylePlace::Parameter(location) => format!(
                "style `{text}` is not allowed for a parameter `in: {}`",
                location_name(location)
            ),
            StylePlace::FormField => format!("style `{text}` is not one a form field can have"),
        }
    }
}

impl ModelBuilder<'_> {
    /// `style` and `explode` of the parameter or Encoding Object `node`, defaults applied. A
    /// style unknown or not allowed at `place`, an `explode` that is not a boolean, and the
    /// combinations OpenAPI leaves undefined are errors (`None`).
    pub(crate) fn style_and_explode(
        &mut self,
        node: &Node,
        loc: &DocPath,
        place: StylePlace,
    ) -> Option<(ParamStyle, bool)> {
        let style = match node.get("style") {
            None => place.default_style(),
            Some(s) => {
                let text = s.as_str().unwrap_or("");
                let Some(style) = parse_style(text) else {
                    let hint = did_you_mean(text, place.known())
                        .map(|l| format!("did you mean `{l}`?"))
                        .unwrap_or_else(|| format!("one of {}", place.known().join(", ")));
                    self.diags.error_hint(
                        s.pos,
                        &loc.key("style"),
                        place.unknown_message(text),
                        hint,
                    );
                    return None;
                };
                if !place.allowed().contains(&style) {
                    self.diags
                        .error(s.pos, &loc.key("style"), place.refused_message(text));
                    return None;
                }
                style
            }
        };
        let explode = match node.get("explode") {
            None => style == ParamStyle::Form,
            Some(e) => match e.as_bool() {
                Some(b) => b,
                None => {
                    self.diags.error(
                        e.pos,
                        &loc.key("explode"),
                        "`explode` must be true or false",
                    );
                    return None;
                }
            },
        };
        if explode
            && matches!(
                style,
                ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited
            )
        {
            self.diags.error_hint(
                node.get("explode").map_or(node.pos, |n| n.pos),
                &loc.key("explode"),
                "OpenAPI defines `spaceDelimited` and `pipeDelimited` only with `explode: false`",
                "use `style: form, explode: true` for repeated parameters",
            );
            return None;
        }
        Some((style, explode))
    }
}

impl ModelBuilder<'_> {
    /// `deepObject` is defined for objects only. Decided on the schema the value has (its
    /// `$ref`s followed and its `allOf` wrappers looked through), for a parameter or a form
    /// field named `name` whose `style` stands at `style_pos`/`style_loc`:
    ///
    /// - an object, a union, or any value: sent by its shape (a value of a union that is not an
    ///   object is sent as a primitive or a list would be);
    /// - a list of primitives: the Rails/`qs` bracket convention (`name[0]=a&name[1]=b`), with a
    ///   warning;
    /// - a primitive: `name=value`, with a warning;
    /// - a list of objects or of lists: nothing faithful exists (the items would go as JSON
    ///   text, which no bracket-reading server takes), so it is an error, and the operation is
    ///   left out.
    pub(crate) fn check_deep_object(
        &mut self,
        name: &str,
        schema: &Node,
        schema_loc: &DocPath,
        style_pos: Pos,
        style_loc: &DocPath,
    ) {
        let sent = match self.schema_shape(schema, schema_loc) {
            Shape::Object | Shape::Annotation | Shape::Other => return,
            Shape::Primitive(_) => format!("a single value is sent as `{name}=value`"),
            Shape::Array => {
                let items = self
                    .subschema(schema, schema_loc, &["items"])
                    .map(|(items, items_loc)| self.schema_shape(items, &items_loc));
                if let Some(kind @ (Shape::Object | Shape::Array)) = items {
                    let what = if kind == Shape::Object {
                        "objects"
                    } else {
                        "lists"
                    };
                    self.diags.error(
                        style_pos,
                        style_loc,
                        format!("`deepObject` is defined for objects only, and `{name}` is a list of {what}: neither OpenAPI nor the bracket convention used for lists of values (`{name}[0]=a`) says how to send its items"),
                    );
                    return;
                }
                format!("each item is sent as `{name}[0]=a&{name}[1]=b`, the Rails/`qs` bracket convention")
            }
        };
        self.diags.warning(
            style_pos,
            style_loc,
            format!("`deepObject` is defined for objects only; {sent}"),
        );
    }
}

fn parse_style(text: &str) -> Option<ParamStyle> {
    Some(match text {
        "matrix" => ParamStyle::Matrix,
        "label" => ParamStyle::Label,
        "form" => ParamStyle::Form,
        "simple" => ParamStyle::Simple,
        "spaceDelimited" => ParamStyle::SpaceDelimited,
        "pipeDelimited" => ParamStyle::PipeDelimited,
        "deepObject" => ParamStyle::DeepObject,
        _ => return None,
    })
}

pub(crate) fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
