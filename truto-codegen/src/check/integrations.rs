//! Integrations: each defined once, named by slug, with a distinct Rust variant, and indexed by
//! its place in the one `integrations` list, so that adding one at the end moves no other.

use super::*;

/// Each label with where it is: the name and its YAML path.
type Sites<'r> = BTreeMap<String, (&'r Name, String)>;

impl Checker<'_> {
    /// `raw` holds each integration, in the list's order, with its index in the list.
    pub(super) fn check_integrations(&mut self, raw: &[(usize, &RawIntegration)]) {
        let mut variants: BTreeMap<TypeName, (&Name, String)> = BTreeMap::new();
        let mut slugs: Sites<'_> = BTreeMap::new();
        // Display names and aliases, which `Integration::from_name` matches, with their slug.
        let mut labels: BTreeMap<String, (&Name, (&Name, String))> = BTreeMap::new();
        for &(index, integration) in raw {
            let at = |key: &str| format!("integrations[{index}].{key}");
            let slug = integration.slug.to_string();
            if let Some(first) = slugs.get(&slug) {
                let (first, second) = ordered_sites(first.clone(), (&integration.slug, at("slug")));
                let message = format!("the integration `{slug}` is defined twice (first at {})", self.place(first.0));
                let help = "define each integration once: remove one of the two entries";
                self.problem(second.0, &second.1, message, Some(help.to_owned()));
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
            let label_clash = self.check_labels(integration, index, &mut labels);
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
                    let help = "their display names must differ in more than case, spaces or punctuation";
                    self.problem(second.0, &second.1, message, Some(help.to_owned()));
                }
                Some(_) => {}
                None => {
                    variants.insert(variant.clone(), (&integration.name, at("name")));
                }
            }
            self.integration_order.push(slug.clone());
            let integration = Integration {
                slug: slug.clone(),
                name: integration.name.to_string(),
                aliases: integration.aliases.iter().map(|a| a.to_string()).collect(),
                confirmed: integration.confirmed.unwrap_or(true),
                variant,
            };
            self.integrations.insert(slug, integration);
        }
    }

    /// The display name and aliases of an integration each name it alone; `labels` holds the
    /// labels seen so far with their slug. Whether its display name is taken.
    fn check_labels<'r>(
        &mut self,
        integration: &'r RawIntegration,
        index: usize,
        labels: &mut BTreeMap<String, (&'r Name, (&'r Name, String))>,
    ) -> bool {
        let at = |key: &str| format!("integrations[{index}].{key}");
        let slug = integration.slug.as_str();
        let mut name_taken = false;
        let names = std::iter::once((&integration.name, at("name")));
        let aliases = integration.aliases.iter().enumerate().map(|(i, a)| (a, at(&format!("aliases[{i}]"))));
        for (label, path) in names.chain(aliases) {
            let Some((other_slug, first)) = labels.get(label.as_str()) else {
                labels.insert(label.to_string(), (&integration.slug, (label, path)));
                continue;
            };
            name_taken |= std::ptr::eq(label, &integration.name);
            let (first, second) = ordered_sites(first.clone(), (label, path));
            let (message, help) = if other_slug.as_str() == slug {
                let message =
                    format!("`{}` is given twice for `{slug}` (first at {})", label.as_str(), self.place(first.0));
                (message, "remove the repeat")
            } else {
                let message = format!(
                    "`{}` names two integrations, `{}` and `{slug}` (first at {})",
                    label.as_str(),
                    other_slug.as_str(),
                    self.place(first.0)
                );
                (message, "a display name or alias must name one integration: change or remove one of them")
            };
            self.problem(second.0, &second.1, message, Some(help.to_owned()));
        }
        name_taken
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

    /// The integrations in index order: the list's.
    pub(super) fn integrations_in_order(&self) -> Vec<Integration> {
        self.integration_order.iter().filter_map(|slug| self.integrations.get(slug)).cloned().collect()
    }

    /// One `integrations` list: each integration's place in it is its index, which a second
    /// list (in a file whose name carries no meaning) would leave undefined.
    pub(super) fn one_integrations_list(&mut self, lists: &[(&PathBuf, Option<&Name>)]) {
        let Some(((first, _), others)) = lists.split_first() else { return };
        for &(file, first_slug) in others {
            let message = format!("a second `integrations` list (the first is in {})", first.display());
            let help = "list every integration in one `integrations` list: an integration's place in it is its index in \
                        the `Integration` enum and the support data, so new ones go at its end";
            match first_slug {
                Some(slug) => self.problem(slug, "integrations[0].slug", message, Some(help.to_owned())),
                None => self.file_problem(file, message, help),
            }
        }
    }
}
