//! Integrations: each defined once, named by slug, with a distinct Rust variant.

use super::*;

impl Checker<'_> {
    /// `raw` holds each integration with its index in its file's list.
    pub(super) fn check_integrations(&mut self, raw: Vec<(usize, &RawIntegration)>) {
        let mut sorted = raw;
        sorted.sort_by(|a, b| a.1.slug.as_str().cmp(b.1.slug.as_str()));
        // Each with where it is: the name and its YAML path.
        let mut variants: BTreeMap<TypeName, (&Name, String)> = BTreeMap::new();
        let mut slugs: BTreeMap<String, (&Name, String)> = BTreeMap::new();
        // Display names and aliases, which `Integration::from_name` matches, with their slug.
        let mut labels: BTreeMap<String, (&Name, (&Name, String))> = BTreeMap::new();
        for (index, integration) in sorted {
            let at = |key: &str| format!("integrations[{index}].{key}");
            let slug = integration.slug.to_string();
            if let Some(first) = slugs.get(&slug) {
                let (first, second) = ordered_sites(first.clone(), (&integration.slug, at("slug")));
                let message = format!("the integration `{slug}` is defined twice (first at {})", self.place(first.0));
                self.problem(
                    second.0,
                    &second.1,
                    message,
                    Some("define each integration once: remove one of the two entries".to_owned()),
                );
                continue;
            }
            slugs.insert(slug.clone(), (&integration.slug, at("slug")));
            if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
                self.problem(
                    &integration.slug,
                    &at("slug"),
                    format!("the slug `{slug}` is not lowercase letters and digits"),
                    Some("use Truto's slug, e.g. `zohocrm`".to_owned()),
                );
            }
            let mut label_clash = false;
            let names = std::iter::once((&integration.name, at("name")));
            let aliases = integration.aliases.iter().enumerate().map(|(i, a)| (a, at(&format!("aliases[{i}]"))));
            for (label, path) in names.chain(aliases) {
                match labels.get(label.as_str()) {
                    Some((other_slug, first)) => {
                        label_clash |= std::ptr::eq(label, &integration.name);
                        let (first, second) = ordered_sites(first.clone(), (label, path));
                        let (message, help) = if other_slug.as_str() == slug {
                            (
                                format!(
                                    "`{}` is given twice for `{slug}` (first at {})",
                                    label.as_str(),
                                    self.place(first.0)
                                ),
                                "remove the repeat",
                            )
                        } else {
                            (
                                format!(
                                    "`{}` names two integrations, `{}` and `{slug}` (first at {})",
                                    label.as_str(),
                                    other_slug.as_str(),
                                    self.place(first.0)
                                ),
                                "a display name or alias must name one integration: change or remove one of them",
                            )
                        };
                        self.problem(second.0, &second.1, message, Some(help.to_owned()));
                    }
                    None => {
                        labels.insert(label.to_string(), (&integration.slug, (label, path)));
                    }
                }
            }
            let variant = names::type_name(&integration.name);
            match variants.get(&variant) {
                Some(first) if !label_clash => {
                    let (first, second) = ordered_sites(first.clone(), (&integration.name, at("name")));
                    let message = format!(
                        "the integrations `{}` (at {}) and `{}` both become the Rust variant `{variant}`",
                        first.0.as_str(),
                        self.place(first.0),
                        second.0.as_str()
                    );
                    self.problem(
                        second.0,
                        &second.1,
                        message,
                        Some("their display names must differ in more than case, spaces or punctuation".to_owned()),
                    );
                }
                Some(_) => {}
                None => {
                    variants.insert(variant.clone(), (&integration.name, at("name")));
                }
            }
            self.integrations.insert(
                slug.clone(),
                Integration {
                    slug,
                    name: integration.name.to_string(),
                    aliases: integration.aliases.iter().map(|a| a.to_string()).collect(),
                    confirmed: integration.confirmed.unwrap_or(true),
                    variant,
                },
            );
        }
    }
    pub(super) fn known_integration(&mut self, slug: &Name, path: &str) -> bool {
        if self.integrations.contains_key(slug.as_str()) {
            return true;
        }
        if self.failed(TopLevel::Integrations) {
            return false;
        }
        let by_name = self
            .integrations
            .values()
            .find(|i| i.name.eq_ignore_ascii_case(slug) || i.aliases.iter().any(|a| a.eq_ignore_ascii_case(slug)));
        let help = match by_name {
            Some(i) => Some(format!("integrations are named by slug: write `{}`", i.slug)),
            None => did_you_mean(slug, self.integrations.keys().map(String::as_str))
                .or_else(|| Some("add it to integrations.yaml first".to_owned())),
        };
        self.problem(slug, path, format!("unknown integration `{}`", slug.as_str()), help);
        false
    }
}
