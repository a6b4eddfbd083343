//! Enum values the newer layout prints glued together (`unifiedrawnormalizedstream`), and the
//! per-integration subsets glued the same way: splitting them into values.
//!
//! [`split_glued`] and [`split_exact`] split with a known list of values (the schema's).
//! [`split_field_values`] finds the values themselves, from what the page gives:
//!
//! 1. values it prints on their own: the older layout's bullets, value bullets
//!    (`• unified returns ...`), the example, and caller-supplied known values (the schema's
//!    enum of the same field);
//! 2. other words the page prints on their own (field names, the code samples' string
//!    values, see [`super::DocPage::words`]) that occur in the glued text;
//! 3. the glued texts themselves: a piece left over in one text that starts or ends another
//!    left-over piece is a value (`meeting` alone in one subset, `meetingnoteemail` in
//!    another); failing that, the shortest common start of two left-over pieces is one
//!    (`open` in `openlost...` and `openwon...`).
//!
//! What is left is taken as values as it stands: two values the page never prints apart and
//! never names elsewhere stay one. When the union is printed whole it must then hold each
//! value exactly once; when it is cut short (`+ 6 more`) it must be the subsets run together,
//! with that many values left over. Anything that does not fit is reported.

use std::collections::BTreeSet;

use super::doc::{DocEnum, DocField};

/// Splits glued values into `vocab` values, backtracking and trying longer values first.
/// On failure, the byte offset where the furthest attempt got stuck.
pub fn split_glued<'v>(text: &str, vocab: &[&'v str]) -> Result<Vec<&'v str>, usize> {
    let mut sorted: Vec<&'v str> = vocab.iter().copied().filter(|v| !v.is_empty()).collect();
    sorted.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut dead = vec![false; text.len() + 1];
    let mut furthest = 0;
    let mut out = Vec::new();
    if split_from(text, 0, &sorted, &mut dead, &mut furthest, &mut out) { Ok(out) } else { Err(furthest) }
}

fn split_from<'v>(
    text: &str,
    at: usize,
    vocab: &[&'v str],
    dead: &mut [bool],
    furthest: &mut usize,
    out: &mut Vec<&'v str>,
) -> bool {
    *furthest = (*furthest).max(at);
    if at == text.len() {
        return true;
    }
    if dead[at] {
        return false;
    }
    for value in vocab {
        if text[at..].starts_with(value) {
            out.push(value);
            if split_from(text, at + value.len(), vocab, dead, furthest, out) {
                return true;
            }
            out.pop();
        }
    }
    dead[at] = true;
    false
}

/// Splits glued values into every `vocab` value exactly once, in any order.
pub fn split_exact<'v>(text: &str, vocab: &[&'v str]) -> Option<Vec<&'v str>> {
    // Exponential in the worst case: bounded, since pages list a handful of values.
    const MAX_VALUES: usize = 64;
    if vocab.len() > MAX_VALUES {
        return None;
    }
    let mut used = vec![false; vocab.len()];
    let mut out = Vec::new();
    exact_from(text, vocab, &mut used, &mut out).then_some(out)
}

fn exact_from<'v>(text: &str, vocab: &[&'v str], used: &mut [bool], out: &mut Vec<&'v str>) -> bool {
    if text.is_empty() {
        return used.iter().all(|&u| u);
    }
    for (k, value) in vocab.iter().enumerate() {
        if !used[k] && !value.is_empty() && text.starts_with(value) {
            used[k] = true;
            out.push(value);
            if exact_from(&text[value.len()..], vocab, used, out) {
                return true;
            }
            out.pop();
            used[k] = false;
        }
    }
    false
}

/// A field's values and each mark's subset, as [`split_field_values`] found them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitValues {
    /// The field's values: in the order of the union, or of first appearance in the subsets
    /// when the union is cut short.
    pub values: Vec<String>,
    /// For each of the field's marks (same index), its values.
    pub subsets: Vec<Option<Vec<String>>>,
    /// What did not fit (the field's name is not repeated).
    pub problems: Vec<String>,
}

/// Words shorter than this are not taken from the page as evidence (`id` is in too many
/// values).
const MIN_WORD: usize = 3;

