//! The one table of types: for each scalar word of the schema language, the model type, the
//! Rust types generated code uses for it, its lenient response reader, its OpenAPI schema and
//! the way Truto's pages print it.
//!
//! The checker, every emitter, `verify-docs` and `import` read this module; changing how one
//! type maps is an edit of its row in [`SCALARS`]. Composite types (objects, enums, arrays)
//! follow the rules in the functions below the table.

use crate::model::Type;

/// A scalar type of the schema language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `integer`.
    Integer,
    /// `boolean`.
    Boolean,
    /// `date-time`: providers use many formats, so it is kept as received.
    DateTime,
    /// `uuid`, kept as text.
    Uuid,
    /// `map`: `Record<string, any>`.
    Map,
    /// `any`, or no documented type: any JSON value.
    Any,
}

/// A Rust type that generated code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustType {
    /// A primitive type (`f64`, `bool`, `i64`): schema type names are PascalCase, so no schema
    /// type can shadow it.
    Primitive(&'static str),
    /// `std::string::String`.
    String,
    /// A type of the runtime crate (`RawJson`, `DateTime`), re-exported at the generated
    /// crate's root.
    Runtime(&'static str),
    /// `serde_json::Value`.
    JsonValue,
    /// `serde_json::Map<String, serde_json::Value>`.
    JsonObject,
}

/// How OpenAPI describes a scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenApiSchema {
    /// `type`; `None` for any value (`{}`).
    pub ty: Option<&'static str>,
    /// `format`.
    pub format: Option<&'static str>,
    /// `additionalProperties: true` (maps).
    pub any_properties: bool,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalarSpec {
    /// The scalar.
    pub scalar: Scalar,
    /// The schema word (`type: date-time`). [`Scalar::Any`] is `any` where the docs say the
    /// value is anything (`array<unknown>` is `any[]`), and is also what leaving `type` out
    /// means (the docs give no type).
    pub word: Option<&'static str>,
    /// How the newer page layout prints it; `None`: the page prints no type.
    pub printed: Option<&'static str>,
    /// How the older page layout prints it.
    pub printed_older: Option<&'static str>,
    /// Its Rust type in requests (bodies and query parameters).
    pub request: RustType,
    /// Its Rust type in response records.
    pub response: RustType,
    /// The function of the runtime's `lenient` module that reads it in responses, if it has one.
    pub lenient_reader: Option<&'static str>,
    /// Whether it is text: request setters take `impl Into<T>` of its request type, and a
    /// required parameter of it starts empty (`Default`) and is missing while `is_empty()`,
    /// rather than being a constructor argument.
    pub text: bool,
    /// Its OpenAPI schema.
    pub openapi: OpenApiSchema,
}

const fn openapi(ty: &'static str, format: Option<&'static str>) -> OpenApiSchema {
    OpenApiSchema { ty: Some(ty), format, any_properties: false }
}

/// Every scalar, in [`Scalar`] order.
pub const SCALARS: [ScalarSpec; 8] = [
    ScalarSpec {
        scalar: Scalar::String,
        word: Some("string"),
        printed: Some("string"),
        printed_older: Some("string"),
        request: RustType::String,
        response: RustType::String,
        lenient_reader: Some("string"),
        text: true,
        openapi: openapi("string", None),
    },
    ScalarSpec {
        scalar: Scalar::Number,
        word: Some("number"),
        printed: Some("number"),
        printed_older: Some("number"),
        request: RustType::Primitive("f64"),
        response: RustType::Primitive("f64"),
        lenient_reader: Some("number"),
        text: false,
        openapi: openapi("number", None),
    },
    ScalarSpec {
        scalar: Scalar::Integer,
        word: Some("integer"),
        printed: Some("integer"),
        printed_older: Some("integer"),
        request: RustType::Primitive("i64"),
        response: RustType::Primitive("i64"),
        lenient_reader: Some("integer"),
        text: false,
        openapi: openapi("integer", None),
    },
    ScalarSpec {
        scalar: Scalar::Boolean,
        word: Some("boolean"),
        printed: Some("boolean"),
        printed_older: Some("boolean"),
        request: RustType::Primitive("bool"),
        response: RustType::Primitive("bool"),
        lenient_reader: Some("boolean"),
        text: false,
        openapi: openapi("boolean", None),
    },
    ScalarSpec {
        scalar: Scalar::DateTime,
        word: Some("date-time"),
        printed: Some("string · date-time"),
        printed_older: Some("string · date-time"),
        request: RustType::Runtime("DateTime"),
        response: RustType::Runtime("DateTime"),
        lenient_reader: Some("date_time"),
        text: true,
        openapi: openapi("string", Some("date-time")),
    },
    ScalarSpec {
        scalar: Scalar::Uuid,
        word: Some("uuid"),
        printed: Some("string · uuid"),
        printed_older: Some("string · uuid"),
        request: RustType::String,
        response: RustType::String,
        lenient_reader: Some("string"),
        text: true,
        openapi: openapi("string", Some("uuid")),
    },
    ScalarSpec {
        scalar: Scalar::Map,
        word: Some("map"),
        printed: Some("Record<string, any>"),
        printed_older: Some("object"),
        request: RustType::JsonObject,
        // Kept as JSON text until asked for: providers put large payloads in `remote_data`.
        response: RustType::Runtime("RawJson"),
        lenient_reader: None,
        text: false,
        openapi: OpenApiSchema { ty: Some("object"), format: None, any_properties: true },
    },
    ScalarSpec {
        scalar: Scalar::Any,
        word: Some("any"),
        printed: None,
        printed_older: None,
        request: RustType::JsonValue,
        response: RustType::JsonValue,
        lenient_reader: None,
        text: false,
        openapi: OpenApiSchema { ty: None, format: None, any_properties: false },
    },
];

impl Scalar {
    /// Its row of the table.
    pub fn spec(self) -> &'static ScalarSpec {
        &SCALARS[self as usize]
    }

    /// The scalar a schema word names (`date-time`), if it names one.
    pub fn from_word(word: &str) -> Option<Scalar> {
        SCALARS.iter().find(|s| s.word == Some(word)).map(|s| s.scalar)
    }

    /// The scalar the newer layout prints this way (`string · date-time`), if any.
    pub fn from_printed(printed: &str) -> Option<Scalar> {
        SCALARS.iter().find(|s| s.printed == Some(printed)).map(|s| s.scalar)
    }
}

