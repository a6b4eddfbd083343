//! Enums of one resource that list the same values share one type.
//!
//! The docs repeat a field's values wherever the field appears: a record's `status`, the
//! create and update bodies' `status`, the list query's `status`. One type for them lets a
//! program pass a record's value into a request as it is, and compiles once instead of four
//! times. The other names stay, as aliases of the shared type, so code written against them
//! keeps compiling.

use super::*;
use crate::model::visit::{Site, VisitMut};

/// Makes every enum of each resource that an earlier one [documents all of](documents_all_of)
/// that one, in reading order (the [walk](crate::model::visit) over the resource's types: the
/// model, then each endpoint's query, body and response). Records the names replaced as the
/// resource's [`Resource::enum_aliases`].
pub(super) fn share_enums(schema: &mut Schema) {
    for resource in schema.apis.iter_mut().flat_map(|a| &mut a.resources) {
        let mut sharing = Sharing::default();
        resource.visit_mut(&mut sharing);
        resource.enum_aliases = sharing.aliases;
    }
}

#[derive(Default)]
struct Sharing {
    /// The first enum seen with each list of values.
    shared: Vec<EnumType>,
    aliases: Vec<EnumAlias>,
}

impl VisitMut for Sharing {
    fn visit_enum(&mut self, e: &mut EnumType, _site: Site) {
        let Some(shared) = self.shared.iter().find(|s| documents_all_of(s, e)) else {
            self.shared.push(e.clone());
            return;
        };
        if shared.name != e.name {
            if !self.aliases.iter().any(|a| a.name == e.name) {
                self.aliases.push(EnumAlias { name: e.name.clone(), target: shared.name.clone() });
            }
            *e = shared.clone();
        }
    }
}

/// Whether `shared` lists the values of `e`, in the same order, with the same docs where `e`
/// documents a value: then `e` can be `shared` and no doc is lost.
fn documents_all_of(shared: &EnumType, e: &EnumType) -> bool {
    shared.values.len() == e.values.len()
        && shared.values.iter().zip(&e.values).all(|(s, v)| s.wire == v.wire && (v.doc.is_none() || v.doc == s.doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(name: &str, docs: &[Option<&str>]) -> Type {
        let values = ["open", "won"]
            .iter()
            .zip(docs)
            .map(|(wire, doc)| EnumValue {
                wire: (*wire).to_owned(),
                variant: names::variant_name(wire),
                doc: doc.map(str::to_owned),
            })
            .collect();
        Type::Enum(EnumType { name: names::type_name(name), description: Some(format!("{name}.")), values })
    }

    #[test]
    fn an_enum_with_the_values_of_an_earlier_one_becomes_it_unless_a_doc_differs() {
        let mut sharing = Sharing::default();
        let mut model = status("Status", &[Some("Still open."), None]);
        let mut body = status("CreateStatus", &[None, None]);
        let mut query = status("ListStatus", &[Some("Open ones."), None]);
        let mut again = status("CreateStatus", &[None, None]);
        for ty in [&mut model, &mut body, &mut query, &mut again] {
            sharing.visit_type(ty, Site::Body);
        }
        assert_eq!(body, model, "the body's enum documents nothing the model's does not");
        assert_eq!(again, model);
        assert_eq!(query.enumeration().map(|e| e.name.as_str()), Some("ListStatus"), "a doc differs");
        let aliases: Vec<_> = sharing.aliases.iter().map(|a| (a.name.as_str(), a.target.as_str())).collect();
        assert_eq!(aliases, [("CreateStatus", "Status")]);
    }
}
