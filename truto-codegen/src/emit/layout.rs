//! Rust text laid out directly, for the support tables: they are a third of a resource file's
//! tokens but plain data, so printing them here instead of through syn and prettyplease saves
//! a sixth of the generator's time. The layout is rustfmt's: a list stays on one line when it
//! fits (a slice: when its items take at most 60 columns), and otherwise puts one item per
//! line with a trailing comma.

use super::comments::{self, Style};

/// The widest line a table breaks to stay within (rustfmt's default).
const WIDTH: usize = 100;

/// One indentation step.
const INDENT: usize = 4;

/// The widest a slice's items may be on one line (rustfmt's `array_width`), so that a table
/// of rows puts each row on its own line.
const ARRAY_WIDTH: usize = 60;

/// An expression to lay out: on one line when it fits, broken at its lists otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// Text that never breaks: a literal, a path.
    Atom(String),
    /// `open` items separated by `, ` then `close`: `&[a, b]`, `f(a, b)`, `(a, b)`.
    List { open: String, items: Vec<Code>, close: &'static str },
    /// `head.call(arg)...`; broken, each call on its own line, one step in.
    Chain { head: Box<Code>, calls: Vec<Call> },
}

/// One method call of a [`Code::Chain`]: `.name()` or `.name(argument)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The method's name.
    pub name: &'static str,
    /// Its one argument, if it takes one.
    pub argument: Option<Code>,
}

impl Code {
    /// Text as it is.
    pub fn atom(text: impl Into<String>) -> Code {
        Code::Atom(text.into())
    }

    /// A string literal, escaped the way Rust reads it back.
    pub fn string(text: &str) -> Code {
        Code::Atom(format!("{text:?}"))
    }

    /// `&[items]`.
    pub fn slice(items: Vec<Code>) -> Code {
        Code::List { open: "&[".to_owned(), items, close: "]" }
    }

    /// `function(arguments)`.
    pub fn call(function: impl Into<String>, arguments: Vec<Code>) -> Code {
        Code::List { open: format!("{}(", function.into()), items: arguments, close: ")" }
    }

    /// `(items)`.
    pub fn tuple(items: Vec<Code>) -> Code {
        Code::List { open: "(".to_owned(), items, close: ")" }
    }

    /// `Path { field: value, ... }`, a field per line (rustfmt breaks struct literals of more
    /// than a few columns).
    pub fn record(path: &str, fields: Vec<(&str, Code)>) -> Code {
        let items = fields.into_iter().map(|(name, value)| value.prefixed(&format!("{name}: "))).collect();
        Code::List { open: format!("{path} {{"), items, close: "}" }
    }

    /// The code with `prefix` written before it (`name: ` before a field's value).
    fn prefixed(self, prefix: &str) -> Code {
        match self {
            Code::Atom(text) => Code::Atom(format!("{prefix}{text}")),
            Code::List { open, items, close } => Code::List { open: format!("{prefix}{open}"), items, close },
            Code::Chain { head, calls } => Code::Chain { head: Box::new(head.prefixed(prefix)), calls },
        }
    }

    /// The code on one line.
    fn flat(&self, out: &mut String) {
        match self {
            Code::Atom(text) => out.push_str(text),
            Code::List { open, items, close } => {
                out.push_str(open);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.flat(out);
                }
                out.push_str(close);
            }
            Code::Chain { head, calls } => {
                head.flat(out);
                for call in calls {
                    call.open(out);
                    if let Some(argument) = &call.argument {
                        argument.flat(out);
                    }
                    out.push(')');
                }
            }
        }
    }

    /// Appends the code to `out`, whose last line is indented by `indent` and already `column`
    /// wide; `trailing` more columns follow the code on its last line (a comma, a parenthesis).
    pub fn write(&self, out: &mut String, indent: usize, column: usize, trailing: usize) {
        let start = out.len();
        self.flat(out);
        let width = out.len() - start;
        let short = match self {
            Code::List { open, close: "]", .. } => width - open.len() - 1 <= ARRAY_WIDTH,
            Code::List { close: "}", .. } => false,
            _ => true,
        };
        if short && column + width + trailing <= WIDTH {
            return;
        }
        out.truncate(start);
        match self {
            Code::Atom(text) => out.push_str(text),
            Code::List { open, items, close } => {
                out.push_str(open);
                for item in items {
                    new_line(out, indent + INDENT);
                    item.write(out, indent + INDENT, indent + INDENT, 1);
                    out.push(',');
                }
                new_line(out, indent);
                out.push_str(close);
            }
            Code::Chain { head, calls } => {
                head.write(out, indent, column, 0);
                for call in calls {
                    new_line(out, indent + INDENT);
                    let line_start = out.len() - (indent + INDENT);
                    call.open(out);
                    if let Some(argument) = &call.argument {
                        argument.write(out, indent + INDENT, out.len() - line_start, 1 + trailing);
                    }
                    out.push(')');
                }
            }
        }
    }
}

