//! Doc text wrapped to a width, as a careful person wraps markdown: paragraphs and list items
//! are broken between words, never inside a code span or a link, and never so that a line
//! starts with something markdown would read as a list, a heading, a quote, a table or a
//! fence; table rows and fenced code stay as they are.

/// `text` (markdown) as lines of at most `width` characters where it can be broken.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let fence = is_fence(line.trim_start());
        if fence {
            in_fence = !in_fence;
        }
        if fence || in_fence || line.starts_with('|') || line.chars().count() <= width {
            lines.push(line.to_owned());
        } else {
            lines.extend(wrap_line(line, width));
        }
    }
    lines
}

/// One paragraph or list item line, broken between words; a list item's later lines are
/// indented as its text.
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let continuation = if line.starts_with("- ") { "  " } else { "" };
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut current_width = 0;
    for word in words(line) {
        let word_width = word.chars().count();
        if current_width == 0 {
            current.push_str(word);
            current_width = word_width;
        } else if current_width + 1 + word_width > width && can_start_line(word) {
            lines.push(std::mem::take(&mut current));
            current = format!("{continuation}{word}");
            current_width = continuation.len() + word_width;
        } else {
            current.push(' ');
            current.push_str(word);
            current_width += 1 + word_width;
        }
    }
    lines.push(current);
    lines
}

/// The words of a line: separated by spaces, a code span (`` `GET /x` ``) or a link
/// (`[text](target)`) kept as one word with its spaces.
fn words(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = code_span_end(line, i),
            b'[' => i = link_end(line, i),
            b' ' => {
                if i > start {
                    words.push(&line[start..i]);
                }
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < line.len() {
        words.push(&line[start..]);
    }
    words
}

/// Where the code span opening at `at` ends (after its closing backticks), or just after the
/// opening run when none closes it (markdown reads the backticks as text then).
fn code_span_end(line: &str, at: usize) -> usize {
    let run = line[at..].bytes().take_while(|b| *b == b'`').count();
    let fence = &line[at..at + run];
    let mut search = at + run;
    while let Some(found) = line[search..].find(fence) {
        let close = search + found;
        let close_run = line[close..].bytes().take_while(|b| *b == b'`').count();
        if close_run == run {
            return close + run;
        }
        search = close + close_run;
    }
    at + run
}

/// Where the link opening at `at` (`[text](target)`) ends, or just after the `[` when it is
/// no link.
fn link_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => i = code_span_end(line, i) - 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if bytes.get(i + 1) != Some(&b'(') {
        return at + 1;
    }
    match line[i + 1..].find(')') {
        Some(close) => i + 1 + close + 1,
        None => at + 1,
    }
}

/// Whether a line may start with `word`: not a list marker, heading, quote, table, setext
/// underline, fence or HTML block, which would end the paragraph.
fn can_start_line(word: &str) -> bool {
    let ordered_marker = {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && matches!(word.as_bytes().get(digits), Some(b'.' | b')'))
    };
    let html = word.starts_with('<') && !word.starts_with("<http");
    !(ordered_marker || html || word.starts_with(['-', '+', '*', '#', '>', '|', '=', '~']) || is_fence(word))
}

fn is_fence(line: &str) -> bool {
    line.starts_with("```") || line.starts_with("~~~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_break_between_words_within_the_width() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(wrap(text, 14), ["one two three", "four five six", "seven eight", "nine ten"]);
        assert_eq!(wrap("short\n\nlines stay", 14), ["short", "", "lines stay"]);
    }

    #[test]
    fn code_spans_and_links_are_never_broken() {
        let text = "Sends `PATCH /unified/crm/opportunities/{id}` as [the docs say](https://x.y/a b) it";
        assert_eq!(
            wrap(text, 20),
            ["Sends", "`PATCH /unified/crm/opportunities/{id}`", "as", "[the docs say](https://x.y/a b)", "it"]
        );
        assert_eq!(words("a `` x ` y `` b"), ["a", "`` x ` y ``", "b"]);
        assert_eq!(words("it's `open"), ["it's", "`open"], "an unclosed span is text");
        assert_eq!(words("\\[not a link\\] [x]"), ["\\[not", "a", "link\\]", "[x]"]);
    }

    #[test]
    fn no_line_starts_with_what_markdown_would_read_as_a_block() {
        let text = "values are a b - c + d # e > f | g = h 1. i <div> j";
        for line in wrap(text, 1) {
            assert!(line == "values" || can_start_line(&line), "a line starts with `{line}`");
        }
        assert_eq!(wrap("aaaa - bbbb", 4), ["aaaa -", "bbbb"], "the dash stays on the line before");
    }

    #[test]
    fn list_items_continue_indented_and_tables_and_fences_stay_whole() {
        assert_eq!(wrap("- Pipedrive: takes open and won", 16), ["- Pipedrive:", "  takes open and", "  won"]);
        let table = "| Integration | Requires |\n|---|---|\n| Close | `name` and a long cell that does not fit |";
        assert_eq!(wrap(table, 10), table.lines().collect::<Vec<_>>());
        let code = "```no_run\nlet response = client.crm().opportunities().update(\"id\", body);\n```";
        assert_eq!(wrap(code, 10), code.lines().collect::<Vec<_>>());
    }
}
