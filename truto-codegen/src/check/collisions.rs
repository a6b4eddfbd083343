//! Rust names that would collide within a module, found before any code is emitted.

use super::*;
use crate::model::visit::{self, Visit, walk_object};

impl Checker<'_> {
    /// Rust type names that would collide in one module (fields of one struct are checked as
    /// they are resolved). Found here, before any code is emitted. Each resource learns the
    /// names its module defines.
    pub(super) fn check_names(&mut self, schema: &mut Schema) {
        let mut shapes = TypeNames::new(self, "shapes");
        for shape in &schema.shapes {
            shapes.visit_object(shape, visit::Site::Model);
        }
        schema.shape_types = shapes.names();
        let mut root = TypeNames::new(self, "");
        for param in schema.query_groups.iter().flat_map(|g| &g.params) {
            root.visit_type(&param.field.ty, visit::Site::Query);
        }
        if let Some(format) = &schema.response_format {
            root.visit_type(&format.field.ty, visit::Site::Query);
        }
        let generated = schema.query_groups.iter().flat_map(|g| [&g.name, &g.params_trait]);
        root.generated(generated.chain([&names::type_name("Integration")]));
        schema.root_types = root.names();
        for name in schema.root_types.iter().filter(|n| vocabulary::ROOT_NAMES.contains(&n.as_str())) {
            let message = format!(
                "the type `{name}` would hide the runtime's `{name}`, which the generated crate re-exports at its root"
            );
            self.type_problem("", name, message, "give it another `type_name` (PascalCase)");
        }
        for resource in schema.apis.iter_mut().flat_map(|a| &mut a.resources) {
            let mut types = TypeNames::new(self, &resource.name);
            resource.visit(&mut types);
            let mut generated = vec![&resource.client_type];
            generated.extend(resource.enum_aliases.iter().map(|a| &a.name));
            for endpoint in &resource.endpoints {
                generated.push(&endpoint.request);
                if endpoint.query.has_own_struct() {
                    generated.push(&endpoint.query.name);
                }
                generated.extend(&endpoint.query.params_trait);
            }
            types.generated(generated);
            resource.defined_types = types.names();
            let param = names::BODY_PARAM;
            if resource.endpoints.iter().any(|e| matches!(e.body, RequestBody::Undocumented(_)))
                && resource.defined_types.contains(param)
            {
                let message = format!(
                    "the type `{param}` would be hidden by the type parameter `{param}` of the requests whose body the \
                     docs do not describe"
                );
                self.type_problem(&resource.name, param, message, "give it another `type_name` (PascalCase)");
            }
        }
    }

    /// Two different types of one module share the Rust name `name`.
    pub(super) fn type_name_problem(&mut self, module: &str, name: &str) {
        let mut sites: Vec<Site> =
            self.type_sites.get(name).into_iter().flatten().filter(|s| s.module == module).cloned().collect();
        sites.sort_by_key(|s| position(&s.at));
        let message = match sites.first() {
            Some(first) if sites.len() > 1 => format!(
                "two different types are both named `{name}` in Rust (the other is defined at {}, `{}`)",
                self.place(&first.at),
                first.yaml_path
            ),
            _ => format!("two different types are both named `{name}` in Rust"),
        };
        self.type_problem(
            module,
            name,
            message,
            "give one of them a distinct `type_name` (PascalCase), or rename the field it is named after",
        );
    }
    /// A problem with the Rust type `name`, placed at the last place that defines it.
    pub(super) fn type_problem(&mut self, module: &str, name: &str, message: String, help: &str) {
        let mut sites: Vec<Site> =
            self.type_sites.get(name).into_iter().flatten().filter(|s| s.module == module).cloned().collect();
        sites.sort_by_key(|s| position(&s.at));
        match sites.last() {
            Some(site) => self.problem(&site.at, &site.yaml_path, message, Some(help.to_owned())),
            None => {
                self.problems.push(Diagnostic::for_file(self.paths.first().cloned().unwrap_or_default(), message, help))
            }
        }
    }
}

/// The type names one module defines, each with what it names (`None`: a name the generator
/// gives an item of its own, such as a request or a setter trait), reporting two different
/// things of one name.
struct TypeNames<'c, 'a> {
    checker: &'c mut Checker<'a>,
    module: String,
    seen: BTreeMap<String, Option<Type>>,
}

impl<'c, 'a> TypeNames<'c, 'a> {
    fn new(checker: &'c mut Checker<'a>, module: &str) -> Self {
        TypeNames { checker, module: module.to_owned(), seen: BTreeMap::new() }
    }

    /// Records `name` for `defined`: whether it is new (a name seen for something else is a
    /// problem, and not new).
    fn define(&mut self, name: &TypeName, defined: Option<Type>) -> bool {
        match self.seen.get(name.as_str()) {
            Some(existing) if *existing != defined => {
                self.checker.type_name_problem(&self.module, name.as_str());
                false
            }
            Some(_) => false,
            None => {
                self.seen.insert(name.to_string(), defined);
                true
            }
        }
    }

    /// Records the names the generator gives items of its own.
    fn generated<'n>(&mut self, names: impl IntoIterator<Item = &'n TypeName>) {
        for name in names {
            self.define(name, None);
        }
    }

    fn names(self) -> BTreeSet<String> {
        self.seen.into_keys().collect()
    }
}

impl Visit for TypeNames<'_, '_> {
    /// The resource's own types only: a response model is a resource's model, defined there.
    fn visit_response(&mut self, _response: &Response) {}

    fn visit_object(&mut self, object: &ObjectType, site: visit::Site) {
        if self.define(&object.name, Some(Type::Object(object.clone()))) {
            walk_object(self, object, site);
        }
    }

    fn visit_enum(&mut self, enumeration: &EnumType, _site: visit::Site) {
        if !self.define(&enumeration.name, Some(Type::Enum(enumeration.clone()))) {
            return;
        }
        // Variants are numbered apart as they are resolved; this is a safety net.
        let mut variants = BTreeSet::new();
        if let Some(value) = enumeration.values.iter().find(|v| !variants.insert(v.variant.as_str())) {
            let name = &enumeration.name;
            let message = format!(
                "two values of the enum `{name}` become the Rust variant `{}` (one is `{}`)",
                value.variant, value.wire
            );
            let help = "this is a bug in truto-codegen; please report it with the schema";
            self.checker.type_problem(&self.module, name.as_str(), message, help);
        }
    }
}
