//! Fields, their types, enums and per-integration marks; shapes and models are lists of
//! fields.

use super::*;

impl Checker<'_> {
    /// The shared shapes, into `self.shapes`.
    pub(super) fn resolve_shapes(&mut self, sections: &Sections<'_>, pending: &mut Vec<PendingReference>) {
        let mut shapes_sorted = sections.shapes.clone();
        self.shape_names = shapes_sorted.iter().map(|(name, _)| name.to_string()).collect();
        shapes_sorted.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        // Shapes may not use other shapes, so one pass resolves them all.
        for (i, (name, shape)) in shapes_sorted.iter().enumerate() {
            if let Some((first, _)) = shapes_sorted[..i].iter().find(|(n, _)| n.as_str() == name.as_str()) {
                let message =
                    format!("the shape `{}` is defined twice (first at {})", name.as_str(), self.place(first));
                self.problem(
                    name,
                    &format!("shapes.{}", name.as_str()),
                    message,
                    Some("define each shape once: remove one definition, or rename one".to_owned()),
                );
                continue;
            }
            let type_name = self.given_type_name(name, &format!("shapes.{}", name.as_str()), "the shape name");
            let scope = FieldScope {
                context: FieldContext::Shape,
                parent_type: Some(type_name.clone()),
                yaml_path: format!("shapes.{}.fields", name.as_str()),
                api: None,
                module: "shapes".to_owned(),
                keeps_other_fields: false,
            };
            self.record_type(&type_name, "shapes", name, &format!("shapes.{}", name.as_str()));
            let fields = self.resolve_fields(&shape.fields, &scope, pending);
            self.shapes.insert(
                name.to_string(),
                ObjectType::new(type_name, shape.description.clone(), fields, true, Presence::Lenient),
            );
        }
    }

    /// A type name the schema gives (a shape, a model, a `type_name`): taken as written, and a
    /// problem when it is not the PascalCase name the rule would give.
    fn given_type_name(&mut self, name: &Name, yaml_path: &str, what: &str) -> TypeName {
        match names::given_type_name(name) {
            Ok(name) => name,
            Err(ruled) => {
                self.problem(
                    name,
                    yaml_path,
                    format!("{what} `{}` is not PascalCase", name.as_str()),
                    Some(format!("call it `{ruled}`")),
                );
                ruled
            }
        }
    }

    pub(super) fn resolve_resource(
        &mut self,
        api: &RawApi,
        raw: &RawResource,
        pending: &mut Vec<PendingReference>,
    ) -> Resource {
        let model_name = self.given_type_name(&raw.model, "resource.model", "the model name");
        self.record_type(&model_name, raw.name.as_str(), &raw.model, "resource.model");
        let client_type = names::client_type_name(&raw.name);
        self.record_type(&client_type, raw.name.as_str(), &raw.name, "resource.name");
        let scope = FieldScope {
            context: FieldContext::Model,
            parent_type: Some(model_name.clone()),
            yaml_path: "resource.fields".into(),
            api: Some(api),
            module: raw.name.to_string(),
            keeps_other_fields: raw.known_in_part.is_some(),
        };
        let fields = self.resolve_fields(&raw.fields, &scope, pending);
        let module = names::field_name(&raw.name);
        let known_in_part =
            raw.known_in_part.as_ref().and_then(|text| self.known_in_part_text(text, "resource.known_in_part"));
        let model = ObjectType::new(model_name, raw.description.clone(), fields, false, Presence::Lenient)
            .with_known_in_part(known_in_part);
        Resource {
            name: raw.name.to_string(),
            feature: module.bare().to_owned(),
            module,
            model,
            endpoints: Vec::new(),
            client_type,
            defined_types: BTreeSet::new(),
            enum_aliases: Vec::new(),
        }
    }
    /// The text of a `known_in_part` (or `body_known_in_part`), which must say where the docs
    /// stopped.
    pub(super) fn known_in_part_text(&mut self, text: &Name, yaml_path: &str) -> Option<String> {
        if text.trim().is_empty() {
            self.problem(
                text,
                yaml_path,
                "an empty `known_in_part`",
                Some("say where the docs stopped, e.g. \"The object page was read up to `urls.type`.\"".to_owned()),
            );
            return None;
        }
        Some(text.to_string())
    }

    pub(super) fn resolve_fields(
        &mut self,
        raw: &NamedMap<RawField>,
        scope: &FieldScope<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Vec<Field> {
        let entries = sorted(raw);
        let fields: Vec<Field> =
            entries.iter().map(|(wire, field)| self.resolve_field(wire, field, scope, pending)).collect();
        // Two wire names that become one Rust field name (`foo-bar`, `foo_bar`).
        let mut by_rust: BTreeMap<&str, Vec<&Name>> = BTreeMap::new();
        for ((wire, _), field) in entries.iter().zip(&fields) {
            by_rust.entry(field.rust.bare()).or_default().push(wire);
        }
        for (rust, mut wires) in by_rust {
            if wires.len() < 2 {
                continue;
            }
            wires.sort_by_key(|w| position(w));
            let first = wires[0];
            for wire in &wires[1..] {
                let message = format!(
                    "the fields `{}` (at {}) and `{}` both become the Rust field `{rust}`",
                    first.as_str(),
                    self.place(first),
                    wire.as_str()
                );
                let help = format!("give one of them a distinct `rust_name`, e.g. `rust_name: {rust}_2`");
                self.problem(wire, &format!("{}.{}", scope.yaml_path, wire.as_str()), message, Some(help));
            }
        }
        if scope.keeps_other_fields {
            self.check_other_fields(&entries, &fields, scope);
        }
        fields
    }

    /// In a struct known only in part, no field may become the member that keeps the fields
    /// the docs do not name.
    fn check_other_fields(&mut self, entries: &[(&Name, &RawField)], fields: &[Field], scope: &FieldScope<'_>) {
        for ((wire, _), field) in entries.iter().zip(fields) {
            if field.rust.bare() == names::OTHER_FIELDS {
                let message = format!(
                    "the field `{}` becomes the Rust field `{}`, which in a struct known only in part keeps the \
                     fields the docs do not name",
                    wire.as_str(),
                    names::OTHER_FIELDS
                );
                let help = format!("give it another `rust_name`, e.g. `rust_name: {}_2`", names::OTHER_FIELDS);
                self.problem(wire, &format!("{}.{}", scope.yaml_path, wire.as_str()), message, Some(help));
            }
        }
    }
    pub(super) fn resolve_field(
        &mut self,
        wire: &Name,
        raw: &RawField,
        scope: &FieldScope<'_>,
        pending: &mut Vec<PendingReference>,
    ) -> Field {
        let path = format!("{}.{}", scope.yaml_path, wire.as_str());
        if scope.context != FieldContext::SharedQuery {
            self.shared_only_keys(wire, raw, &path);
        }
        let ty = self.resolve_type(wire, raw, scope, &path, pending);
        let references = raw.references.as_ref().and_then(|r| self.resolve_reference(r, scope, &path, pending));
        let support = match &raw.support {
            Some(support) if scope.context.allows_support() => {
                self.resolve_support(support, &ty, &format!("{path}.support"))
            }
            Some(_) => {
                let help = if scope.context == FieldContext::Model {
                    "a model is shared by every endpoint: put response marks in the endpoint's `response.support`, keyed by the field's dotted path"
                } else {
                    "support marks belong to endpoint body fields and query parameters"
                };
                self.problem(wire, &path, "support marks are not allowed here", Some(help.to_owned()));
                Support::default()
            }
            None => Support::default(),
        };
        self.check_value_docs(raw, &ty, &path);
        let rust = match &raw.rust_name {
            Some(name) => self.given_field_name(name, &path),
            None => names::field_name(wire),
        };
        Field {
            wire: wire.to_string(),
            rust,
            ty,
            schema_type: raw.ty.as_ref().map(|t| t.to_string()),
            required: raw.required,
            description: raw.description.clone(),
            example: raw.example.clone(),
            default: raw.default.clone(),
            references,
            condition: raw.condition.clone(),
            values_in: None,
            support,
        }
    }

    /// `operations` and `response_format` where only Truto's shared query parameters have them.
    fn shared_only_keys(&mut self, wire: &Name, raw: &RawField, path: &str) {
        if let Some(op) = raw.operations.as_ref().and_then(|o| o.first()) {
            let message = "`operations` is only for Truto's shared query parameters";
            self.problem(op, path, message, Some("remove it".to_owned()));
        }
        if raw.response_format {
            let message = "`response_format` is only for Truto's shared query parameters";
            self.problem(wire, path, message, Some("remove it".to_owned()));
        }
    }

    /// `references: accounts.id`, checked once every resource is known.
    fn resolve_reference(
        &mut self,
        written: &Name,
        scope: &FieldScope<'_>,
        path: &str,
        pending: &mut Vec<PendingReference>,
    ) -> Option<Reference> {
        let Some((resource, field)) = written.split_once('.') else {
            self.problem(
                written,
                &format!("{path}.references"),
                format!("the reference `{}` is not `<resource>.<field>`", written.as_str()),
                Some("write it like `accounts.id`".to_owned()),
            );
            return None;
        };
        let reference = Reference { resource: resource.to_owned(), field: field.to_owned() };
        pending.push(PendingReference {
            at: written.clone(),
            yaml_path: format!("{path}.references"),
            apis: scope.api.map(|a| vec![a.name.to_string()]).unwrap_or_default(),
            reference: reference.clone(),
        });
        Some(reference)
    }

    /// Every value `value_docs` documents is one of the field's enum values.
    fn check_value_docs(&mut self, raw: &RawField, ty: &Type, path: &str) {
        for (value, _) in sorted(&raw.value_docs) {
            let known = enum_values(ty).is_some_and(|values| values.iter().any(|v| v.wire == value.as_str()));
            if known {
                continue;
            }
            let values: Vec<&str> = enum_values(ty).into_iter().flatten().map(|v| v.wire.as_str()).collect();
            let help = match did_you_mean(value, values.iter().copied()) {
                Some(guess) => guess,
                None if values.is_empty() => {
                    "`value_docs` documents the values of `enum`: add the `enum`, or remove `value_docs`".to_owned()
                }
                None => format!("document one of the values of `enum`: {}", values.join(", ")),
            };
            let message =
                format!("`value_docs` documents `{}`, which is not one of this field's enum values", value.as_str());
            self.problem(value, &format!("{path}.value_docs.{}", value.as_str()), message, Some(help));
        }
    }

    /// A Rust field name the schema gives (`rust_name`): a problem when it is not snake_case.
    fn given_field_name(&mut self, name: &Name, path: &str) -> ValueName {
        let (rust, as_written) = names::given_field_name(name);
        if !as_written {
            self.problem(
                name,
                path,
                format!("`{}` is not a snake_case Rust field name", name.as_str()),
                Some(format!("write `{}`", rust.bare())),
            );
        }
        rust
    }

    pub(super) fn resolve_type(
        &mut self,
        wire: &Name,
        raw: &RawField,
        scope: &FieldScope<'_>,
        path: &str,
        pending: &mut Vec<PendingReference>,
    ) -> Type {
        let written = raw.ty.as_ref().map(|t| t.as_str()).unwrap_or("");
        let mut base = written;
        let mut depth = 0;
        while let Some(inner) = base.strip_suffix(types::ARRAY_SUFFIX) {
            base = inner;
            depth += 1;
        }
        let given = raw.type_name.as_ref().map(|n| self.given_type_name(n, path, "the type name"));
        let nested_name = || match (&given, &scope.parent_type) {
            (Some(given), _) => given.clone(),
            (None, Some(parent)) => names::nested_type_name(parent, wire),
            (None, None) => names::type_name(wire),
        };
        let name_site = raw.type_name.as_ref().unwrap_or(wire);
        self.check_type_keys(wire, raw, base, path);
        let element = match (base, Scalar::from_word(base)) {
            _ if raw.enum_values.is_some() => {
                let name = nested_name();
                self.record_type(&name, &scope.module, name_site, path);
                Type::Enum(self.resolve_enum(wire, raw, name, path))
            }
            ("", _) => Type::Scalar(Scalar::Any),
            (_, Some(scalar)) => Type::Scalar(scalar),
            (types::OBJECT_WORD, _) => {
                let name = nested_name();
                self.record_type(&name, &scope.module, name_site, path);
                Type::Object(self.resolve_object(wire, raw, (name, depth > 0), scope, path, pending))
            }
            _ if base.trim().is_empty() => Type::Scalar(Scalar::Any),
            (shape, None) => self.resolve_shape(wire, raw, shape, scope, path),
        };
        (0..depth).fold(element, |inner, _| Type::Array(Box::new(inner)))
    }

    /// `type`, `fields`, `known_in_part` and `enum` agree: a type is given in full, only
    /// objects have fields or are known in part, only strings have values.
    fn check_type_keys(&mut self, wire: &Name, raw: &RawField, base: &str, path: &str) {
        let written = raw.ty.as_ref().map(|t| t.as_str()).unwrap_or("");
        let at = raw.ty.as_ref().unwrap_or(wire);
        if written.trim().is_empty() && raw.ty.is_some() {
            let help = format!(
                "write one of {} or a shape name, or leave `type` out when the docs give none",
                types::type_words().join(", ")
            );
            self.problem(at, path, "the `type` is empty", Some(help));
        } else if base.trim().is_empty() && raw.ty.is_some() {
            let help = "write the element type before `[]`, e.g. `string[]`";
            self.problem(at, path, format!("the type `{written}` has no element type"), Some(help.to_owned()));
        }
        if raw.fields.is_some() && base != types::OBJECT_WORD {
            let help = "nested fields need `type: object` or `type: object[]`";
            self.problem(at, path, format!("`fields` given for a field of type `{written}`"), Some(help.to_owned()));
        }
        if let Some(text) = raw.known_in_part.as_ref().filter(|_| base != types::OBJECT_WORD) {
            self.problem(
                text,
                &format!("{path}.known_in_part"),
                format!("`known_in_part` on a field of type `{written}`"),
                Some(
                    "`known_in_part` says that the docs cut an object's fields: it belongs on a `type: object` or \
                     `type: object[]` field whose fields are written out (a shape is whole)"
                        .to_owned(),
                ),
            );
        }
        if raw.enum_values.is_some() && !matches!(Scalar::from_word(base), Some(Scalar::String)) && !base.is_empty() {
            let help = "enums are lists of strings: use `type: string` or leave the type out";
            self.problem(at, path, format!("`enum` given for a field of type `{written}`"), Some(help.to_owned()));
        }
    }

    /// A nested object named `name`, its fields resolved below it (none when `known_in_part`
    /// says the docs showed none).
    fn resolve_object(
        &mut self,
        wire: &Name,
        raw: &RawField,
        (name, in_array): (TypeName, bool),
        scope: &FieldScope<'_>,
        path: &str,
        pending: &mut Vec<PendingReference>,
    ) -> ObjectType {
        let child_scope = FieldScope {
            parent_type: Some(name.clone()),
            yaml_path: format!("{path}.fields"),
            keeps_other_fields: raw.known_in_part.is_some(),
            ..scope.clone()
        };
        let fields = match &raw.fields {
            Some(fields) => self.resolve_fields(fields, &child_scope, pending),
            // The docs named the object but showed none of its fields.
            None if raw.known_in_part.is_some() => Vec::new(),
            None => {
                let help = "list its fields; use `type: map` for Record<string, any>, or say with `known_in_part` \
                            why the docs show none";
                self.problem(wire, path, "an object field without `fields`", Some(help.to_owned()));
                Vec::new()
            }
        };
        let known_in_part =
            raw.known_in_part.as_ref().and_then(|text| self.known_in_part_text(text, &format!("{path}.known_in_part")));
        // Without the docs' words, the struct says where it is (never just its own name).
        let description = raw.description.clone().or_else(|| {
            let parent = scope.parent_type.as_ref()?;
            Some(match in_array {
                true => format!("One of the `{}` of a `{parent}`.", wire.as_str()),
                false => format!("The `{}` of a `{parent}`.", wire.as_str()),
            })
        });
        ObjectType::new(name, description, fields, false, scope.context.nested_presence())
            .with_known_in_part(known_in_part)
    }

    /// The shape a type names (outside shapes: shapes do not use other shapes).
    fn resolve_shape(&mut self, wire: &Name, raw: &RawField, shape: &str, scope: &FieldScope<'_>, path: &str) -> Type {
        let at = raw.ty.as_ref().unwrap_or(wire);
        if scope.module == "shapes" && self.shape_names.contains(shape) {
            let message = format!("the shape field uses the shape `{shape}`: shapes cannot use other shapes");
            let help = "write the fields out with `type: object` and `fields`";
            self.problem(at, path, message, Some(help.to_owned()));
            return Type::Scalar(Scalar::Any);
        }
        match self.shapes.get(shape) {
            Some(object) => Type::Object(object.clone()),
            None if self.failed(TopLevel::Shapes) => Type::Scalar(Scalar::Any),
            None => {
                let candidates: Vec<&str> =
                    types::type_words().into_iter().chain(self.shapes.keys().map(String::as_str)).collect();
                let help = did_you_mean(shape, candidates.iter().copied())
                    .unwrap_or_else(|| format!("use one of {} or a shape name", types::type_words().join(", ")));
                self.problem(at, path, format!("unknown type `{shape}`"), Some(help));
                Type::Scalar(Scalar::Any)
            }
        }
    }

    pub(super) fn resolve_enum(&mut self, wire: &Name, raw: &RawField, name: TypeName, path: &str) -> EnumType {
        let mut values: Vec<EnumValue> = Vec::new();
        for value in raw.enum_values.iter().flatten() {
            if values.iter().any(|v| v.wire == value.as_str()) {
                self.problem(
                    value,
                    &format!("{path}.enum"),
                    format!("the value `{}` is listed twice", value.as_str()),
                    Some("list each value once".to_owned()),
                );
                continue;
            }
            // Providers dictate values, so values that differ only in case or punctuation
            // (`Open`, `open`) are all kept: later ones get a number.
            let base = names::variant_name(value);
            let mut variant = base.clone();
            let mut n = 2;
            while values.iter().any(|v| v.variant == variant) {
                variant = names::numbered(&base, n);
                n += 1;
            }
            values.push(EnumValue {
                wire: value.to_string(),
                variant,
                doc: raw.value_docs.get(value.as_str()).cloned(),
            });
        }
        if values.is_empty() {
            self.problem(wire, path, "an enum without values", Some("list the values, or remove `enum`".to_owned()));
        }
        EnumType { name, description: raw.description.clone(), values }
    }
    pub(super) fn resolve_support(&mut self, raw: &RawSupport, ty: &Type, path: &str) -> Support {
        let mut support = Support::default();
        for (list, mark, key) in
            [(&raw.required, Mark::Required, "required"), (&raw.supported, Mark::Supported, "supported")]
        {
            let list_path = format!("{path}.{key}");
            for slug in list {
                if !self.known_integration(slug, &list_path) {
                    continue;
                }
                if support.marks.insert(slug.to_string(), mark).is_some() {
                    let help =
                        "an integration is either required or supported, and listed once: `required` implies supported";
                    self.problem(
                        slug,
                        &list_path,
                        format!("`{}` is marked twice", slug.as_str()),
                        Some(help.to_owned()),
                    );
                }
            }
        }
        let values = enum_values(ty);
        for (slug, subset) in sorted(&raw.values) {
            let values_path = format!("{path}.values.{}", slug.as_str());
            if !self.known_integration(slug, &values_path) {
                continue;
            }
            if !support.marks.contains_key(slug.as_str()) {
                self.problem(
                    slug,
                    &values_path,
                    format!("`{}` has a value subset but is not marked", slug.as_str()),
                    Some(format!("add `{}` to `supported` or `required`", slug.as_str())),
                );
            }
            let Some(values) = values else {
                self.problem(
                    slug,
                    &values_path,
                    "value subsets need an enum field",
                    Some("add `enum` to the field or remove `values`".to_owned()),
                );
                continue;
            };
            let mut resolved = Vec::new();
            for value in subset {
                if values.iter().any(|v| v.wire == value.as_str()) {
                    resolved.push(value.to_string());
                } else {
                    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    let help = did_you_mean(value, wires.iter().copied()).unwrap_or_else(|| {
                        format!("name values of the field's `enum`, or add `{}` to it", value.as_str())
                    });
                    let message =
                        format!("`{}` is not one of the field's enum values ({})", value.as_str(), wires.join(", "));
                    self.problem(value, &values_path, message, Some(help));
                }
            }
            support.values.insert(slug.to_string(), resolved);
        }
        for (slug, note) in sorted(&raw.notes) {
            let notes_path = format!("{path}.notes.{}", slug.as_str());
            if !self.known_integration(slug, &notes_path) {
                continue;
            }
            if !support.marks.contains_key(slug.as_str()) {
                self.problem(
                    slug,
                    &notes_path,
                    format!("`{}` has a note but is not marked", slug.as_str()),
                    Some(format!("add `{}` to `supported` or `required`", slug.as_str())),
                );
            }
            support.notes.insert(slug.to_string(), note.clone());
        }
        support
    }
}

fn enum_values(ty: &Type) -> Option<&[EnumValue]> {
    ty.enumeration().map(|e| e.values.as_slice())
}
