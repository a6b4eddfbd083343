//! Truto's shared parameters: the path parameters endpoints name, the query parameters every
//! endpoint (or every endpoint of some operations) takes, grouped by those operations, and
//! `truto_response_format`.

use super::*;

impl Checker<'_> {
    /// Resolves the `parameters` section.
    pub(super) fn resolve_parameters(&mut self, raw: &RawParameters, pending: &mut Vec<PendingReference>) -> Shared {
        let path_scope = FieldScope {
            context: FieldContext::SharedPath,
            parent_type: None,
            yaml_path: "parameters.path".into(),
            api: None,
            module: String::new(),
            keeps_other_fields: false,
        };
        let path_params =
            self.resolve_fields(&raw.path, &path_scope, pending).into_iter().map(|f| (f.wire.clone(), f)).collect();
        let query = self.resolve_shared_query(&raw.query, pending);
        self.check_shared_setters(&query.params, &raw.query);
        Shared {
            groups: group_by_operations(query.params),
            response_format: query.response_format,
            runtime_params: query.runtime_params,
            path_params,
        }
    }

    /// Each shared query parameter with the operations that take it; the response-format
    /// parameter and those the runtime sets apart.
    fn resolve_shared_query(&mut self, raw: &NamedMap<RawField>, pending: &mut Vec<PendingReference>) -> SharedQuery {
        let scope = FieldScope {
            context: FieldContext::SharedQuery,
            parent_type: None,
            yaml_path: "parameters.query".into(),
            api: None,
            module: String::new(),
            keeps_other_fields: false,
        };
        let mut query = SharedQuery::default();
        for (wire, field) in sorted(raw) {
            let path = format!("parameters.query.{}", wire.as_str());
            let operations = self.operations(field, &path);
            let mut resolved = self.resolve_field(wire, field, &scope, pending);
            let is_format = wire.as_str() == vocabulary::RESPONSE_FORMAT_PARAM;
            if field.response_format != is_format {
                // Reported once; the parameter is still read as what its name says.
                self.misplaced_format_flag(wire, &path, is_format);
            }
            if is_format {
                let formats = self.resolve_formats(wire, field, &mut resolved.ty, &path);
                query.response_format = Some(ResponseFormatParam { field: resolved, formats });
            } else if field.response_format {
                continue;
            } else if self.runtime_params.contains(&wire.as_str()) {
                query.runtime_params.push(RuntimeParam { field: resolved, operations });
            } else {
                query.params.push((operations, param(resolved)));
            }
        }
        query
    }

    /// The operations a shared parameter's `operations` names, sorted.
    fn operations(&mut self, field: &RawField, path: &str) -> Vec<OperationKind> {
        let mut operations = Vec::new();
        for op in field.operations.iter().flatten() {
            match OperationKind::from_word(op) {
                Some(kind) => operations.push(kind),
                None => {
                    let words = operation_words();
                    let help = did_you_mean(op, words.iter().copied())
                        .unwrap_or_else(|| format!("use some of {}", words.join(", ")));
                    self.problem(
                        op,
                        &format!("{path}.operations"),
                        format!("unknown operation `{}`", op.as_str()),
                        Some(help),
                    );
                }
            }
        }
        operations.sort();
        operations.dedup();
        operations
    }

    /// `response_format: true` on another parameter than the runtime's, or missing on it.
    fn misplaced_format_flag(&mut self, wire: &Name, path: &str, is_format: bool) {
        let format = vocabulary::RESPONSE_FORMAT_PARAM;
        if is_format {
            let message =
                format!("`{format}` selects the response format, which the runtime sets from a call's format");
            self.problem(
                wire,
                path,
                message,
                Some("add `response_format: true` and list the formats in `enum`".to_owned()),
            );
        } else {
            let message = format!(
                "`{}` says `response_format: true`, but the runtime sends the response format as `{format}`",
                wire.as_str()
            );
            self.problem(
                wire,
                path,
                message,
                Some(format!("only `{format}` selects the format: remove `response_format: true`")),
            );
        }
    }

    /// The formats the response-format parameter lists (its enum type named `ResponseFormat`).
    fn resolve_formats(&mut self, wire: &Name, field: &RawField, ty: &mut Type, path: &str) -> Vec<ResponseFormat> {
        if field.enum_values.is_none() {
            self.problem(
                wire,
                path,
                "the response-format parameter has no `enum` of formats",
                Some("list the formats: enum: [unified, raw, ...]".to_owned()),
            );
        }
        let mut formats = Vec::new();
        let Type::Enum(e) = ty else { return formats };
        e.name = names::type_name("response format");
        for value in &e.values {
            match ResponseFormat::from_word(&value.wire) {
                Some(format) => formats.push(format),
                None => {
                    let at = field.enum_values.iter().flatten().find(|v| v.as_str() == value.wire);
                    let words: Vec<&str> = ResponseFormat::all().map(|f| f.word()).collect();
                    let help = did_you_mean(&value.wire, words.iter().copied())
                        .unwrap_or_else(|| format!("the formats Truto has are {}", words.join(", ")));
                    self.problem(
                        at.unwrap_or(wire),
                        &format!("{path}.enum"),
                        format!("the runtime knows no response format `{}`", value.wire),
                        Some(help),
                    );
                }
            }
        }
        formats
    }

    /// The shared parameters' setters, as an endpoint's own are checked: none takes a name
    /// every request or call already has, and no two that one endpoint takes share one.
    fn check_shared_setters(&mut self, params: &[(Vec<OperationKind>, Param)], raw: &NamedMap<RawField>) {
        for (i, (operations, param)) in params.iter().enumerate() {
            let Some(at) = raw.keys().find(|k| k.as_str() == param.field.wire) else { continue };
            let yaml_path = format!("parameters.query.{}", param.field.wire);
            let help = Some(setters::rename_help(&param.field.rust));
            if let Some(owner) = setters::taken_by(param.setter.bare()) {
                let message = format!(
                    "Truto's shared parameter `{}` would get the setter `{}`, {owner}",
                    param.field.wire, param.setter
                );
                self.problem(at, &yaml_path, message, help);
            } else if let Some((_, first)) =
                params[..i].iter().find(|(ops, p)| p.setter == param.setter && overlap(ops, operations))
            {
                let message = format!(
                    "Truto's shared parameters `{}` and `{}` both get the setter `{}`",
                    first.field.wire, param.field.wire, param.setter
                );
                self.problem(at, &yaml_path, message, help);
            }
        }
    }
}

