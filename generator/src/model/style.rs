//! `style` and `explode`, read in one place for parameters and for the fields of form bodies
//! (the Encoding Object), with OpenAPI's defaults: `simple` in a path or header, `form` in a
//! query, a cookie or a form body; `explode` true for `form` and false for every other style.

use super::ir::{ParamLocation, ParamStyle};
use super::ModelBuilder;
use crate::diagnostics::did_you_mean;
use crate::load::node::{DocPath, Node};

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