/// The words a field's `type` may be besides a shape name, for help messages:
/// every scalar word and `object`.
pub fn type_words() -> Vec<&'static str> {
    SCALARS.iter().filter_map(|s| s.word).chain([OBJECT_WORD]).collect()
}

/// The schema word of a nested object (its fields follow under `fields`).
pub const OBJECT_WORD: &str = "object";
/// What the schema writes after a type to make it an array of it (`string[]`).
pub const ARRAY_SUFFIX: &str = "[]";
/// How the older layout prints an array of anything but objects.
const OLDER_ARRAY: &str = "array";

/// Which of Truto's two page layouts a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// The name glued to the type (`amountnumber`), `required·`, marks in
    /// `15 supported1 required` blocks, a "Show Truto-specific parameters" separator.
    Newer,
    /// Name, type and `REQUIRED ·` on separate lines, "Integrations supported" and
    /// "Supported in" bullet lists, "All possible enum values:" bullets.
    Older,
}

/// How a page of `layout` prints a field of type `ty`; `None` when it prints no type.
pub fn printed(ty: &Type, layout: Layout) -> Option<String> {
    let older = layout == Layout::Older;
    match ty {
        Type::Scalar(s) if older => s.spec().printed_older.map(str::to_owned),
        Type::Scalar(s) => s.spec().printed.map(str::to_owned),
        Type::Enum(_) => Some("string".to_owned()),
        Type::Object(_) => Some(OBJECT_WORD.to_owned()),
        Type::Array(inner) if older && !matches!(**inner, Type::Object(_)) => Some(OLDER_ARRAY.to_owned()),
        Type::Array(inner) => Some(format!("{}{ARRAY_SUFFIX}", printed(inner, layout)?)),
    }
}

/// What a printed type may stand for in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintedType {
    /// A scalar, or an enum when the page lists values (`string`).
    Scalar(Scalar),
    /// A nested object, its fields following.
    Object,
    /// The older layout's `object`: a nested object when fields follow, otherwise a map.
    ObjectOrMap,
    /// An array of the inner type.
    Array(Box<PrintedType>),
    /// The older layout's `array`: an array whose element type the page does not say.
    ArrayOfUnknown,
}