/// Truto's shared query parameters, sorted out.
#[derive(Default)]
struct SharedQuery {
    /// Those with setters, each with the operations that take it.
    params: Vec<(Vec<OperationKind>, Param)>,
    /// `truto_response_format`.
    response_format: Option<ResponseFormatParam>,
    /// Those the runtime sets.
    runtime_params: Vec<RuntimeParam>,
}

/// Whether some operation takes parameters of both operation lists (empty: every operation).
fn overlap(a: &[OperationKind], b: &[OperationKind]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|op| b.contains(op))
}

/// A query parameter (shared or an endpoint's own) with its setter, its role and what its
/// setter takes.
pub(super) fn param(field: Field) -> Param {
    let role = match (field.required, field.ty.is_text()) {
        (false, _) => ParamRole::Optional,
        (true, true) => ParamRole::RequiredText,
        (true, false) => ParamRole::Argument,
    };
    let takes_into = |ty: &Type| ty.is_text() || matches!(ty, Type::Enum(_));
    let input = match &field.ty {
        ty if takes_into(ty) => SetterInput::Into,
        Type::Array(inner) if takes_into(inner) => SetterInput::Each,
        _ => SetterInput::Value,
    };
    Param { setter: names::setter_name(&field.rust), role, input, field }
}

/// One group per distinct set of operations: the group every operation takes first, then by
/// operations.
fn group_by_operations(params: Vec<(Vec<OperationKind>, Param)>) -> Vec<QueryGroup> {
    let mut by_operations: BTreeMap<Vec<OperationKind>, Vec<Param>> = BTreeMap::new();
    for (operations, param) in params {
        by_operations.entry(operations).or_default().push(param);
    }
    by_operations
        .into_iter()
        .map(|(operations, params)| {
            let words: Vec<&str> = operations.iter().map(|o| o.word()).collect();
            let (name, field, params_trait) = names::query_group_names(&words);
            let which = match words.as_slice() {
                [] => "every endpoint".to_owned(),
                _ => format!("every {} endpoint", words.join(" and ")),
            };
            let description =
                format!("Truto's shared query parameters of {which}; each such endpoint's query holds them.");
            let derives_default = params.iter().all(|p| p.role != ParamRole::Argument);
            QueryGroup { name, field, params_trait, operations, params, description, derives_default }
        })
        .collect()
}
