//! The runtime's rules, in one test binary: parameter styles against the OpenAPI tables, body
//! encodings, response decoding and credentials.

mod json_fast_path;
mod json_shape;
mod nullable;
mod style_examples;
mod styles_and_bodies;
