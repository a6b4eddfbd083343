//! Integrations by display name: the schema's own (by name or alias) first, else a new one
//! whose slug follows Truto's naming rule, marked `confirmed: false`.

use super::yaml::{Map, Yaml};

/// Truto's rule for a slug: the display name lowercased, spaces removed ("Zoho CRM" →
/// `zohocrm`). Confirmed slugs that break it ("Microsoft Dynamics 365 Sales" is `dynamics365`)
/// are in the schema, which is asked first.
pub fn slug_by_rule(display: &str) -> String {
    display.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// What an import learns about integrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Learned {
    /// A new integration, slug by rule.
    New {
        /// The slug.
        slug: String,
        /// The display name as printed.
        name: String,
    },
    /// A label the schema does not list, whose slug by rule is an existing integration's: a
    /// new alias of it ("FreshSales" for Freshsales).
    Alias {
        /// The existing slug.
        slug: String,
        /// The new label.
        label: String,
    },
}

/// The schema's integrations plus what the pages add.
#[derive(Debug, Default)]
pub struct Integrations {
    /// (slug, display name, aliases) of the schema's.
    known: Vec<(String, String, Vec<String>)>,
    /// What the pages taught, in the order met.
    pub learned: Vec<Learned>,
}

impl Integrations {
    /// From the `integrations` list of the schema (or none).
    pub fn from_list(list: Option<&Yaml>) -> Self {
        let mut known = Vec::new();
        if let Some(Yaml::Seq(items)) = list {
            for item in items.iter().filter_map(Yaml::as_map) {
                let (Some(slug), Some(name)) = (item.str("slug"), item.str("name")) else { continue };
                let aliases = item.get("aliases").and_then(Yaml::as_texts).unwrap_or_default();
                known.push((slug.to_string(), name.to_string(), aliases.into_iter().map(str::to_string).collect()));
            }
        }
        Integrations { known, learned: Vec::new() }
    }

    /// The slug of a display name, learning a new integration or alias when the schema has
    /// none.
    pub fn slug(&mut self, display: &str) -> String {
        let display = display.trim();
        if let Some((slug, _, _)) =
            self.known.iter().find(|(_, name, aliases)| name == display || aliases.iter().any(|a| a == display))
        {
            return slug.clone();
        }
        let slug = slug_by_rule(display);
        match self.known.iter_mut().find(|(s, _, _)| *s == slug) {
            Some((_, _, aliases)) => {
                aliases.push(display.to_string());
                self.learned.push(Learned::Alias { slug: slug.clone(), label: display.to_string() });
            }
            None => {
                self.known.push((slug.clone(), display.to_string(), Vec::new()));
                self.learned.push(Learned::New { slug: slug.clone(), name: display.to_string() });
            }
        }
        slug
    }

    /// Applies what was learned to the schema's `integrations` list. Returns the new entries
    /// (to append) and whether existing entries changed (aliases).
    pub fn apply(&self, list: &mut Vec<Yaml>) -> (Vec<Yaml>, bool) {
        let mut appended = Vec::new();
        let mut changed = false;
        for learned in &self.learned {
            match learned {
                Learned::New { slug, name } => {
                    let entry = Map(vec![
                        ("slug".into(), Yaml::text(slug)),
                        ("name".into(), Yaml::text(name)),
                        ("confirmed".into(), Yaml::Bool(false)),
                    ]);
                    list.push(Yaml::Map(entry.clone()));
                    appended.push(Yaml::Map(entry));
                }
                Learned::Alias { slug, label } => {
                    let entry = list.iter_mut().filter_map(Yaml::as_map_mut).find(|m| m.str("slug") == Some(slug));
                    if let Some(entry) = entry {
                        let mut aliases: Vec<String> = entry
                            .get("aliases")
                            .and_then(Yaml::as_texts)
                            .unwrap_or_default()
                            .into_iter()
                            .map(str::to_string)
                            .collect();
                        aliases.push(label.clone());
                        entry.set_ordered("aliases", Yaml::texts(aliases), &["slug", "name", "aliases", "confirmed"]);
                        changed = true;
                    }
                }
            }
        }
        (appended, changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        assert_eq!(slug_by_rule("Zoho CRM"), "zohocrm");
        assert_eq!(slug_by_rule("Monday CRM"), "mondaycrm");
        assert_eq!(slug_by_rule("HubSpot"), "hubspot");
    }

    #[test]
    fn the_schema_is_asked_first() {
        let list = super::super::yaml::parse(
            "t",
            "integrations:\n  - slug: dynamics365\n    name: Microsoft Dynamics 365 Sales\n  - slug: freshsales\n    name: Freshsales\n    aliases: [FreshSales]\n",
        )
        .expect("parses");
        let mut found = Integrations::from_list(list.as_map().and_then(|m| m.get("integrations")));
        assert_eq!(found.slug("Microsoft Dynamics 365 Sales"), "dynamics365");
        assert_eq!(found.slug("FreshSales"), "freshsales");
        assert_eq!(found.slug("Fresh Sales"), "freshsales");
        assert_eq!(found.slug("Zoho CRM"), "zohocrm");
        assert_eq!(found.slug("Zoho CRM"), "zohocrm");
        assert_eq!(
            found.learned,
            [
                Learned::Alias { slug: "freshsales".into(), label: "Fresh Sales".into() },
                Learned::New { slug: "zohocrm".into(), name: "Zoho CRM".into() },
            ]
        );
    }
}
