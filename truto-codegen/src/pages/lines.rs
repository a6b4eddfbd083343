//! The page as numbered lines: trimmed, non-breaking spaces made plain, with their indentation
//! kept (the older layout nests bullets by indentation), and cut before the code samples.

/// One line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based.
    pub number: usize,
    /// Trimmed.
    pub text: String,
    /// Leading whitespace before trimming, in characters.
    pub indent: usize,
}

/// A page split at its code samples.
pub(crate) struct PageLines {
    /// The lines before the code samples.
    pub lines: Vec<Line>,
    /// The code samples' text (curl, JS, Python, the SDKs), if the page has them.
    pub samples: Option<String>,
}

/// The code samples start with the curl example.
const SAMPLES_START: &str = "curl ";

pub(crate) fn read(text: &str) -> PageLines {
    let mut lines = Vec::new();
    let mut raw = text.lines().enumerate();
    for (i, line) in raw.by_ref() {
        let plain = line.replace('\u{a0}', " ");
        let trimmed = plain.trim();
        if trimmed.starts_with(SAMPLES_START) {
            let rest: Vec<&str> = std::iter::once(line).chain(raw.map(|(_, l)| l)).collect();
            return PageLines { lines, samples: Some(rest.join("\n")) };
        }
        let indent = plain.chars().take_while(|c| c.is_whitespace()).count();
        lines.push(Line { number: i + 1, text: trimmed.to_string(), indent });
    }
    PageLines { lines, samples: None }
}

/// The string values of the code samples' JSON bodies (`"status": "lead"` gives `lead`): the
/// samples fill enum fields with one of their values.
pub(crate) fn sample_values(samples: &str) -> Vec<String> {
    let mut values = Vec::new();
    for line in samples.lines() {
        let Some((_, value)) = line.split_once("\": \"") else { continue };
        let Some(value) = value.strip_suffix("\",").or_else(|| value.strip_suffix('"')) else { continue };
        if !value.is_empty() && !value.contains(['\\', '"', '<', '{']) {
            values.push(value.to_string());
        }
    }
    values
}

const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The first `METHOD /path` line: its index in `lines`, the method and the path.
pub(crate) fn request_line(lines: &[Line]) -> Option<(usize, String, String)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        let (method, path) = line.text.split_once(' ')?;
        let plausible = HTTP_METHODS.contains(&method) && path.starts_with('/') && !path.contains(char::is_whitespace);
        plausible.then(|| (i, method.to_string(), path.to_string()))
    })
}

/// "Partial response — use the "get" endpoint for the full object."
pub(crate) fn is_partial_response_line(line: &str) -> bool {
    line.starts_with("Partial response")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_trims_and_stops_at_the_samples() {
        let page = read("a\n  \u{a0}• b \ncurl -X GET x\n\"name\": \"lead\",\n");
        let texts: Vec<_> = page.lines.iter().map(|l| (l.number, l.text.as_str(), l.indent)).collect();
        assert_eq!(texts, [(1, "a", 0), (2, "• b", 3)]);
        let samples = page.samples.expect("samples");
        assert!(samples.starts_with("curl -X GET x"));
        assert_eq!(sample_values(&samples), ["lead"]);
    }

    #[test]
    fn sample_values_skip_escaped_and_placeholder_strings() {
        let text = "  \"a\": \"x\",\n  \"b\": \"{\\n \\\"k\\\"}\",\n  \"c\": \"<token>\"\n  \"d\": \"your_name\"\n";
        assert_eq!(sample_values(text), ["x", "your_name"]);
    }
}
