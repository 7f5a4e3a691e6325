//! The tests of the generated Auth0 client, in one test binary (each file was a binary of its
//! own, each linking the client again): what goes on the wire (`wire_requests`), what comes
//! back (`wire_responses`), and what a user relies on beyond the wire (`client_features`).

mod support;

mod client_features;
mod wire_requests;
mod wire_responses;