/// Splits a field's values and its marks' subsets (see the module docs). `known` are values
/// known for this field (the schema's), `words` what the page prints on its own. `None` when
/// the field lists no values.
pub fn split_field_values(field: &DocField, known: &[&str], words: &BTreeSet<String>) -> Option<SplitValues> {
    let mut problems = Vec::new();
    let values: Vec<String> = match field.enum_doc.as_ref()? {
        DocEnum::Listed(values) => values.clone(),
        DocEnum::Glued { text, more } => {
            let mut exact: BTreeSet<&str> = known.iter().copied().collect();
            exact.extend(field.value_docs.iter().map(|(v, _)| v.as_str()));
            exact.extend(field.example.as_deref());
            let lexicon: BTreeSet<&str> = words.iter().map(String::as_str).filter(|w| w.len() >= MIN_WORD).collect();
            let subsets: Vec<&str> = field.glued_subsets().collect();
            let mut texts = subsets.clone();
            if more.is_none() {
                texts.push(text);
            }
            let pieces = induce(&texts, &exact, &lexicon);
            match more {
                None => {
                    // The union lists each value once: its pieces are the values.
                    let union = pieces.last().cloned().unwrap_or_default();
                    let distinct: BTreeSet<&str> = union.iter().copied().collect();
                    if distinct.len() != union.len() {
                        problems.push(format!("the values `{text}` repeat a value"));
                    }
                    let mut seen = BTreeSet::new();
                    union.into_iter().filter(|v| seen.insert(*v)).map(str::to_string).collect()
                }
                Some(more) => {
                    let vocab: BTreeSet<&str> = pieces.into_iter().flatten().collect();
                    let vocab: Vec<&str> = vocab.into_iter().collect();
                    cut_union(text, *more, &subsets, &vocab, &mut problems)
                }
            }
        }
    };
    let vocab: Vec<&str> = values.iter().map(String::as_str).collect();
    let subsets = field
        .marks
        .iter()
        .map(|mark| match &mark.subset {
            None => None,
            Some(DocEnum::Listed(listed)) => Some(listed.clone()),
            Some(DocEnum::Glued { text, .. }) => match split_glued(text, &vocab) {
                Ok(split) => Some(own(split)),
                Err(at) => {
                    problems.push(format!(
                        "{}: the values `{text}` do not split into the field's values (stuck at `{}`)",
                        mark.integration,
                        &text[at..]
                    ));
                    None
                }
            },
        })
        .collect();
    Some(SplitValues { values, subsets, problems })
}

fn own(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_string).collect()
}

/// A union cut short after `shown` with `more` values left: the subsets run together. The
/// values are the distinct ones in order of first appearance.
fn cut_union(shown: &str, more: usize, subsets: &[&str], vocab: &[&str], problems: &mut Vec<String>) -> Vec<String> {
    let mut all = Vec::new();
    for subset in subsets {
        if let Ok(values) = split_glued(subset, vocab) {
            all.extend(values);
        }
    }
    let mut acc = String::new();
    let mut taken = 0;
    while acc.len() < shown.len() && taken < all.len() {
        acc.push_str(all[taken]);
        taken += 1;
    }
    if acc != shown || taken + more != all.len() {
        problems.push(format!(
            "the values `{shown}+ {more} more` are not the integrations' values run together: \
             some values may be missing"
        ));
        if let Ok(values) = split_glued(shown, vocab) {
            all.extend(values);
        }
    }
    let mut seen = BTreeSet::new();
    all.into_iter().filter(|v| seen.insert(*v)).map(str::to_string).collect()
}

/// Values found by induction are this long at least, so that `in` + `active` or `un` +
/// `paid` are not taken for two values.
const MIN_FOUND: usize = 3;

/// Whether `piece` can be a value found by induction (known values may be anything).
fn is_value_like(piece: &str) -> bool {
    let bad_edge = |c: char| matches!(c, '_' | ' ' | '-');
    piece.chars().count() >= MIN_FOUND && !piece.starts_with(bad_edge) && !piece.ends_with(bad_edge)
}

