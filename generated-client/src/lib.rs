//! A typed async client for the Pieces OS Auth0 API (`GET /authorize` with PKCE,
//! `POST /oauth/token`, `GET /userinfo`, `GET /v2/logout`).
//!
//! The client itself is generated from `spec/auth0.yaml` into `src/generated/` (never edit it
//! by hand; run `cargo xtask codegen`). The modules declared here beside it are hand-written:
//! PKCE ([`pkce`]), the redirect back from the browser ([`redirect`]), secret values
//! ([`secret`]) and the login flow that ties them to the client ([`login`]).

// Generated and hand-written code document every public item: a build fails on one that is not.
#![deny(missing_docs)]

// The generated files are formatted by the generator (prettyplease); rustfmt leaves them be.
#[rustfmt::skip]
mod generated;

pub use generated::*;

pub mod login;
pub mod pkce;
pub mod redirect;
pub mod secret;
