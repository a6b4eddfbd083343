//! The base URL requests go to: checked before anything is sent, and never printed with its
//! userinfo (`user:password@`).
//!
//! A request's URL is the base URL with the endpoint's path and the query appended as text.
//! A base URL with a query (`http://host/truto?sig=abc`) would put the path inside that query,
//! and one with a fragment (`http://host/truto#x`) would lose the path and the query to the
//! fragment: both would send a write somewhere else and bring back that answer as a success.
//! Such base URLs are refused.

use std::borrow::Cow;

use crate::Error;

/// A base URL as given, whose `Debug` hides its userinfo.
#[cfg(feature = "client")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl(String);

#[cfg(feature = "client")]
impl BaseUrl {
    /// The base URL, unchecked (see [`check`]).
    pub(crate) fn new(base_url: String) -> Self {
        BaseUrl(base_url)
    }

    /// The base URL as given, userinfo included.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "client")]
impl std::fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&redacted(&self.0), f)
    }
}

/// `Ok` for an absolute `http` or `https` URL with a host and neither a query nor a fragment;
/// otherwise [`Error::Build`] saying what is wrong (with the userinfo hidden).
pub(crate) fn check(base_url: &str) -> Result<(), Error> {
    let refuse = |problem: &str| Err(Error::Build(format!("the base URL `{}` {problem}", redacted(base_url))));
    if base_url.contains('?') {
        return refuse(
            "has a query (`?`): each request's path would be appended to it; set query parameters on the calls",
        );
    }
    if base_url.contains('#') {
        return refuse("has a fragment (`#`): each request's path and query would be appended to it and never sent");
    }
    let Ok(uri) = base_url.parse::<http::Uri>() else { return refuse("is not a URL") };
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return refuse("is not an http or https URL");
    }
    if uri.host().is_none_or(str::is_empty) {
        return refuse("has no host");
    }
    Ok(())
}

/// The URL with `<redacted>` in place of its userinfo, if it has one.
pub(crate) fn redacted(url: &str) -> Cow<'_, str> {
    let authority_start = url.find("://").map_or(0, |at| at + 3);
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}<redacted>{}", &url[..authority_start], &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_fragments_and_non_urls_are_refused() {
        for (bad, reason) in [
            ("http://host/truto?sig=abc", "has a query"),
            ("http://host/truto?", "has a query"),
            ("http://host/truto#x", "has a fragment"),
            ("host:8080", "not an http or https URL"),
            ("ftp://host", "not an http or https URL"),
            ("http://", "is not a URL"),
            ("http://a b", "is not a URL"),
            ("", "is not a URL"),
        ] {
            let error = check(bad).expect_err(bad);
            assert!(error.to_string().contains(reason), "{bad}: {error}");
        }
        for good in ["https://api.truto.one", "http://127.0.0.1:8080/", "http://host/truto/v1", "http://u:p@h"] {
            check(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
    }

    #[test]
    fn userinfo_is_never_printed() {
        assert_eq!(redacted("http://user:PASSWORD@host:80/x?a=b@c"), "http://<redacted>@host:80/x?a=b@c");
        assert_eq!(redacted("http://a@b@host"), "http://<redacted>@host");
        assert_eq!(redacted("https://api.truto.one/x@y"), "https://api.truto.one/x@y");
        let error = check("http://user:PASSWORD@host/?q").expect_err("a query");
        assert!(!error.to_string().contains("PASSWORD"), "{error}");
    }

    #[cfg(feature = "client")]
    #[test]
    fn a_base_url_prints_without_its_userinfo() {
        let debug = format!("{:?}", BaseUrl::new("http://user:PASSWORD@host".to_owned()));
        assert_eq!(debug, r#""http://<redacted>@host""#);
    }
}
