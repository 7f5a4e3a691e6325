//! Secrets kept out of error messages: body excerpts with the values of secret fields replaced,
//! and header maps printed without credentials or cookies.

use std::fmt;

use reqwest::header::HeaderMap;

/// What stands in for a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// Field names whose values are credentials in any API (OAuth 2.0, OpenID Connect, API keys),
/// redacted whether or not the document marks them `x-secret`.
const WELL_KNOWN: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "code_verifier",
    "password",
    "api_key",
    "apikey",
    "secret",
    "token",
    "authorization",
];

/// Headers whose values are credentials or session state.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

fn is_secret_name(name: &str, secrets: &[&str]) -> bool {
    WELL_KNOWN
        .iter()
        .chain(secrets)
        .any(|s| s.eq_ignore_ascii_case(name))
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// `text` with the value after every secret field name replaced by [`REDACTED`]: the value of
/// a JSON member (`"access_token": "..."`) or of a form pair (`access_token=...`), found by
/// scanning the text, so that a body that is not valid JSON or form data is redacted too.
pub(crate) fn redact_text(text: &str, secrets: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_name_char) {
        out.push_str(&rest[..start]);
        // A name starts after a character that cannot be part of one.
        let starts_name = out.chars().last().is_none_or(|c| !is_name_char(c));
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..end];
        out.push_str(name);
        rest = &rest[end..];
        if !starts_name || !is_secret_name(name, secrets) {
            continue;
        }
        // Then an optional closing quote, a separator, and the value.
        let after_quote = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let Some(value) = after_quote.trim_start().strip_prefix([':', '=']) else {
            continue;
        };
        let value = value.trim_start();
        out.push_str(&rest[..rest.len() - value.len()]);
        rest = match value.strip_prefix('"') {
            Some(quoted) => {
                out.push('"');
                out.push_str(REDACTED);
                let mut escaped = false;
                let close = quoted.char_indices().find(|&(_, c)| {
                    let done = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    done
                });
                match close {
                    Some((i, _)) => {
                        out.push('"');
                        &quoted[i + 1..]
                    }
                    None => "",
                }
            }
            None => {
                out.push_str(REDACTED);
                let end = value
                    .find(|c: char| matches!(c, '&' | ',' | '}' | ']' | ';') || c.is_whitespace())
                    .unwrap_or(value.len());
                &value[end..]
            }
        };
    }
    out.push_str(rest);
    out
}

/// The values of secret fields in a JSON body, to remove from messages that quote them (a
/// decoder's "invalid type: string \"...\"").
pub(crate) fn secret_values(body: &[u8], secrets: &[&str]) -> Vec<String> {
    fn walk(value: &serde_json::Value, secrets: &[&str], out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    if is_secret_name(key, secrets) {
                        match value {
                            serde_json::Value::String(s) => out.push(s.clone()),
                            serde_json::Value::Null => {}
                            other => out.push(other.to_string()),
                        }
                    } else {
                        walk(value, secrets, out);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|item| walk(item, secrets, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        walk(&value, secrets, &mut out);
    }
    if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        out.extend(
            pairs
                .into_iter()
                .filter(|(k, _)| is_secret_name(k, secrets))
                .map(|(_, v)| v),
        );
    }
    out.retain(|v| !v.is_empty());
    out
}

/// `message` with every secret value of `body` replaced by [`REDACTED`]. Values shorter than
/// four characters are left: replacing them would garble the message's own words.
pub(crate) fn scrub(message: &str, body: &[u8], secrets: &[&str]) -> String {
    let mut message = redact_text(message, secrets);
    for value in secret_values(body, secrets)
        .iter()
        .filter(|v| v.chars().count() >= 4)
    {
        message = message.replace(value.as_str(), REDACTED);
    }
    message
}

/// Prints a header map with the values of credential and cookie headers redacted.
pub(crate) struct RedactedHeaders<'a>(pub &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str()) {
                map.entry(&name.as_str(), &REDACTED);
            } else {
                map.entry(&name.as_str(), &value);
            }
        }
        map.finish()
    }
}

/// Hides the values of a URL's query (an API key may travel there), keeping the names.
pub(crate) fn redact_url_query(url: &mut url::Url) {
    if url.query().is_none() {
        return;
    }
    let names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    let mut pairs = url.query_pairs_mut();
    pairs.clear();
    for name in names {
        pairs.append_pair(&name, "redacted");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_json_members_and_form_pairs() {
        let json = r#"{"access_token": "abc\"def", "token_type": "Bearer", "expires_in": 3}"#;
        let out = redact_text(json, &[]);
        assert_eq!(
            out,
            r#"{"access_token": "<redacted>", "token_type": "Bearer", "expires_in": 3}"#
        );
        let form = "refresh_token=xyz&state=s1&my_secret=k";
        assert_eq!(
            redact_text(form, &["my_secret"]),
            "refresh_token=<redacted>&state=s1&my_secret=<redacted>"
        );
        // Truncated in the middle of the value.
        assert_eq!(
            redact_text(r#"{"id_token":"eyJhb"#, &[]),
            r#"{"id_token":"<redacted>"#
        );
        // A name that only ends like a secret is not one.
        assert_eq!(redact_text("not_token=1", &[]), "not_token=1");
    }

    #[test]
    fn scrubs_quoted_values() {
        let body = br#"{"access_token": 12345}"#;
        assert_eq!(
            scrub(
                "invalid type: integer `12345`, expected a string",
                body,
                &[]
            ),
            "invalid type: integer `<redacted>`, expected a string"
        );
    }
}
