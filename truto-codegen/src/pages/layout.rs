//! Telling the two layouts apart.

use super::classify::{ALL_ENUM_VALUES, ENUM_SUPPORT, INTEGRATIONS_SUPPORTED, REQUIRED_IN, SUPPORTED_IN};
use super::lines::Line;
use crate::types::Layout;

/// Older pages have markers newer pages never print: "Integrations supported", "Supported
/// in", "Required in", "All possible enum values:", "Enum support by integration" and
/// `REQUIRED ·` in capitals. A page with none of them is read as newer.
pub(crate) fn detect(lines: &[Line]) -> Layout {
    let older = lines.iter().any(|l| {
        let t = l.text.as_str();
        matches!(t, INTEGRATIONS_SUPPORTED | SUPPORTED_IN | REQUIRED_IN | ALL_ENUM_VALUES | ENUM_SUPPORT)
            || t.starts_with("REQUIRED")
    });
    if older { Layout::Older } else { Layout::Newer }
}
