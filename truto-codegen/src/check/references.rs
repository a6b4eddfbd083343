//! References (`accounts.id`), checked once every resource is known.

use super::*;

impl Checker<'_> {
    pub(super) fn check_references(&mut self, apis: &[Api], pending: Vec<PendingReference>) {
        for p in pending {
            let in_scope: Vec<&Api> = apis.iter().filter(|a| p.apis.is_empty() || p.apis.contains(&a.name)).collect();
            let known = in_scope.iter().any(|a| a.known_resources.contains(&p.reference.resource));
            if !known && self.failed(TopLevel::Api) {
                continue;
            }
            if !known {
                let candidates: Vec<&str> =
                    in_scope.iter().flat_map(|a| a.known_resources.iter().map(String::as_str)).collect();
                let help = did_you_mean(&p.reference.resource, candidates.iter().copied())
                    .unwrap_or_else(|| "add the resource to the API's `resources`".to_owned());
                self.problem(
                    &p.at,
                    &p.yaml_path,
                    format!("the reference `{}` names an unknown resource `{}`", p.at.as_str(), p.reference.resource),
                    Some(help),
                );
                continue;
            }
            let target = in_scope.iter().flat_map(|a| &a.resources).find(|r| r.name == p.reference.resource);
            if let Some(target) = target {
                if !target.model.fields.iter().any(|f| f.wire == p.reference.field) {
                    let help = did_you_mean(&p.reference.field, target.model.fields.iter().map(|f| f.wire.as_str()))
                        .unwrap_or_else(|| {
                            format!("name a top-level field of `{}`, e.g. `{}.id`", target.model.name, target.name)
                        });
                    let help = Some(help);
                    self.problem(
                        &p.at,
                        &p.yaml_path,
                        format!(
                            "the reference `{}` names a field `{}` that `{}` does not have",
                            p.at.as_str(),
                            p.reference.field,
                            target.model.name
                        ),
                        help,
                    );
                }
            }
        }
    }
}