/// A glued text and the value boundaries found in it so far.
struct Cuts<'t> {
    text: &'t str,
    /// Byte offsets, 0 and the end included.
    at: BTreeSet<usize>,
    /// Spans of known values: never cut inside.
    known: Vec<(usize, usize)>,
}

impl<'t> Cuts<'t> {
    fn new(text: &'t str) -> Self {
        Cuts { text, at: [0, text.len()].into_iter().collect(), known: Vec::new() }
    }

    fn pieces(&self) -> Vec<&'t str> {
        let at: Vec<usize> = self.at.iter().copied().collect();
        at.windows(2).map(|w| &self.text[w[0]..w[1]]).collect()
    }

    /// Cuts at `start` and `end` when every piece this makes is a plausible value (or a known
    /// one) and no known value is cut. Returns whether anything changed.
    fn cut(&mut self, start: usize, end: usize, exact: &BTreeSet<&str>) -> bool {
        if self.at.contains(&start) && self.at.contains(&end) {
            return false;
        }
        if self.known.iter().any(|&(s, e)| (s < start && start < e) || (s < end && end < e)) {
            return false;
        }
        let mut at = self.at.clone();
        at.extend([start, end]);
        let before = at.range(..start).next_back().copied();
        let after = at.range(end + 1..).next().copied();
        let spans = [before.map(|b| (b, start)), Some((start, end)), after.map(|a| (end, a))];
        let ok = spans.into_iter().flatten().all(|(s, e)| {
            let piece = &self.text[s..e];
            is_value_like(piece) || exact.contains(piece)
        });
        if ok {
            self.at = at;
        }
        ok
    }
}

/// The values of `texts`, found as the module docs say.
fn induce<'t>(texts: &[&'t str], exact: &BTreeSet<&str>, lexicon: &BTreeSet<&str>) -> Vec<Vec<&'t str>> {
    let mut cuts: Vec<Cuts<'_>> = texts.iter().map(|t| Cuts::new(t)).collect();
    // Known values first (longest first, so `in_progress` is not cut by `progress`), then the
    // page's words.
    let mut seeds: Vec<(bool, &str)> =
        exact.iter().map(|w| (true, *w)).chain(lexicon.iter().map(|w| (false, *w))).collect();
    seeds.sort_by_key(|(is_exact, w)| (!is_exact, std::cmp::Reverse(w.len())));
    for (is_exact, word) in seeds {
        for c in &mut cuts {
            for (start, _) in c.text.match_indices(word).collect::<Vec<_>>() {
                if c.cut(start, start + word.len(), exact) && is_exact {
                    c.known.push((start, start + word.len()));
                }
            }
        }
    }
    // Each round adds a cut somewhere; there are at most as many as bytes.
    let bound = texts.iter().map(|t| t.len()).sum::<usize>() + 1;
    for _ in 0..bound {
        let changed = cut_by_pieces(&mut cuts, exact)
            || cut_by_common_start(&mut cuts, exact)
            || cut_by_overlap(&mut cuts, exact);
        if !changed {
            break;
        }
    }
    cuts.iter().map(Cuts::pieces).collect()
}

