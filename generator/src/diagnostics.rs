//! What the generator says about a document: errors and warnings that point at a line.
//!
//! Rendering uses annotate-snippets (the crate rustc itself renders with), so a diagnostic looks
//! like a compiler message: the location, the message, a source excerpt with a caret, a hint.

use std::fmt;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::position::{DocPath, Pos};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the document, tied to a place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    pub pos: Pos,
    /// Where in the document, e.g. `paths./authorize.get.parameters[1].style`.
    pub path: DocPath,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// The plain one-line form: `FILE:LINE:COLUMN: error: PATH: MESSAGE (hint: ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {level}: {}: {}",
            self.file, self.pos.line, self.pos.column, self.path, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The rustc-style form with a source excerpt and a caret under the place.
    pub fn render(&self, source: &str, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let title = format!("{}: {}", self.path, self.message);
        let (line_start, excerpt, span) = excerpt(source, self.pos);
        // The renderer appends `:LINE:COLUMN` of the annotation to the origin itself.
        let origin = &self.file;
        let label = self.hint.as_deref().map(|h| format!("hint: {h}"));
        let annotation = level.span(span).label(label.as_deref().unwrap_or(""));
        let message = level.title(&title).snippet(
            Snippet::source(&excerpt)
                .line_start(line_start)
                .origin(origin)
                .annotation(annotation),
        );
        let rendered = renderer.render(message).to_string();
        rendered
    }
}

/// The line the position is on (and the one before, for context), with the byte span of the
/// caret inside that excerpt.
fn excerpt(source: &str, pos: Pos) -> (usize, String, std::ops::Range<usize>) {
    let line = pos.line.max(1) as usize;
    let first = line.saturating_sub(1).max(1);
    let lines: Vec<&str> = source
        .lines()
        .skip(first - 1)
        .take(line - first + 1)
        .collect();
    if lines.is_empty() {
        return (line, " ".to_owned(), 0..1);
    }
    let mut text = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        // Very long lines (minified JSON) are cut around the column by the renderer.
        text.push_str(l);
    }
    let last_line_start = text.len() - lines.last().map_or(0, |l| l.len());
    let last = lines.last().copied().unwrap_or("");
    let column_byte = last
        .char_indices()
        .nth(pos.column.saturating_sub(1) as usize)
        .map_or(last.len(), |(b, _)| b);
    let start = last_line_start + column_byte;
    let end = last[column_byte..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    if end == start {
        text.push(' ');
        return (first, text, start..start + 1);
    }
    (first, text, start..end)
}

/// Collects diagnostics for one document, up to a limit, so that one run reports every
/// independent problem rather than the first.
#[derive(Debug)]
pub struct Diagnostics {
    file: String,
    pub list: Vec<Diagnostic>,
    errors: usize,
}

/// Beyond this many errors the rest are counted, not kept.
pub const MAX_ERRORS: usize = 100;

impl Diagnostics {
    pub fn new(file: &str) -> Self {
        Diagnostics {
            file: file.to_owned(),
            list: Vec::new(),
            errors: 0,
        }
    }

    pub fn error(&mut self, pos: Pos, path: &DocPath, message: impl Into<String>) {
        self.push(Severity::Error, pos, path, message.into(), None);
    }

    pub fn error_hint(
        &mut self,
        pos: Pos,
        path: &DocPath,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(
            Severity::Error,
            pos,
            path,
            message.into(),
            Some(hint.into()),
        );
    }

    pub fn warning(&mut self, pos: Pos, path: &DocPath, message: impl Into<String>) {
        self.push(Severity::Warning, pos, path, message.into(), None);
    }

