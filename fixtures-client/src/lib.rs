//! One generated client per feature fixture of the generator
//! (`generator/tests/fixtures/compile/<feature>.yaml` → `src/<feature>/`), so that the tests in
//! `tests/` can assert what the generated code puts on the wire against a loopback server.
//!
//! Every module here is written by `cargo xtask codegen` (never edit them by hand); the
//! workspace test command fails when one is stale.

// Generated code documents every public item: a build fails on one that is not.
#![deny(missing_docs)]

#[rustfmt::skip]
pub mod bodies;
#[rustfmt::skip]
pub mod degraded;
#[rustfmt::skip]
pub mod exact;
#[rustfmt::skip]
pub mod no_servers;
#[rustfmt::skip]
pub mod openapi31;
#[rustfmt::skip]
pub mod parameters;
#[rustfmt::skip]
pub mod refs;
#[rustfmt::skip]
pub mod schemas;
#[rustfmt::skip]
pub mod security;
#[rustfmt::skip]
pub mod servers;
#[rustfmt::skip]
pub mod streams;

/// The repository README's Rust snippets that are not marked `ignore`, compiled (and run, unless
/// `no_run`) as doctests of this crate: they use these fixtures and the Auth0 client.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
