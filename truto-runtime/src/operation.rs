//! What each kind of endpoint ([`OperationKind`]) means on the wire: its word, its HTTP method
//! and the shape of its path. The generator, `import`, the untyped requests and the hooks all
//! read them here.

use crate::request::OperationKind;

/// What an endpoint's path has after its resource's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathTail {
    /// Nothing: the resource's path itself (list, create).
    Nothing,
    /// One segment, the record's id (get, update, delete).
    Id,
    /// One segment, the custom method's name (custom).
    Name,
}

impl OperationKind {
    /// Every kind, in the order the generator sorts endpoints.
    pub const ALL: [OperationKind; 6] = [
        OperationKind::List,
        OperationKind::Get,
        OperationKind::Create,
        OperationKind::Update,
        OperationKind::Delete,
        OperationKind::Custom,
    ];

    /// Its word in Truto's docs, capabilities and support data: `list`, `get`, `create`,
    /// `update`, `delete`, `custom`.
    pub const fn word(self) -> &'static str {
        match self {
            OperationKind::List => "list",
            OperationKind::Get => "get",
            OperationKind::Create => "create",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
            OperationKind::Custom => "custom",
        }
    }

    /// The kind `word` names.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.word() == word)
    }

    /// The HTTP method Truto documents for it (every custom method it documents is `POST`).
    pub const fn http_method(self) -> &'static str {
        match self {
            OperationKind::List | OperationKind::Get => "GET",
            OperationKind::Create | OperationKind::Custom => "POST",
            OperationKind::Update => "PATCH",
            OperationKind::Delete => "DELETE",
        }
    }

    /// What its path has after the resource's.
    pub const fn path_tail(self) -> PathTail {
        match self {
            OperationKind::List | OperationKind::Create => PathTail::Nothing,
            OperationKind::Get | OperationKind::Update | OperationKind::Delete => PathTail::Id,
            OperationKind::Custom => PathTail::Name,
        }
    }

    /// The path of an endpoint of this kind below `resource_path` (`/unified/crm/contacts`):
    /// the resource's path for list and create, and `/{segment}` after it for the others, where
    /// `segment` is the id (or a placeholder, `{id}`) or the custom method's name, as it goes
    /// on the wire (the caller encodes it).
    pub fn path(self, resource_path: &str, segment: &str) -> String {
        match self.path_tail() {
            PathTail::Nothing => resource_path.to_owned(),
            PathTail::Id | PathTail::Name => format!("{resource_path}/{segment}"),
        }
    }

    /// The kind of the endpoint that `method` (`GET`, ...) reaches at `tail`, the part of its
    /// path after the resource's (empty, `/{id}` or `/merge`): a `{placeholder}` segment stands
    /// for an id, any other for a custom method's name. `None` when Truto has no such endpoint.
    pub fn from(method: &str, tail: &str) -> Option<Self> {
        let segment = match tail {
            "" => None,
            _ => Some(tail.strip_prefix('/').filter(|s| !s.is_empty() && !s.contains('/'))?),
        };
        let placeholder = |s: &str| s.len() > 2 && s.starts_with('{') && s.ends_with('}');
        let kind = match (method, segment) {
            ("GET", None) => OperationKind::List,
            ("POST", None) => OperationKind::Create,
            ("GET", Some(id)) if placeholder(id) => OperationKind::Get,
            ("PATCH", Some(id)) if placeholder(id) => OperationKind::Update,
            ("DELETE", Some(id)) if placeholder(id) => OperationKind::Delete,
            ("POST", Some(name)) if !name.contains(['{', '}']) => OperationKind::Custom,
            _ => return None,
        };
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back() {
        for kind in OperationKind::ALL {
            assert_eq!(OperationKind::from_word(kind.word()), Some(kind));
        }
        assert_eq!(OperationKind::from_word("merge"), None);
    }

    #[test]
    fn each_kind_builds_its_path_and_is_read_back_from_it() {
        let base = "/unified/crm/contacts";
        for kind in OperationKind::ALL {
            let segment = if kind == OperationKind::Custom { "merge" } else { "{id}" };
            let path = kind.path(base, segment);
            let tail = path.strip_prefix(base).expect("below the resource");
            assert_eq!(OperationKind::from(kind.http_method(), tail), Some(kind), "{kind:?}: {path}");
        }
        assert_eq!(OperationKind::Get.path(base, "a%2Fb"), "/unified/crm/contacts/a%2Fb");
        assert_eq!(OperationKind::List.path(base, "ignored"), base);
    }

    #[test]
    fn what_truto_has_no_endpoint_for_is_no_kind() {
        for (method, tail) in [
            ("PUT", "/{id}"),
            ("GET", "/merge"),
            ("PATCH", ""),
            ("DELETE", ""),
            ("POST", "/{id}"),
            ("GET", "/{id}/x"),
            ("GET", "/"),
            ("GET", "x"),
            ("GET", "/{}"),
        ] {
            assert_eq!(OperationKind::from(method, tail), None, "{method} {tail}");
        }
    }
}
