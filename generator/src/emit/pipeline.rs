//! Formatting: token streams to text (syn parses them, prettyplease prints them), on every core.
//!
//! Formatting is most of the generator's time. A Rust file is planned as [`Section`]s whose
//! items are built (quote) and formatted a few at a time, in jobs that any thread can take
//! ([`run`]); the texts are joined in the file's order. Token streams cannot cross threads, so
//! each thread makes its own plan and builds the tokens of the jobs it takes; only text crosses.
//! prettyplease lays out each item (and each associated item of an `impl` block) on lines of its
//! own, so the joined text is the text of the whole file formatted at once ([`format_tokens`],
//! which the unit tests in `emit/mod.rs` compare it with).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::parse::Parser;

use super::GeneratedFile;

/// Builds tokens, on the thread that formats them.
pub(crate) type Build<'a> = Box<dyn Fn() -> TokenStream + 'a>;
/// Builds the tokens of the `i`th of a list of items.
pub(crate) type BuildItem<'a> = Box<dyn Fn(usize) -> TokenStream + 'a>;

/// A part of a Rust file, in the file's order.
pub(crate) enum Section<'a> {
    /// Items built and formatted in one job; the file's inner attributes go in its first section.
    Whole(Build<'a>),
    /// `count` top-level items; `item(i)` builds the `i`th (which may be several Rust items).
    Items { count: usize, item: BuildItem<'a> },
    /// An `impl` block: `header` (its outer attributes and `impl Type`), its `leading`
    /// associated items, then `count` more, `item(i)` building the `i`th.
    Impl {
        header: Build<'a>,
        leading: Build<'a>,
        count: usize,
        item: BuildItem<'a>,
    },
}

impl Section<'_> {
    /// The section's tokens, all of them.
    pub(crate) fn tokens(&self) -> TokenStream {
        let count = match self {
            Section::Whole(_) => 0,
            Section::Items { count, .. } | Section::Impl { count, .. } => *count,
        };
        self.job_tokens(0..count, true)
    }

    /// The tokens of the items in `range`; of an `impl` block, its header and braces around
    /// them, with the leading items when `first`.
    fn job_tokens(&self, range: Range<usize>, first: bool) -> TokenStream {
        match self {
            Section::Whole(build) => build(),
            Section::Items { item, .. } => range.map(item).collect(),
            Section::Impl {
                header,
                leading,
                item,
                ..
            } => {
                // Built by moving streams, not by `quote!` interpolation, which copies them.
                let mut body = if first { leading() } else { TokenStream::new() };
                body.extend(range.map(item));
                let mut tokens = header();
                tokens.extend([TokenTree::Group(Group::new(Delimiter::Brace, body))]);
                tokens
            }
        }
    }
}

/// A generated file as planned: finished text, or Rust code in sections.
pub(crate) struct FilePlan<'a> {
    pub path: String,
    pub content: Planned<'a>,
}

pub(crate) enum Planned<'a> {
    /// Finished text (`Cargo.toml`, the runtime's files), made when the file is assembled.
    Text(Box<dyn Fn() -> String + 'a>),
    /// Rust code: `header` (comments and inner attributes), then the sections, formatted.
    Rust {
        header: String,
        sections: Vec<Section<'a>>,
    },
}

/// Top-level or associated items built and formatted in one job: enough that a job's setup
/// (a printer, an `impl` header) costs little, few enough that both cores get an even share
/// and that a job's tokens and syntax trees are a small part of the memory.
const ITEMS_PER_JOB: usize = 16;

/// Some items of one section.
struct Job {
    file: usize,
    section: usize,
    range: Range<usize>,
    /// The first job of its section (an `impl` block's header and leading items are in it).
    first: bool,
    /// The last job of its section (an `impl` block's closing brace is in it).
    last: bool,
}

fn jobs(files: &[FilePlan]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (file, plan) in files.iter().enumerate() {
        let Planned::Rust { sections, .. } = &plan.content else {
            continue;
        };
        for (index, section) in sections.iter().enumerate() {
            let (count, at_least_one) = match section {
                Section::Whole(_) => (0, true),
                Section::Items { count, .. } => (*count, false),
                Section::Impl { count, .. } => (*count, true),
            };
            let chunks = count.div_ceil(ITEMS_PER_JOB).max(usize::from(at_least_one));
            for chunk in 0..chunks {
                let start = chunk * ITEMS_PER_JOB;
                jobs.push(Job {
                    file,
                    section: index,
                    range: start..(start + ITEMS_PER_JOB).min(count),
                    first: chunk == 0,
                    last: chunk + 1 == chunks,
                });
            }
        }
    }
    jobs
}

