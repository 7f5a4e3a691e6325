//! The generator's integration tests, in one test binary (each file of `tests/` was a binary of
//! its own, each linking the generator and its dependencies again). One module per subject;
//! run one with a filter on its name, as the heavy ones are run on their own:
//!
//! ```sh
//! cargo test -p openapi-rust-generator --test it compile_fixtures::  # builds generated crates
//! cargo test -p openapi-rust-generator --test it pieces_os::         # builds the Pieces OS client
//! cargo test -p openapi-rust-generator --test it -- --skip compile_fixtures:: --skip pieces_os::
//! ```

mod common;

mod auth0_wire_rules;
mod cli;
mod compile_fixtures;
mod degrade;
mod determinism;
mod diagnostics;
mod example_tests;
mod fuzz;
mod model_rules;
mod openapi_features;
mod pieces_os;
mod selection;
