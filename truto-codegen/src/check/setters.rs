//! The names a query parameter's setter may not take: a setter is a trait method on every
//! request and every call of one, so a method they already have by that name would hide it
//! (an inherent method of `Call` wins, and the setter is reachable only by naming its trait),
//! make calls ambiguous, or be hidden by it (`request.clone()` would find the setter).

use truto_unified_runtime::vocabulary;

use crate::names::ValueName;

/// Methods of std's prelude traits that every request has: requests derive `Clone` and
/// `PartialEq`, and `Into` and `TryInto` are implemented for every type.
const STD_METHODS: &[(&str, &str)] = &[
    ("clone", "Clone"),
    ("clone_from", "Clone"),
    ("clone_into", "ToOwned"),
    ("eq", "PartialEq"),
    ("into", "Into"),
    ("ne", "PartialEq"),
    ("to_owned", "ToOwned"),
    ("try_into", "TryInto"),
];

/// What already has a method named `setter` ("which every call already has (`Call::retry`)"),
/// or `None` when the name is free.
pub(super) fn taken_by(setter: &str) -> Option<String> {
    if vocabulary::CALL_METHODS.contains(&setter) {
        return Some(format!("which every call already has (`Call::{setter}`)"));
    }
    if let Some(owner) = vocabulary::SCOPE_TRAITS.iter().find(|t| t.methods.contains(&setter)) {
        return Some(format!("which the runtime's trait `{}` gives every request already", owner.path));
    }
    STD_METHODS
        .iter()
        .find(|(method, _)| *method == setter)
        .map(|(_, owner)| format!("which every request already has (std's `{owner}`)"))
}

/// The fix for a parameter whose Rust name or setter collides: another `rust_name`, which
/// names the setter too (Truto's `truto_` prefix is left off the setter).
pub(super) fn rename_help(rust: &ValueName) -> String {
    format!("give it another `rust_name`, which names its setter too, e.g. `rust_name: {}_2`", rust.bare())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setter_may_not_take_a_name_calls_or_requests_have() {
        let taken = |name: &str| taken_by(name).unwrap_or_default();
        assert!(taken("total_timeout").contains("`Call::total_timeout`"));
        assert!(taken("check_offered").contains("`Call::check_offered`"));
        assert!(taken("path").contains("`request::Endpoint`"));
        assert!(taken("set_next_cursor").contains("`request::ListEndpoint`"));
        assert!(taken("into").contains("std's `Into`"));
        assert_eq!(taken_by("limit"), None);
        assert_eq!(taken_by("exclude_fields"), None);
    }
}