/// Builds and formats a job's items. The text of an `impl` block's job keeps the block's
/// header only in the first job and its closing brace only in the last.
fn run_job(files: &[FilePlan], job: &Job) -> Result<String, String> {
    let Planned::Rust { sections, .. } = &files[job.file].content else {
        unreachable!("jobs are made of Rust files only");
    };
    let section = &sections[job.section];
    let text = match section {
        // Item by item: only one item's tokens and syntax tree are alive at a time (a type
        // with its builder can be thousands of lines).
        Section::Items { item, .. } => {
            let mut text = String::new();
            for i in job.range.clone() {
                text.push_str(&print_items.parse2(item(i)).map_err(|e| e.to_string())?);
            }
            text
        }
        _ => {
            let tokens = section.job_tokens(job.range.clone(), job.first);
            print_items.parse2(tokens).map_err(|e| e.to_string())?
        }
    };
    if !matches!(section, Section::Impl { .. }) || (job.first && job.last) {
        return Ok(separate_items(&text));
    }
    let lines: Vec<&str> = text.lines().collect();
    let opens = impl_opening_line(&lines)
        .ok_or_else(|| "generator bug: an impl block printed unexpectedly".to_owned())?;
    let from = if job.first { 0 } else { opens + 1 };
    let to = if job.last {
        lines.len()
    } else {
        lines.len() - 1
    };
    let mut kept = String::with_capacity(text.len());
    for line in &lines[from..to] {
        kept.push_str(line);
        kept.push('\n');
    }
    Ok(separate_items(&kept))
}

/// Builds and formats the files `plan` makes, on `threads` threads; `plan` is called on each
/// of them (and on this one, which joins the texts in order).
pub(crate) fn run<'a>(
    plan: &(dyn Fn() -> Vec<FilePlan<'a>> + Sync),
    threads: usize,
) -> Vec<GeneratedFile> {
    let files = plan();
    let jobs = jobs(&files);
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, Result<String, String>)>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, jobs.len().max(1)))
            .map(|_| {
                let sender = sender.clone();
                let next = &next;
                std::thread::Builder::new()
                    .name("generator-format".into())
                    .stack_size(WORKER_STACK_BYTES)
                    .spawn_scoped(scope, move || {
                        let files = plan();
                        let jobs = self::jobs(&files);
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            let Some(job) = jobs.get(index) else { break };
                            if sender.send((index, run_job(&files, job))).is_err() {
                                break;
                            }
                        }
                    })
                    .expect("a thread to format on")
            })
            .collect();
        drop(sender);
        let mut out: Vec<Assembly> = files.iter().map(Assembly::new).collect();
        // Jobs finish out of order; their texts wait here until the ones before them are in.
        let mut waiting = BTreeMap::new();
        'jobs: for (index, job) in jobs.iter().enumerate() {
            let text = loop {
                if let Some(text) = waiting.remove(&index) {
                    break text;
                }
                match receiver.recv() {
                    Ok((at, text)) => {
                        waiting.insert(at, text);
                    }
                    // Every worker has stopped: one panicked (its panic is raised below).
                    Err(_) => break 'jobs,
                }
            };
            out[job.file].push(text);
        }
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        files
            .iter()
            .zip(out)
            .map(|(plan, assembly)| assembly.finish(plan))
            .collect()
    })
}

/// A formatting thread's stack: what the main thread has, for deeply nested syntax.
const WORKER_STACK_BYTES: usize = 8 << 20;

/// A file's text as its jobs' texts come in (each with its blank lines between items already
/// added by [`separate_items`]): kept apart and joined once at the end, into a string of the
/// exact size. A string grown as the texts come in is copied each time it doubles, and for a
/// moment takes twice its size (60 MB and more for the largest documents' files).
struct Assembly {
    parts: Vec<String>,
    len: usize,
    /// The last line of the text so far, for the blank line [`separate_items`] puts between it
    /// and the next job's first line.
    last_line: Option<String>,
    error: Option<String>,
}

impl Assembly {
    fn new(plan: &FilePlan) -> Self {
        let header = match &plan.content {
            Planned::Rust { header, .. } => header.clone(),
            Planned::Text(_) => String::new(),
        };
        Assembly {
            len: header.len(),
            parts: vec![header],
            last_line: None,
            error: None,
        }
    }

    fn push(&mut self, text: Result<String, String>) {
        let text = match text {
            Ok(text) if self.error.is_none() => text,
            Ok(_) => return,
            Err(e) => {
                self.error.get_or_insert(e);
                return;
            }
        };
        let Some(first) = text.lines().next() else {
            return;
        };
        if self
            .last_line
            .as_deref()
            .is_some_and(|last| blank_between(last, first))
        {
            self.parts.push("\n".to_owned());
            self.len += 1;
        }
        self.last_line = text.lines().next_back().map(str::to_owned);
        self.len += text.len();
        self.parts.push(text);
    }

