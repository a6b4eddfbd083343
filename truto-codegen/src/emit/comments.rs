//! Doc comments. A third of a generated file is docs, and a doc attribute's text is escaped into
//! a token, parsed back by syn and printed again by prettyplease, line by line. So the tokens
//! carry one short placeholder per doc block, `#[doc = "\u{7f}12"]` (block 12 of the file's
//! [`DocBlocks`]), and [`expand`] replaces each printed placeholder with the block's `///`
//! lines. This saves an eighth of the generator's time; the output is the same.
//!
//! The marker character cannot collide: every doc text from the schema goes through
//! [`DocBlocks`], and the docs the generator spells itself never contain it.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use super::wrap::wrap;

/// What starts a placeholder's text (DEL, which no doc the generator writes contains).
const MARKER: char = '\u{7f}';

/// Outer (`///`) or inner (`//!`) docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `///`, documenting the item that follows.
    Outer,
    /// `//!`, documenting the enclosing module.
    Inner,
}

impl Style {
    fn prefix(self) -> &'static str {
        match self {
            Style::Outer => "///",
            Style::Inner => "//!",
        }
    }
}

/// The doc blocks of one generated file, by the index their placeholder holds.
#[derive(Debug, Default)]
pub struct DocBlocks {
    texts: RefCell<Vec<String>>,
}

impl DocBlocks {
    /// The placeholder attribute for `text` (nothing for no text).
    pub fn placeholder(&self, text: &str, style: Style) -> TokenStream {
        if text.is_empty() {
            return TokenStream::new();
        }
        let mut texts = self.texts.borrow_mut();
        let placeholder = format!("{MARKER}{}", texts.len());
        texts.push(text.to_owned());
        match style {
            Style::Outer => quote!(#[doc = #placeholder]),
            Style::Inner => quote!(#![doc = #placeholder]),
        }
    }

    /// The texts, for [`expand`].
    pub fn into_texts(self) -> Vec<String> {
        self.texts.into_inner()
    }
}

/// `code` as prettyplease printed it, each placeholder line (`    ///\u{7f}12`) replaced with
/// its block's lines at the same indentation. `Err` names a placeholder without a block, which
/// would be a generator bug.
pub fn expand(code: &str, texts: &[String]) -> Result<String, String> {
    let mut out = String::with_capacity(code.len() + texts.iter().map(|t| t.len() + 32).sum::<usize>());
    for line in code.split_inclusive('\n') {
        let Some((indent, style, index)) = placeholder_line(line) else {
            out.push_str(line);
            continue;
        };
        let text = index.and_then(|i| texts.get(i)).ok_or_else(|| format!("no doc block for `{}`", line.trim()))?;
        write(&mut out, indent, style, text);
    }
    Ok(out)
}

/// A printed placeholder's indentation, style and index (`None` when it is not a number).
fn placeholder_line(line: &str) -> Option<(&str, Style, Option<usize>)> {
    let comment = line.trim_start_matches(' ');
    let indent = &line[..line.len() - comment.len()];
    let (style, rest) = if let Some(rest) = comment.strip_prefix("///") {
        (Style::Outer, rest)
    } else {
        (Style::Inner, comment.strip_prefix("//!")?)
    };
    let index = rest.strip_prefix(MARKER)?.trim_end();
    Some((indent, style, index.parse().ok()))
}

/// The widest a doc line is, its indentation and `/// ` included (rustfmt's width).
const WIDTH: usize = 100;

/// `text` as doc comment lines, each behind `indent`, the way prettyplease prints a doc
/// attribute per line: `/// line` with trailing spaces trimmed, `///` for an empty line; the
/// text [wrapped](super::wrap) to fit in [`WIDTH`] columns.
pub fn write(out: &mut String, indent: &str, style: Style, text: &str) {
    let width = WIDTH.saturating_sub(indent.len() + style.prefix().len() + 1).max(40);
    for line in wrap(text, width) {
        out.push_str(indent);
        out.push_str(style.prefix());
        let line = line.trim_end_matches(' ');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_print_as_their_blocks_at_their_indentation() {
        let blocks = DocBlocks::default();
        let first = blocks.placeholder("The record.\n\n| a |  |  ", Style::Outer);
        let module = blocks.placeholder("A module.", Style::Inner);
        assert!(blocks.placeholder("", Style::Outer).is_empty());
        assert_eq!(first.to_string(), r#"# [doc = "\u{7f}0"]"#);
        assert_eq!(module.to_string(), r#"# ! [doc = "\u{7f}1"]"#);
        let printed = "//!\u{7f}1\nstruct S {\n    ///\u{7f}0\n    x: u8,\n}\n";
        assert_eq!(
            expand(printed, &blocks.into_texts()),
            Ok("//! A module.\nstruct S {\n    /// The record.\n    ///\n    /// | a |  |\n    x: u8,\n}\n".to_owned())
        );
    }

    #[test]
    fn a_placeholder_without_a_block_is_an_error_and_other_lines_pass_unchanged() {
        let code = "/// Plain docs.\nlet s = \"\u{7f}0\";\n";
        assert_eq!(expand(code, &[]), Ok(code.to_owned()));
        assert_eq!(expand("///\u{7f}3\n", &["one".to_owned()]), Err("no doc block for `///\u{7f}3`".to_owned()));
    }
}
