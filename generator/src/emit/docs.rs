//! Doc comments from the spec's descriptions, made safe for rustdoc: one `#[doc]` per line,
//! tabs expanded, and code blocks that rustdoc would compile as Rust marked `text`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Whether the text just before is a list (whose indented lines continue its items).
    let mut in_list = false;
    let mut previous_blank = true;
    for line in text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .lines()
    {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker = &trimmed[..3];
            if !in_fence {
                let info = trimmed[3..].trim();
                // Unlabelled and `rust` blocks become doctests; the spec's examples are not Rust.
                let info = if info.is_empty() || info.starts_with("rust") {
                    "text"
                } else {
                    info
                };
                out.push(format!(" {marker}{info}"));
            } else {
                out.push(format!(" {marker}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            previous_blank = true;
            out.push(" ".to_owned());
            continue;
        }
        if indent == 0 {
            in_list = is_list_item(trimmed);
        }
        // An indented line after a blank one, outside a list, starts an indented code block,
        // which rustdoc would compile as a Rust doctest: keep it as plain text instead.
        let code_block = indent >= 4 && previous_blank && !in_list;
        if code_block {
            out.push(format!(" {}", trimmed.trim_end()));
        } else {
            out.push(format!(" {}", line.trim_end()));
        }
        previous_blank = false;
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// `#[doc = "..."]` attributes for an optional description.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = doc_lines(text).into_iter().map(|line| doc_literal(&line));
    quote! { #( #[doc = #lines] )* }
}

/// A doc line's string literal. prettyplease prints a `doc` attribute whose value has no line
/// break (and, outside, does not start with `/`) as `///` and the value, whichever form the
/// literal has; such a line is written raw (`r"..."`), which syn and prettyplease read back
/// without unescaping it character by character (a twentieth of the generator's time went into
/// escaping descriptions and reading them back). Anything else is an ordinary string literal.
fn doc_literal(line: &str) -> Literal {
    if line.contains(['\n', '\r']) || line.starts_with('/') {
        return Literal::string(line);
    }
    // The fewest `#`s such that `"` followed by them does not occur in the line.
    let mut hashes = String::new();
    while line.contains('"') && line.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

/// Several paragraphs (summary, description, notes), blank lines between them.
pub fn doc_paragraphs(parts: &[Option<String>]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for part in parts.iter().flatten() {
        let part_lines = doc_lines(part);
        if part_lines.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(part_lines);
    }
    let lines = lines.iter().map(|line| doc_literal(line));
    quote! { #( #[doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_carriage_return_is_a_line_break() {
        // rustc refuses a bare CR in a doc comment (seen in a real document's description).
        assert_eq!(doc_lines("a\rb\r\nc"), doc_lines("a\nb\nc"));
        assert!(doc_lines("a\rb").iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn code_fences_become_text() {
        let lines = doc_lines("Example:\n```\nGET /x\n```\n```json\n{}\n```");
        assert_eq!(
            lines,
            [
                " Example:",
                " ```text",
                " GET /x",
                " ```",
                " ```json",
                " {}",
                " ```"
            ]
        );
    }

    #[test]
    fn indented_code_and_tabs_are_flattened() {
        let lines = doc_lines("\tUser's name.\n\n    let x = 1;\n");
        assert_eq!(lines, [" User's name.", " ", " let x = 1;"]);
    }

    #[test]
    fn list_continuations_keep_their_indentation() {
        let lines = doc_lines("- item\n  more\n\n    nested para\n");
        assert_eq!(lines, [" - item", "   more", " ", "     nested para"]);
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```\nx"), [" ```text", " x", " ```"]);
    }
}