    fn push(
        &mut self,
        severity: Severity,
        pos: Pos,
        path: &DocPath,
        message: String,
        hint: Option<String>,
    ) {
        let diagnostic = Diagnostic {
            severity,
            file: self.file.clone(),
            pos,
            path: path.clone(),
            message,
            hint,
        };
        // The same place reached twice (a schema used by two operations) is reported, and
        // counted, once: a count above the list would outlive the list's errors when they are
        // demoted, and an `Err` would hold no error.
        if self.list.contains(&diagnostic) {
            return;
        }
        if severity == Severity::Error {
            self.errors += 1;
            if self.errors > MAX_ERRORS {
                return;
            }
        }
        self.list.push(diagnostic);
    }

    /// A mark for [`Diagnostics::demote_errors_since`]: how many diagnostics are kept so far.
    pub fn mark(&self) -> usize {
        self.list.len()
    }

    /// Turns the errors reported since `mark` into warnings (the part they are about is left
    /// out instead of the whole document refused); returns how many there were.
    pub fn demote_errors_since(&mut self, mark: usize) -> usize {
        let mut demoted = 0;
        let mut index = mark.min(self.list.len());
        while index < self.list.len() {
            if self.list[index].severity != Severity::Error {
                index += 1;
                continue;
            }
            demoted += 1;
            self.errors = self.errors.saturating_sub(1);
            let mut warning = self.list[index].clone();
            warning.severity = Severity::Warning;
            if self.list.contains(&warning) {
                self.list.remove(index);
            } else {
                self.list[index] = warning;
                index += 1;
            }
        }
        demoted
    }

    /// How many warnings are kept.
    pub fn warning_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Diagnostics in document order, errors beyond the limit summarised.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by_key(|d| (d.pos, d.severity));
        if self.errors > MAX_ERRORS {
            self.list.push(Diagnostic {
                severity: Severity::Error,
                file: self.file.clone(),
                pos: Pos { line: 1, column: 1 },
                path: DocPath::root(),
                message: format!(
                    "{} more errors not shown (at most {MAX_ERRORS} are reported)",
                    self.errors - MAX_ERRORS
                ),
                hint: None,
            });
        }
        self.list
    }
}

/// "did you mean ...?" for a misspelt keyword: the candidate with the smallest edit distance.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_keyword() {
        let styles = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];
        assert_eq!(
            did_you_mean("spaceDelimted", &styles),
            Some("spaceDelimited")
        );
        assert_eq!(
            did_you_mean("SpaceDelimited", &styles),
            Some("spaceDelimited")
        );
        assert_eq!(did_you_mean("xyz", &styles), None);
    }

    #[test]
    fn renders_an_excerpt_with_a_caret() {
        let source = "a: 1\nstyle: spaceDelimted\n";
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            file: "spec.yaml".into(),
            pos: Pos { line: 2, column: 8 },
            path: DocPath::root().key("style"),
            message: "unknown style".into(),
            hint: Some("did you mean `spaceDelimited`?".into()),
        };
        let text = diagnostic.render(source, false);
        assert!(text.contains("--> spec.yaml:2:8\n"), "{text}");
        assert!(text.contains("style: spaceDelimted"), "{text}");
        assert!(text.contains("^"), "{text}");
        assert_eq!(
            diagnostic.to_string(),
            "spec.yaml:2:8: error: style: unknown style (hint: did you mean `spaceDelimited`?)"
        );
    }

    #[test]
    fn a_very_long_line_is_cut_around_the_column() {
        // Minified JSON: one line of 200,000 characters, the error far into it.
        let source = format!("{{\"a\": \"{}\", \"openapi\": 7}}", "x".repeat(200_000));
        let column = source.find("7}").unwrap() as u32 + 1;
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            file: "spec.json".into(),
            pos: Pos { line: 1, column },
            path: DocPath::root().key("openapi"),
            message: "unsupported version".into(),
            hint: None,
        };
        let text = diagnostic.render(&source, false);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        assert!(text.contains(&format!("spec.json:1:{column}")), "{text}");
        assert!(text.contains("\"openapi\": 7"), "{text}");
    }
}
