//! Rust names that would collide within a module, found before any code is emitted.

use super::*;

impl Checker<'_> {
    /// Rust type names that would collide in one module (fields of one struct are checked as
    /// they are resolved). Found here, before any code is emitted. Each resource learns the
    /// names its module defines.
    pub(super) fn check_names(&mut self, schema: &mut Schema) {
        let mut shape_types = BTreeMap::new();
        for shape in &schema.shapes {
            self.collect_types(&Type::Object(shape.clone()), &mut shape_types, "shapes");
        }
        schema.shape_types = shape_types.into_keys().collect();
        let mut root_types = BTreeMap::new();
        for param in schema.query_groups.iter().flat_map(|g| &g.params) {
            self.collect_types(&param.field.ty, &mut root_types, "");
        }
        if let Some(format) = &schema.response_format {
            self.collect_types(&format.field.ty, &mut root_types, "");
        }
        let generated = schema.query_groups.iter().flat_map(|g| [g.name.to_string(), g.params_trait.to_string()]);
        schema.root_types = root_types.into_keys().chain(generated).chain(["Integration".to_owned()]).collect();
        for name in schema.root_types.iter().filter(|n| vocabulary::ROOT_NAMES.contains(&n.as_str())) {
            let message = format!(
                "the type `{name}` would hide the runtime's `{name}`, which the generated crate re-exports at its root"
            );
            self.type_problem("", name, message, "give it another `type_name` (PascalCase)");
        }
        for api in &mut schema.apis {
            for resource in &mut api.resources {
                let module = resource.name.clone();
                let mut types = BTreeMap::new();
                self.collect_types(&Type::Object(resource.model.clone()), &mut types, &module);
                let mut generated = vec![resource.client_type.clone()];
                generated.extend(resource.enum_aliases.iter().map(|a| a.name.clone()));
                for endpoint in &resource.endpoints {
                    generated.push(endpoint.request.clone());
                    if endpoint.query.has_own_struct() {
                        generated.push(endpoint.query.name.clone());
                    }
                    generated.extend(endpoint.query.params_trait.clone());
                    for param in &endpoint.query.own {
                        self.collect_types(&param.field.ty, &mut types, &module);
                    }
                    if let Some(body) = &endpoint.body {
                        self.collect_types(&Type::Object(body.object.clone()), &mut types, &module);
                    }
                }
                for name in generated {
                    let object =
                        ObjectType { name, description: None, fields: Vec::new(), shape: false, known_in_part: None };
                    self.collect_types(&Type::Object(object), &mut types, &module);
                }
                resource.defined_types = types.into_keys().collect();
            }
        }
    }
    /// Collects the types one module defines; shapes live in their own module.
    pub(super) fn collect_types(&mut self, ty: &Type, seen: &mut BTreeMap<String, Type>, module: &str) {
        let in_shapes = module == "shapes";
        let (name, described) = match ty {
            Type::Array(inner) => return self.collect_types(inner, seen, module),
            Type::Object(o) if o.shape && !in_shapes => return,
            Type::Object(o) => (o.name.to_string(), ty.clone()),
            Type::Enum(e) => (e.name.to_string(), ty.clone()),
            _ => return,
        };
        match seen.get(&name) {
            Some(existing) if *existing != described => {
                self.type_name_problem(module, &name);
                return;
            }
            Some(_) => return,
            None => {
                seen.insert(name.clone(), described);
            }
        }
        match ty {
            Type::Object(o) => {
                for field in &o.fields {
                    self.collect_types(&field.ty, seen, module);
                }
            }
            Type::Enum(e) => {
                // Variants are numbered apart as they are resolved; this is a safety net.
                let mut variants = BTreeSet::new();
                if let Some(value) = e.values.iter().find(|v| !variants.insert(v.variant.as_str())) {
                    let message = format!(
                        "two values of the enum `{name}` become the Rust variant `{}` (one is `{}`)",
                        value.variant, value.wire
                    );
                    self.type_problem(
                        module,
                        &name,
                        message,
                        "this is a bug in truto-codegen; please report it with the schema",
                    );
                }
            }
            _ => {}
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