/// A piece of one text that occurs in another marks two boundaries there.
fn cut_by_pieces(cuts: &mut [Cuts<'_>], exact: &BTreeSet<&str>) -> bool {
    let mut pieces: Vec<&str> = cuts.iter().flat_map(Cuts::pieces).collect();
    pieces.sort_by_key(|p| (std::cmp::Reverse(p.len()), *p));
    pieces.dedup();
    let mut changed = false;
    for piece in pieces {
        for c in cuts.iter_mut() {
            for (start, _) in c.text.match_indices(piece).collect::<Vec<_>>() {
                changed |= c.cut(start, start + piece.len(), exact);
            }
        }
    }
    changed
}

/// Failing that: the shortest common start of two pieces, where both go on differently, is
/// a value (`open` in `openlost...` and `openwon...`).
fn cut_by_common_start(cuts: &mut [Cuts<'_>], exact: &BTreeSet<&str>) -> bool {
    let pieces: Vec<&str> = cuts.iter().flat_map(Cuts::pieces).collect();
    let mut best: Option<&str> = None;
    for (i, a) in pieces.iter().enumerate() {
        for b in &pieces[i + 1..] {
            let common = common_prefix(a, b);
            let goes_on = |s: &str| s.len() > common.len() && is_value_like(&s[common.len()..]);
            if is_value_like(common)
                && goes_on(a)
                && goes_on(b)
                && best.is_none_or(|x| (common.len(), common) < (x.len(), x))
            {
                best = Some(common);
            }
        }
    }
    let Some(start) = best else { return false };
    let mut changed = false;
    for c in cuts.iter_mut() {
        let bounds: Vec<usize> = c.at.iter().copied().collect();
        for &b in &bounds {
            if c.text[b..].starts_with(start) {
                changed |= c.cut(b, b + start.len(), exact);
            }
        }
    }
    changed
}

/// Failing that: the longest end of one piece that starts another is a value, as when two
/// values are printed in both orders (`accountcontact`, `contactaccount`).
fn cut_by_overlap(cuts: &mut [Cuts<'_>], exact: &BTreeSet<&str>) -> bool {
    let pieces: Vec<&str> = cuts.iter().flat_map(Cuts::pieces).collect();
    let mut best: Option<&str> = None;
    for a in &pieces {
        for b in &pieces {
            let overlap = (1..a.len().min(b.len()))
                .rev()
                .filter(|&n| a.is_char_boundary(a.len() - n) && b.is_char_boundary(n))
                .map(|n| &a[a.len() - n..])
                .find(|end| b.starts_with(end));
            let Some(overlap) = overlap else { continue };
            let rests_ok = is_value_like(&a[..a.len() - overlap.len()]) && is_value_like(&b[overlap.len()..]);
            if is_value_like(overlap) && rests_ok && best.is_none_or(|x| overlap.len() > x.len()) {
                best = Some(overlap);
            }
        }
    }
    let Some(value) = best else { return false };
    let mut changed = false;
    for c in cuts.iter_mut() {
        for (start, _) in c.text.match_indices(value).collect::<Vec<_>>() {
            changed |= c.cut(start, start + value.len(), exact);
        }
    }
    changed
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let len = a
        .char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8());
    &a[..len]
}

#[cfg(test)]
mod tests {
    use super::super::doc::{DocMark, DocMarkKind};
    use super::*;

    fn field(union: &str, more: Option<usize>, subsets: &[&str]) -> DocField {
        let mut f = DocField::new("f", Some("string".into()));
        f.enum_doc = Some(DocEnum::Glued { text: union.into(), more });
        f.marks = subsets
            .iter()
            .map(|s| DocMark {
                integration: format!("I{s}"),
                kind: DocMarkKind::Supported,
                subset: (!s.is_empty()).then(|| DocEnum::Glued { text: s.to_string(), more: None }),
                note: None,
            })
            .collect();
        f
    }

    fn words(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn splitting_with_a_vocabulary() {
        let vocab = ["in_progress", "in", "progress", "won"];
        assert_eq!(split_glued("in_progresswon", &vocab), Ok(vec!["in_progress", "won"]));
        assert_eq!(split_glued("wonx", &vocab), Err(3));
        // Backtracking: the longer `ab` first would strand `c`.
        assert_eq!(split_glued("abc", &["ab", "a", "bc"]), Ok(vec!["a", "bc"]));
        assert_eq!(split_exact("wonin", &["in", "won"]), Some(vec!["won", "in"]));
        assert_eq!(split_exact("wonwon", &["in", "won"]), None);
    }

    #[test]
    fn subsets_in_other_orders_split_the_union() {
        // The seed's engagement_type.
        let f = field(
            "callchatemailmeetingnote",
            None,
            &["callemailmeetingchat", "callmeetingnoteemail", "emailmeeting", "callmeeting", "callemail", ""],
        );
        let split = split_field_values(&f, &[], &BTreeSet::new()).expect("values");
        assert_eq!(split.values, ["call", "chat", "email", "meeting", "note"]);
        assert_eq!(split.subsets[0].as_deref(), Some(&["call", "email", "meeting", "chat"].map(String::from)[..]));
        assert_eq!(split.subsets[5], None);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
    }

    #[test]
    fn a_union_cut_short_is_the_subsets_run_together() {
        // The seed's PATCH opportunities status; `lead` is in the code samples.
        let f = field(
            "leadin_progresswonlostopenlostwonabandonedallopenwonsuspended",
            Some(6),
            &[
                "leadin_progresswonlost",
                "openlostwonabandonedall",
                "openwonsuspendedlostabandoned",
                "openwonlostdeleted",
                "",
            ],
        );
        let split = split_field_values(&f, &[], &words(&["lead", "status", "id"])).expect("values");
        assert_eq!(
            split.values,
            ["lead", "in_progress", "won", "lost", "open", "abandoned", "all", "suspended", "deleted"]
        );
        assert_eq!(split.subsets[3].as_deref(), Some(&["open", "won", "lost", "deleted"].map(String::from)[..]));
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        // Without the word, `lead` and `in_progress` are never printed apart: one value.
        let split = split_field_values(&f, &[], &BTreeSet::new()).expect("values");
        assert_eq!(split.values[0], "leadin_progress");
    }

    #[test]
    fn page_words_and_value_bullets_split_values_no_subset_separates() {
        let f = field("created_atupdated_at", None, &[""]);
        let split = split_field_values(&f, &[], &words(&["created_at", "updated_at", "id"])).expect("values");
        assert_eq!(split.values, ["created_at", "updated_at"]);
        let mut f = field("unifiedrawnormalizedstream", None, &[]);
        f.value_docs =
            ["unified", "raw", "normalized", "stream"].iter().map(|v| (v.to_string(), String::new())).collect();
        assert_eq!(
            split_field_values(&f, &[], &BTreeSet::new()).expect("values").values,
            ["unified", "raw", "normalized", "stream"]
        );
    }

    #[test]
    fn values_printed_in_both_orders() {
        let f = field(
            "accountcontactleadopportunity",
            None,
            &["accountcontactopportunity", "contactaccountopportunitylead", "accountcontact", ""],
        );
        let split = split_field_values(&f, &[], &BTreeSet::new()).expect("values");
        assert_eq!(split.values, ["account", "contact", "lead", "opportunity"]);
        assert_eq!(
            split.subsets[1].as_deref(),
            Some(&["contact", "account", "opportunity", "lead"].map(String::from)[..])
        );
        assert!(split.problems.is_empty(), "{:?}", split.problems);
    }

    #[test]
    fn values_with_spaces() {
        let f = field("openin progresswon", None, &["in progresswon", "openwon"]);
        let split = split_field_values(&f, &[], &BTreeSet::new()).expect("values");
        assert_eq!(split.values, ["open", "in progress", "won"]);
    }

    #[test]
    fn known_values_come_first_and_misfits_are_reported() {
        let f = field("abcd", None, &["cdab", "abx"]);
        let split = split_field_values(&f, &["ab", "cd"], &BTreeSet::new()).expect("values");
        assert_eq!(split.values, ["ab", "cd"]);
        assert_eq!(split.subsets[1], None);
        assert_eq!(split.problems.len(), 1, "{:?}", split.problems);
        assert!(split.problems[0].contains("stuck at `x`"));
        let cut = field("abcd", Some(5), &["abcd"]);
        let split = split_field_values(&cut, &["ab", "cd"], &BTreeSet::new()).expect("values");
        assert!(split.problems[0].contains("some values may be missing"), "{:?}", split.problems);
        assert_eq!(split_field_values(&DocField::new("f", None), &[], &BTreeSet::new()), None);
    }

    #[test]
    fn short_words_and_prefixes_do_not_split_values() {
        let f = field("paidunpaid", None, &["paid", "unpaid"]);
        let split = split_field_values(&f, &[], &words(&["id", "paid"])).expect("values");
        assert_eq!(split.values, ["paid", "unpaid"]);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        let f = field("activeinactive", None, &["inactive", "active"]);
        assert_eq!(split_field_values(&f, &[], &BTreeSet::new()).expect("values").values, ["active", "inactive"]);
    }
}
