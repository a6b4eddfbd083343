//! Endpoint-level support: which integrations support an endpoint (`integrations`, or
//! `integrations_known_in_part` when only some are known), and whose list returns partial
//! records (`response.partial_in`).

use marked_yaml::Spanned;

use super::*;

impl Checker<'_> {
    /// The page's complete list, sorted; unknown slugs are reported and left out.
    pub(super) fn resolve_integrations(&mut self, raw: &RawEndpoint) -> Option<Vec<String>> {
        let list = raw.integrations.as_ref()?;
        let mut slugs: Vec<String> =
            list.iter().filter(|s| self.known_integration(s, "endpoint.integrations")).map(|s| s.to_string()).collect();
        slugs.sort();
        slugs.dedup();
        Some(slugs)
    }

    /// `integrations_known_in_part`: known slugs, each in one list, never beside a complete
    /// `integrations` list.
    pub(super) fn resolve_integrations_in_part(&mut self, raw: &RawEndpoint) -> Option<IntegrationsInPart> {
        let in_part = raw.integrations_known_in_part.as_ref()?;
        let key = "endpoint.integrations_known_in_part";
        // A block mapping's own position is not a helpful place: its first slug is.
        let at =
            in_part.supported.iter().chain(&in_part.unsupported).next().cloned().unwrap_or_else(|| name_at(in_part));
        if raw.integrations.is_some() {
            self.problem(
                &at,
                key,
                "`integrations_known_in_part` beside `integrations`",
                Some(
                    "`integrations` is a page's complete list, which says everything `integrations_known_in_part` \
                     could: keep only `integrations`"
                        .to_owned(),
                ),
            );
            return None;
        }
        if in_part.supported.is_empty() && in_part.unsupported.is_empty() {
            self.problem(
                &at,
                key,
                "`integrations_known_in_part` names no integration",
                Some("when nothing is known, leave the key out: support is then unknown".to_owned()),
            );
            return None;
        }
        let mut seen: BTreeMap<&str, (&Name, &str)> = BTreeMap::new();
        let mut resolved = IntegrationsInPart::default();
        for (list, out, word) in [
            (&in_part.supported, &mut resolved.supported, "supported"),
            (&in_part.unsupported, &mut resolved.unsupported, "unsupported"),
        ] {
            let path = format!("{key}.{word}");
            for slug in list {
                if !self.known_integration(slug, &path) {
                    continue;
                }
                if let Some((first, first_word)) = seen.get(slug.as_str()).copied() {
                    let message = if first_word == word {
                        format!("`{}` is listed twice (first at {})", slug.as_str(), self.place(first))
                    } else {
                        format!(
                            "`{}` is both supported and unsupported (supported at {})",
                            slug.as_str(),
                            self.place(first)
                        )
                    };
                    let help = "an integration is known to support the endpoint or known not to: list it once, in \
                                `supported` or in `unsupported`";
                    self.problem(slug, &path, message, Some(help.to_owned()));
                    continue;
                }
                seen.insert(slug.as_str(), (slug, word));
                out.push(slug.to_string());
            }
            out.sort();
        }
        Some(resolved)
    }

    /// `response.partial_in`: list endpoints only, known slugs, each an integration the
    /// endpoint is not known to lack.
    pub(super) fn resolve_partial_in(
        &mut self,
        raw: &RawEndpoint,
        kind: OperationKind,
        integrations: Option<&[String]>,
        in_part: Option<&IntegrationsInPart>,
    ) -> Vec<String> {
        let Some(list) = &raw.response.partial_in else { return Vec::new() };
        let path = "endpoint.response.partial_in";
        if kind != OperationKind::List {
            let at = list.first().cloned().unwrap_or_else(|| raw.operation.clone());
            self.problem(
                &at,
                path,
                format!("only list endpoints return partial records, not {} endpoints", kind.word()),
                Some("remove `partial_in`".to_owned()),
            );
            return Vec::new();
        }
        if list.is_empty() {
            self.problem(
                &raw.operation,
                path,
                "`partial_in` names no integration",
                Some("name the integrations whose list returns partial records, or remove `partial_in`".to_owned()),
            );
        }
        let mut slugs: Vec<String> = Vec::new();
        for slug in list {
            if !self.known_integration(slug, path) {
                continue;
            }
            if slugs.iter().any(|s| s == slug.as_str()) {
                self.problem(
                    slug,
                    path,
                    format!("`{}` is listed twice", slug.as_str()),
                    Some("list each integration once".to_owned()),
                );
                continue;
            }
            let conflict = match (integrations, in_part) {
                (Some(listed), _) if !listed.iter().any(|s| s == slug.as_str()) => Some("is not in `integrations`"),
                (None, Some(in_part)) if in_part.unsupported.iter().any(|s| s == slug.as_str()) => {
                    Some("is listed in `integrations_known_in_part.unsupported`")
                }
                _ => None,
            };
            if let Some(conflict) = conflict {
                self.problem(
                    slug,
                    path,
                    format!("`{}` returns partial records, but {conflict}", slug.as_str()),
                    Some(
                        "an integration whose list returns partial records supports the list: correct one of the two"
                            .to_owned(),
                    ),
                );
                continue;
            }
            slugs.push(slug.to_string());
        }
        slugs.sort();
        slugs
    }
}

/// A name standing for a spanned value, to place a problem at it.
fn name_at<T>(value: &Spanned<T>) -> Name {
    Spanned::new(*value.span(), String::new())
}