impl Call {
    /// `.name(`.
    fn open(&self, out: &mut String) {
        out.push('.');
        out.push_str(self.name);
        out.push('(');
    }
}

fn new_line(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `pub static NAME: Type = value;` with a doc comment, each of a struct value's fields on its
/// own line.
pub fn public_static(out: &mut String, doc: &str, name: &str, ty: &str, value: &Value) {
    comments::write(out, "", Style::Outer, doc);
    let head = format!("pub static {name}: {ty} = ");
    out.push_str(&head);
    match value {
        Value::Expression(code) => code.write(out, 0, head.len(), 1),
        Value::Struct { path, fields } => {
            out.push_str(path);
            out.push_str(" {");
            for (field, code) in fields {
                new_line(out, INDENT);
                out.push_str(field);
                out.push_str(": ");
                code.write(out, INDENT, INDENT + field.len() + 2, 1);
                out.push(',');
            }
            out.push_str("\n}");
        }
    }
    out.push_str(";\n");
}

/// The value of a [`public_static`].
pub enum Value {
    /// Any expression.
    Expression(Code),
    /// `Path { field: value, ... }`.
    Struct { path: String, fields: Vec<(&'static str, Code)> },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(code: &Code, column: usize) -> String {
        let mut out = " ".repeat(column);
        code.write(&mut out, column, column, 1);
        out
    }

    fn words(n: usize) -> Vec<Code> {
        (0..n).map(|i| Code::string(&format!("word{i:02}"))).collect()
    }

    #[test]
    fn a_list_that_fits_stays_on_one_line() {
        let code = Code::call("Field::new", vec![Code::string("a\"b"), Code::atom("0x1"), Code::atom("0x0")]);
        assert_eq!(laid_out(&code, 8), r#"        Field::new("a\"b", 0x1, 0x0)"#);
    }

    #[test]
    fn a_list_too_wide_puts_one_item_per_line_with_a_trailing_comma() {
        // 12 items of 8 columns and their separators: 118 columns, over the width.
        let code = Code::slice(words(12));
        let expected =
            format!("    &[\n{}    ]", (0..12).map(|i| format!("        \"word{i:02}\",\n")).collect::<String>());
        assert_eq!(laid_out(&code, 4), expected);
    }

    #[test]
    fn a_chain_too_wide_puts_each_call_on_its_own_line_and_breaks_only_the_list_too_wide() {
        let code = Code::Chain {
            head: Box::new(Code::call(
                "Field::new",
                vec![Code::string("status"), Code::atom("0x1"), Code::atom("0x0")],
            )),
            calls: vec![
                Call { name: "required", argument: None },
                Call { name: "enum_values", argument: Some(Code::slice(words(3))) },
                Call { name: "values", argument: Some(Code::slice(words(12))) },
            ],
        };
        let broken_words = (0..12).map(|i| format!("                \"word{i:02}\",\n")).collect::<String>();
        let expected = format!(
            "        Field::new(\"status\", 0x1, 0x0)\n            .required()\n            .enum_values(&[\"word00\", \"word01\", \"word02\"])\n            .values(&[\n{broken_words}            ])"
        );
        assert_eq!(laid_out(&code, 8), expected);
    }

    #[test]
    fn a_struct_literal_puts_each_field_on_its_own_line() {
        let code = Code::record(
            "support::EndpointSupport::InPart",
            vec![
                ("supported", Code::call("Integrations::of", vec![Code::atom("0x1")])),
                ("unsupported", Code::atom("NONE")),
            ],
        );
        assert_eq!(
            laid_out(&code, 4),
            "    support::EndpointSupport::InPart {\n        supported: Integrations::of(0x1),\n        unsupported: NONE,\n    }"
        );
    }

    #[test]
    fn docs_and_struct_statics_print_like_prettyplease() {
        let mut out = String::new();
        let value = Value::Struct {
            path: "support::Endpoint".to_owned(),
            fields: vec![("api", Code::string("crm")), ("query", Code::slice(Vec::new()))],
        };
        public_static(&mut out, "What it supports.\n\n| a |  |", "GET_X", "support::Endpoint<Integration>", &value);
        assert_eq!(
            out,
            "/// What it supports.\n///\n/// | a |  |\npub static GET_X: support::Endpoint<Integration> = support::Endpoint {\n    api: \"crm\",\n    query: &[],\n};\n"
        );
    }
}
