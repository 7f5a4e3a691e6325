//! Secrets never printed: what a `Debug` implementation shows in their place.

use std::fmt;

/// Prints `<redacted>` in place of a secret in `Debug` output.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