    fn finish(self, plan: &FilePlan) -> GeneratedFile {
        let contents = match (&plan.content, self.error) {
            (Planned::Text(text), _) => text(),
            (Planned::Rust { header, .. }, Some(e)) => format!("{header}{}", compile_error(&e)),
            (Planned::Rust { .. }, None) => {
                let mut text = String::with_capacity(self.len);
                for part in self.parts {
                    text.push_str(&part);
                }
                text
            }
        };
        GeneratedFile {
            path: plan.path.clone(),
            contents,
        }
    }
}

/// Unreachable unless the emitter has a bug ([`super::emit_tokens`] shows the raw tokens).
fn compile_error(message: &str) -> String {
    format!("compile_error!(\"generator bug: {message}\");\n")
}

/// Formats a whole file's tokens at once (the sequential path: [`super::format`]).
pub(crate) fn format_tokens(tokens: TokenStream) -> String {
    // `tokens` is moved, not cloned: a shared token stream would be copied whole by syn.
    match print_items.parse2(tokens) {
        Ok(text) => separate_items(&text),
        Err(e) => compile_error(&e.to_string()),
    }
}

/// Parses a file item by item and prints them in batches as they are parsed, so that only a
/// few items' syntax trees are alive at a time (a whole file's tree was most of the peak memory on
/// large documents). prettyplease prints a file as its inner attributes and then each item on
/// lines of its own, so the pieces joined are the text of the whole file.
fn print_items(input: syn::parse::ParseStream) -> syn::Result<String> {
    let mut file = syn::File {
        shebang: None,
        attrs: input.call(syn::Attribute::parse_inner)?,
        items: Vec::new(),
    };
    let mut text = String::new();
    let flush = |file: &mut syn::File, text: &mut String| {
        if !(file.attrs.is_empty() && file.items.is_empty()) {
            text.push_str(&prettyplease::unparse(file));
            file.attrs.clear();
            file.items.clear();
        }
    };
    while !input.is_empty() {
        if starts_impl(input) {
            flush(&mut file, &mut text);
            print_impl(input, &mut text)?;
            continue;
        }
        file.items.push(input.parse()?);
        if file.items.len() == ITEMS_PER_PRINT {
            flush(&mut file, &mut text);
        }
    }
    flush(&mut file, &mut text);
    Ok(text)
}

/// Items parsed before they are printed: enough that a printer's setup costs little, few
/// enough that their syntax trees are a small part of the memory.
const ITEMS_PER_PRINT: usize = 32;

/// Whether the next item is an `impl` block (outer attributes, then `impl`). Looks at the
/// tokens only: parsing the attributes of every item twice costs more than it should.
fn starts_impl(input: syn::parse::ParseStream) -> bool {
    let mut cursor = input.cursor();
    loop {
        if let Some((pound, next)) = cursor.punct() {
            if pound.as_char() == '#' {
                if let Some((_, _, after)) = next.group(Delimiter::Bracket) {
                    cursor = after;
                    continue;
                }
            }
        }
        return cursor.ident().is_some_and(|(word, _)| word == "impl");
    }
}

/// An `impl` block, printed [`ITEMS_PER_PRINT`] associated items at a time: the client's
/// methods are one block, and its whole syntax tree was the largest part of the peak memory.
/// Each batch is printed inside a copy of the block's header; the header's lines are kept from
/// the first, the closing brace once at the end. prettyplease lays out each associated item on lines of
/// its own, so the text is the same as the whole block's.
fn print_impl(input: syn::parse::ParseStream, text: &mut String) -> syn::Result<()> {
    let attrs = input.call(syn::Attribute::parse_outer)?;
    let header = input.step(|cursor| {
        let mut rest = *cursor;
        let mut header = TokenStream::new();
        while let Some((token, next)) = rest.token_tree() {
            if matches!(&token, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace) {
                return Ok((header, rest));
            }
            header.extend([token]);
            rest = next;
        }
        Err(cursor.error("expected the body of an impl block"))
    })?;
    let body;
    syn::braced!(body in input);
    let mut block: syn::ItemImpl = syn::parse2(quote::quote!(#header {}))?;
    block.attrs = attrs;
    block.attrs.extend(body.call(syn::Attribute::parse_inner)?);
    if body.is_empty() {
        text.push_str(&prettyplease::unparse(&file_of(block)));
        return Ok(());
    }
    let mut first = true;
    while !body.is_empty() {
        let mut some = block.clone();
        while !body.is_empty() && some.items.len() < ITEMS_PER_PRINT {
            some.items.push(body.parse()?);
        }
        if !first {
            // Inner attributes are printed once, with the first items.
            some.attrs
                .retain(|a| matches!(a.style, syn::AttrStyle::Outer));
        }
        let printed = prettyplease::unparse(&file_of(some));
        let lines: Vec<&str> = printed.lines().collect();
        let opens = impl_opening_line(&lines)
            .ok_or_else(|| body.error("generator bug: an impl block printed unexpectedly"))?;
        let keep = if first { 0 } else { opens + 1 };
        for line in &lines[keep..lines.len() - 1] {
            text.push_str(line);
            text.push('\n');
        }
        first = false;
    }
    text.push_str("}\n");
    Ok(())
}

/// The line that opens a printed `impl` block's body: the header ends with the first line at
/// column 0 that ends with `{`; the block ends with its own line `}`.
fn impl_opening_line(lines: &[&str]) -> Option<usize> {
    lines
        .iter()
        .position(|l| !l.starts_with([' ', '#', '/']) && l.ends_with('{'))
        .filter(|_| lines.last() == Some(&"}"))
}

fn file_of(item: syn::ItemImpl) -> syn::File {
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Impl(item)],
    }
}

