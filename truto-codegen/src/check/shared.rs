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
        };
        let path_params =
            self.resolve_fields(&raw.path, &path_scope, pending).into_iter().map(|f| (f.wire.clone(), f)).collect();
        let (params, response_format) = self.resolve_shared_query(&raw.query, pending);
        Shared { groups: group_by_operations(params), response_format, path_params }
    }

    /// Each shared query parameter with the operations that take it, and the response-format
    /// parameter apart.
    fn resolve_shared_query(
        &mut self,
        raw: &NamedMap<RawField>,
        pending: &mut Vec<PendingReference>,
    ) -> (Vec<(Vec<OperationKind>, Param)>, Option<ResponseFormatParam>) {
        let scope = FieldScope {
            context: FieldContext::SharedQuery,
            parent_type: None,
            yaml_path: "parameters.query".into(),
            api: None,
            module: String::new(),
        };
        let mut params = Vec::new();
        let mut response_format: Option<ResponseFormatParam> = None;
        for (wire, field) in sorted(raw) {
            let path = format!("parameters.query.{}", wire.as_str());
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
            if field.response_format && field.enum_values.is_none() {
                self.problem(
                    wire,
                    &path,
                    "the response-format parameter has no `enum` of formats",
                    Some("list the formats: enum: [unified, raw, ...]".to_owned()),
                );
            }
            let mut resolved = self.resolve_field(wire, field, &scope, pending);
            if !field.response_format {
                params.push((operations, param(resolved)));
                continue;
            }
            if response_format.is_some() {
                self.problem(
                    wire,
                    "parameters.query",
                    "more than one parameter says `response_format: true`",
                    Some("only truto_response_format selects the format".to_owned()),
                );
                continue;
            }
            let mut formats = Vec::new();
            if let Type::Enum(e) = &mut resolved.ty {
                e.name = names::type_name("response format");
                for value in &e.values {
                    match ResponseFormat::from_word(&value.wire) {
                        Some(format) => formats.push(format),
                        None => {
                            let at = field.enum_values.iter().flatten().find(|v| v.as_str() == value.wire);
                            let words: Vec<&str> = ResponseFormat::ALL.iter().map(|f| f.word()).collect();
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
            }
            response_format = Some(ResponseFormatParam { field: resolved, formats });
        }
        (params, response_format)
    }
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
