//! The wire tests of `fixtures-client`, in one test binary (each file was a binary of its own,
//! each linking the client again): one module per feature fixture of
//! `generator/tests/fixtures/compile/`, each against a loopback server (`support`). One runs
//! alone with a filter on its name: `cargo test -p fixtures-client --test it streams::`.

mod support;

mod bodies;
mod degraded;
mod exact;
mod openapi31;
mod parameters;
mod refs;
mod schemas;
mod security;
mod servers;
mod streams;
