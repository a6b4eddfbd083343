//! Pagination by cursor, shared by typed, keyed and untyped lists.

use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::BuildHasher;

use futures_util::{Stream, TryStreamExt};

use crate::Error;
use crate::request::{KeyedPage, Page};

/// A page that may name the next one.
pub(crate) trait Cursored {
    /// The cursor of the next page; `None` on the last.
    fn next_cursor(&self) -> Option<&str>;
}

impl<T> Cursored for Page<T> {
    fn next_cursor(&self) -> Option<&str> {
        self.next()
    }
}

impl<T> Cursored for KeyedPage<T> {
    fn next_cursor(&self) -> Option<&str> {
        self.next()
    }
}

/// A call of one page of a list.
pub(crate) trait Paged: Sized {
    /// One page.
    type Page: Cursored;
    /// The call of the same list (its query, options and checks), for the next page.
    fn following(&self) -> Self;
    /// Sets the cursor of the page to fetch.
    fn set_cursor(&mut self, cursor: String);
    /// The most pages to fetch, if the call set a limit.
    fn max_pages(&self) -> Option<usize>;
    /// Fetches the page.
    fn fetch(self) -> impl Future<Output = Result<Self::Page, Error>>;
}

/// How many of the last cursors a list remembers to find a loop: a loop through more pages
/// than this is not seen, and only `max_pages` ends it.
const REMEMBERED_CURSORS: usize = 1024;

/// The last [`REMEMBERED_CURSORS`] cursors of a list, as 64-bit hashes: memory stays bounded
/// however long the list, and however long its cursors. (Two cursors with one hash would read
/// as a loop, a chance of one in 2^54 per page.)
struct RecentCursors {
    order: VecDeque<u64>,
    seen: HashSet<u64>,
    hasher: RandomState,
}

impl RecentCursors {
    fn new() -> Self {
        RecentCursors { order: VecDeque::new(), seen: HashSet::new(), hasher: RandomState::new() }
    }

    /// Remembers `cursor`; `false` when it is among the last ones.
    fn insert(&mut self, cursor: &str) -> bool {
        let hash = self.hasher.hash_one(cursor);
        if !self.seen.insert(hash) {
            return false;
        }
        self.order.push_back(hash);
        if self.order.len() > REMEMBERED_CURSORS {
            if let Some(oldest) = self.order.pop_front() {
                self.seen.remove(&oldest);
            }
        }
        true
    }
}

/// Every page, fetched one after another by cursor from `first`. Ends on a null or empty
/// cursor. A cursor seen among the last ones ends it with [`Error::RepeatedCursor`], and one
/// past the call's `max_pages` with [`Error::PageLimit`] (after the last page fetched), instead
/// of going on.
pub(crate) fn pages<C: Paged + 'static>(first: C) -> impl Stream<Item = Result<C::Page, Error>> + 'static
where
    C::Page: 'static,
{
    /// What the next poll does.
    enum Next<C> {
        Fetch {
            call: C,
            seen: RecentCursors,
            fetched: usize,
        },
        /// The last page repeated a cursor: it was yielded, now the loop is reported.
        Loop(String),
        /// The last page was the last one allowed and names another: now that is reported.
        Limit {
            pages: usize,
            next_cursor: String,
        },
        Done,
    }
    let start = Next::Fetch { call: first, seen: RecentCursors::new(), fetched: 0 };
    futures_util::stream::try_unfold(start, |next| async move {
        let (call, mut seen, fetched) = match next {
            Next::Fetch { call, seen, fetched } => (call, seen, fetched + 1),
            Next::Loop(cursor) => return Err(Error::RepeatedCursor(cursor)),
            Next::Limit { pages, next_cursor } => return Err(Error::PageLimit { pages, next_cursor }),
            Next::Done => return Ok(None),
        };
        // A limit of 0 still fetches the first page: there is no cursor to report before it.
        let limit = call.max_pages().map(|limit| limit.max(1));
        let mut following = call.following();
        let page = call.fetch().await?;
        let next = match page.next_cursor() {
            None => Next::Done,
            Some(cursor) if !seen.insert(cursor) => Next::Loop(cursor.to_owned()),
            Some(cursor) if limit.is_some_and(|limit| fetched >= limit) => {
                Next::Limit { pages: fetched, next_cursor: cursor.to_owned() }
            }
            Some(cursor) => {
                following.set_cursor(cursor.to_owned());
                Next::Fetch { call: following, seen, fetched }
            }
        };
        Ok(Some((page, next)))
    })
}

/// Every record of every page. A record that did not decode comes as
/// [`Error::InvalidRecord`] in its place and the stream goes on.
pub(crate) fn items<T, C>(first: C) -> impl Stream<Item = Result<T, Error>> + 'static
where
    T: 'static,
    C: Paged<Page = Page<T>> + 'static,
{
    let records = |page: Page<T>| page.into_records().map(|r| r.map_err(|bad| Error::InvalidRecord(Box::new(bad))));
    pages(first).map_ok(move |page| futures_util::stream::iter(records(page))).try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_cursors_are_bounded_and_find_repeats_among_them() {
        let mut recent = RecentCursors::new();
        assert!(recent.insert("a") && recent.insert("b"));
        assert!(!recent.insert("a"), "a repeat");
        for n in 0..REMEMBERED_CURSORS * 3 {
            assert!(recent.insert(&format!("fresh-{n}")), "{n}");
        }
        assert!(recent.order.len() == REMEMBERED_CURSORS && recent.seen.len() == REMEMBERED_CURSORS);
        assert!(recent.insert("a"), "forgotten after the last {REMEMBERED_CURSORS}");
        let last = format!("fresh-{}", REMEMBERED_CURSORS * 3 - 1);
        assert!(!recent.insert(&last), "the latest is remembered");
    }
}