/// prettyplease puts items back to back; a blank line after each closing brace (and between
/// the `use` block and what follows) makes the files readable.
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if lines.peek().is_some_and(|next| blank_between(line, next)) {
            out.push('\n');
        }
    }
    out
}

/// Whether [`separate_items`] puts a blank line between `line` and the `next`.
/// It runs on every line of every file, so the cheap tests come first.
fn blank_between(line: &str, next: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let closes_item = line.trim_end().ends_with('}')
        && line.trim() == "}"
        && next.trim() != "}"
        && indent(next) == indent(line);
    let ends_uses = line.starts_with("use ") && !next.starts_with("use ") && indent(next) == 0;
    let after_mods = (line.starts_with("mod ") || line.starts_with("pub mod "))
        && !(next.starts_with("mod ") || next.starts_with("pub mod "));
    (closes_item || ends_uses || after_mods) && !next.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::*;

    /// A file of every kind of section, long enough that items and an `impl` block's associated
    /// items are split over several jobs, with an empty list and an empty `impl` block too.
    fn plan(methods: usize) -> Vec<FilePlan<'static>> {
        let sections = vec![
            Section::Whole(Box::new(|| {
                quote! {
                    //! The file's doc.
                    use std::fmt;
                }
            })),
            Section::Items {
                count: 3 * ITEMS_PER_JOB + 1,
                item: Box::new(|i| {
                    let name = format_ident!("S{i}");
                    quote! {
                        /// A struct.
                        pub struct #name { pub a: u32 }
                        impl #name { pub fn a(&self) -> u32 { self.a } }
                    }
                }),
            },
            Section::Items {
                count: 0,
                item: Box::new(|_| unreachable!()),
            },
            Section::Impl {
                header: Box::new(|| quote!(#[allow(dead_code)] impl S0)),
                leading: Box::new(|| {
                    quote!(
                        pub const N: usize = 1;
                    )
                }),
                count: methods,
                item: Box::new(|i| {
                    let name = format_ident!("f{i}");
                    quote! {
                        /// A method.
                        pub fn #name(&self) -> usize {
                            let x = #i;
                            if x > 3 { x * 2 } else { x + 1 }
                        }
                    }
                }),
            },
            Section::Whole(Box::new(|| {
                quote!(
                    fn tail() {}
                )
            })),
        ];
        vec![
            FilePlan {
                path: "a.txt".into(),
                content: Planned::Text(Box::new(|| "text".into())),
            },
            FilePlan {
                path: "b.rs".into(),
                content: Planned::Rust {
                    header: "// header\n".into(),
                    sections,
                },
            },
        ]
    }

    #[test]
    fn jobs_joined_are_the_whole_file_formatted_at_once() {
        for methods in [0, 1, ITEMS_PER_JOB, 2 * ITEMS_PER_JOB + 3] {
            let Planned::Rust { header, sections } = &plan(methods)[1].content else {
                unreachable!()
            };
            let whole = format!(
                "{header}{}",
                format_tokens(sections.iter().map(Section::tokens).collect())
            );
            assert!(whole.contains("impl S0 {"), "{whole}");
            for threads in [1, 2, 3] {
                let files = run(&|| plan(methods), threads);
                assert_eq!(files.len(), 2);
                assert_eq!(
                    (files[0].path.as_str(), files[0].contents.as_str()),
                    ("a.txt", "text")
                );
                assert_eq!(files[1].path, "b.rs");
                assert_eq!(
                    files[1].contents, whole,
                    "{methods} methods, {threads} threads"
                );
            }
        }
    }
}