/// Reads a type as a page of `layout` prints it; `None` when it is no type this table knows.
pub fn parse_printed(printed: &str, layout: Layout) -> Option<PrintedType> {
    if let Some(inner) = printed.strip_suffix(ARRAY_SUFFIX) {
        return Some(PrintedType::Array(Box::new(parse_printed(inner, layout)?)));
    }
    match (printed, layout) {
        (OBJECT_WORD, Layout::Older) => Some(PrintedType::ObjectOrMap),
        (OBJECT_WORD, Layout::Newer) => Some(PrintedType::Object),
        (OLDER_ARRAY, Layout::Older) => Some(PrintedType::ArrayOfUnknown),
        (printed, Layout::Newer) => Scalar::from_printed(printed).map(PrintedType::Scalar),
        (printed, Layout::Older) => SCALARS
            .iter()
            .find(|s| s.printed_older == Some(printed) && s.scalar != Scalar::Map)
            .map(|s| PrintedType::Scalar(s.scalar)),
    }
}

/// Whether `printed` starts with a type either layout prints, for telling a glued
/// `amountnumber` into name and type: the base types every printed type starts with.
pub fn printed_bases() -> Vec<&'static str> {
    let mut bases: Vec<&'static str> = SCALARS.iter().flat_map(|s| [s.printed, s.printed_older]).flatten().collect();
    bases.extend([OBJECT_WORD, OLDER_ARRAY]);
    // Longest first, so that `string · date-time` is not read as `string`.
    bases.sort_by_key(|b| std::cmp::Reverse(b.len()));
    bases.dedup();
    bases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnumType, ObjectType};

    #[test]
    fn the_table_is_in_scalar_order() {
        for (i, spec) in SCALARS.iter().enumerate() {
            assert_eq!(spec.scalar as usize, i, "{:?} is out of order", spec.scalar);
        }
    }

    #[test]
    fn words_and_printed_forms_read_back() {
        for spec in &SCALARS {
            if let Some(word) = spec.word {
                assert_eq!(Scalar::from_word(word), Some(spec.scalar));
            }
            for layout in [Layout::Newer, Layout::Older] {
                let ty = Type::Scalar(spec.scalar);
                match (printed(&ty, layout), spec.scalar) {
                    (None, Scalar::Any) => {}
                    (Some(text), Scalar::Map) if layout == Layout::Older => {
                        assert_eq!(parse_printed(&text, layout), Some(PrintedType::ObjectOrMap))
                    }
                    (Some(text), scalar) => assert_eq!(parse_printed(&text, layout), Some(PrintedType::Scalar(scalar))),
                    (None, scalar) => panic!("{scalar:?} prints nothing"),
                }
            }
        }
        assert_eq!(Scalar::from_word("object"), None);
        assert_eq!(Scalar::from_word("Tag"), None);
    }

    #[test]
    fn composite_types_print_as_the_pages_do() {
        let name = crate::names::type_name("X");
        let object = Type::Object(ObjectType::new(name, None, Vec::new(), false, crate::model::Presence::Lenient));
        let values = EnumType { name: crate::names::type_name("E"), description: None, values: Vec::new() };
        let strings = Type::Array(Box::new(Type::Scalar(Scalar::String)));
        let objects = Type::Array(Box::new(object.clone()));
        assert_eq!(printed(&Type::Enum(values), Layout::Newer).as_deref(), Some("string"));
        assert_eq!(printed(&object, Layout::Older).as_deref(), Some("object"));
        assert_eq!(printed(&strings, Layout::Newer).as_deref(), Some("string[]"));
        assert_eq!(printed(&strings, Layout::Older).as_deref(), Some("array"));
        assert_eq!(printed(&objects, Layout::Older).as_deref(), Some("object[]"));
        assert_eq!(printed(&Type::Scalar(Scalar::Map), Layout::Newer).as_deref(), Some("Record<string, any>"));
        assert_eq!(parse_printed("object[]", Layout::Newer), Some(PrintedType::Array(Box::new(PrintedType::Object))));
        assert_eq!(parse_printed("array", Layout::Older), Some(PrintedType::ArrayOfUnknown));
        assert_eq!(parse_printed("array", Layout::Newer), None);
        assert_eq!(parse_printed("strange", Layout::Newer), None);
    }

    #[test]
    fn bases_put_longer_prints_first() {
        let bases = printed_bases();
        let date = bases.iter().position(|b| *b == "string · date-time").unwrap();
        let string = bases.iter().position(|b| *b == "string").unwrap();
        assert!(date < string);
        assert!(bases.contains(&"Record<string, any>") && bases.contains(&"array"));
    }
}
