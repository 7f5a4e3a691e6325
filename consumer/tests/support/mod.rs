//! Shared support for the consumer's end-to-end tests (`mod support;` in a
//! test file): a real OpenID provider on loopback and a cookie-jar driver for
//! its login pages. See `e2e/provider/README.md`.
#![allow(dead_code, unused_imports)]

mod node_packages;
pub mod provider;

pub use provider::{
    browser, drive_login, drive_logout, workspace_root, Provider, CLIENT_ID, LOGIN_NAME,
    TEST_USER_EMAIL, TEST_USER_SUB,
};
