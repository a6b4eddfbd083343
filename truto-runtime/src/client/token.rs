//! The API token: checked when the client is built, and kept out of every printout.

use std::fmt;

use crate::Error;

/// The API token; never printed.
#[derive(Clone)]
pub(super) struct Token(pub(super) String);

impl Token {
    /// `Ok` when the token can be sent as it is in `Authorization: Bearer <token>`: visible
    /// ASCII only. Anything else is refused rather than sent raw (non-ASCII bytes) or cut into
    /// another header (CR, LF); the error never shows the token.
    pub(super) fn check(&self) -> Result<(), Error> {
        let problem = if self.0.is_empty() {
            "is empty"
        } else if let Some(c) = self.0.chars().find(|c| !c.is_ascii_graphic()) {
            if c.is_ascii() { "has a space or a control character" } else { "has a character that is not ASCII" }
        } else {
            return Ok(());
        };
        Err(Error::Build(format!("the API token {problem}: a token is visible ASCII characters only")))
    }
}

impl Token {
    /// The value of `Authorization: Bearer <token>`, made once when the client is built rather
    /// than for every request, and marked sensitive (`Debug` shows `Sensitive`, never the
    /// token). Checks the token first (see [`Token::check`]).
    pub(super) fn authorization(&self) -> Result<http::HeaderValue, Error> {
        self.check()?;
        crate::request::sensitive(&format!("Bearer {}", self.0))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_ascii_tokens_pass_and_errors_never_show_them() {
        Token("tok_AZaz09-._~+/=".to_owned()).check().expect("visible ASCII");
        for (bad, reason) in [
            ("secret-é", "not ASCII"),
            ("secret\r\nx: y", "control character"),
            ("secret\0", "control character"),
            ("secret token", "a space"),
            ("", "is empty"),
        ] {
            let error = Token(bad.to_owned()).check().expect_err(bad);
            let text = error.to_string();
            assert!(text.contains(reason), "{bad:?}: {text}");
            assert!(!text.contains("secret"), "{text}");
        }
    }
}
