//! Reading positions and paths straight from the YAML text, where the parser gives none.

/// The plain token that starts at `line`:`column` (1-based), for messages.
pub(super) fn token_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line_text = text.lines().nth(line.checked_sub(1)?)?;
    let rest: String = line_text.chars().skip(column.checked_sub(1)?).collect();
    let token: String = rest.chars().take_while(|c| !matches!(c, ',' | '}' | ']' | '#')).collect();
    let token = token.trim();
    (!token.is_empty()).then(|| token.chars().take(60).collect())
}

/// The YAML path (`endpoint.body.name`, `integrations[1].slug`) of the block-style key on `line`
/// (1-based), found from the indentation of the lines above it. Used where the parser could not
/// build a tree to take the path from; it is a best effort and never fails.
pub(super) fn yaml_path_at(text: &str, line: usize) -> String {
    struct Entry {
        indent: usize,
        segment: String,
        items: usize,
        item: bool,
    }
    let mut stack: Vec<Entry> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (i, raw_line) in text.lines().enumerate().take(line) {
        // Tabs are not YAML indentation, but a line indented with one is reported: count a tab
        // as the four spaces it usually stands for.
        let indent =
            raw_line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum();
        let mut content = raw_line.trim_start_matches([' ', '\t']);
        if let Some(parent) = block_scalar {
            if content.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let mut column = indent;
        // List items: `- ` (possibly several on one line).
        while content == "-" || content.starts_with("- ") {
            while stack.last().is_some_and(|e| e.indent > column || (e.indent == column && e.item)) {
                stack.pop();
            }
            let index = match stack.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    parent.items - 1
                }
                None => 0,
            };
            stack.push(Entry { indent: column, segment: format!("[{index}]"), items: 0, item: true });
            let after = &content[1..];
            let spaces = after.chars().take_while(|c| *c == ' ').count();
            column += 1 + spaces;
            content = after.trim_start_matches(' ');
        }
        let Some((key, value)) = block_key(content) else {
            continue;
        };
        while stack.last().is_some_and(|e| e.indent >= column) {
            stack.pop();
        }
        stack.push(Entry { indent: column, segment: key.to_owned(), items: 0, item: false });
        let value = value.trim();
        if (value.starts_with('|') || value.starts_with('>')) && i + 1 < line {
            block_scalar = Some(column);
        }
    }
    let mut path = String::new();
    for entry in &stack {
        if !entry.item && !path.is_empty() {
            path.push('.');
        }
        path.push_str(&entry.segment);
    }
    path
}

/// `key: value` or `key:` on a block line: the key and the rest.
pub(super) fn block_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with(['{', '[', '#', '&', '*', '!', '|', '>', '?']) {
        return None;
    }
    let quoted = content.starts_with(['"', '\'']);
    let mut search_from = 0;
    if quoted {
        let quote = content.chars().next()?;
        search_from = content[1..].find(quote)? + 2;
    }
    let rest = content.get(search_from..)?;
    let colon =
        rest.char_indices().find(|(i, c)| *c == ':' && rest[i + 1..].chars().next().is_none_or(|n| n == ' '))?.0;
    let key = content.get(..search_from + colon)?.trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    Some((key, content.get(search_from + colon + 1..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_indentation_and_lists() {
        let text = "integrations:\n  - slug: a\n    name: A\n  - slug: b\n    name: B\nendpoint:\n  body:\n    name:\n      description: |\n        text: here\n      type: string\n";
        assert_eq!(yaml_path_at(text, 1), "integrations");
        assert_eq!(yaml_path_at(text, 3), "integrations[0].name");
        assert_eq!(yaml_path_at(text, 4), "integrations[1].slug");
        assert_eq!(yaml_path_at(text, 5), "integrations[1].name");
        assert_eq!(yaml_path_at(text, 8), "endpoint.body.name");
        assert_eq!(yaml_path_at(text, 11), "endpoint.body.name.type");
        assert_eq!(yaml_path_at("a:\n- x\n- y: 1\n", 3), "a[1].y");
        assert_eq!(yaml_path_at("\"q: x\": 1\n", 1), "q: x");
        assert_eq!(yaml_path_at("", 3), "");
    }
}
