//! Pagination by cursor, shared by typed and untyped lists.

use std::collections::HashSet;
use std::future::Future;

use futures_util::{Stream, TryStreamExt};

use crate::Error;
use crate::request::Page;

/// A call of one page of a list.
pub(crate) trait Paged: Sized {
    /// One record.
    type Item;
    /// The call of the same list (its query, options and checks), for the next page.
    fn following(&self) -> Self;
    /// Sets the cursor of the page to fetch.
    fn set_cursor(&mut self, cursor: String);
    /// Fetches the page.
    fn fetch(self) -> impl Future<Output = Result<Page<Self::Item>, Error>>;
}

/// Every page, fetched one after another by cursor from `first`. Ends on a null or empty
/// cursor; a cursor seen before ends it with [`Error::RepeatedCursor`] (after the page that
/// repeated it) instead of looping.
pub(crate) fn pages<C: Paged + 'static>(first: C) -> impl Stream<Item = Result<Page<C::Item>, Error>> + 'static
where
    C::Item: 'static,
{
    /// What the next poll does.
    enum Next<C> {
        Fetch(C, HashSet<String>),
        /// The last page repeated a cursor: it was yielded, now the loop is reported.
        Loop(String),
        Done,
    }
    futures_util::stream::try_unfold(Next::Fetch(first, HashSet::new()), |next| async move {
        let (call, mut seen) = match next {
            Next::Fetch(call, seen) => (call, seen),
            Next::Loop(cursor) => return Err(Error::RepeatedCursor(cursor)),
            Next::Done => return Ok(None),
        };
        let mut following = call.following();
        let page = call.fetch().await?;
        let next = match page.next() {
            None => Next::Done,
            Some(cursor) if !seen.insert(cursor.to_owned()) => Next::Loop(cursor.to_owned()),
            Some(cursor) => {
                following.set_cursor(cursor.to_owned());
                Next::Fetch(following, seen)
            }
        };
        Ok(Some((page, next)))
    })
}

/// Every record of every page. A record that did not decode comes as
/// [`Error::InvalidRecord`] in its place and the stream goes on.
pub(crate) fn items<C: Paged + 'static>(first: C) -> impl Stream<Item = Result<C::Item, Error>> + 'static
where
    C::Item: 'static,
{
    let records =
        |page: Page<C::Item>| page.into_records().map(|r| r.map_err(|bad| Error::InvalidRecord(Box::new(bad))));
    pages(first).map_ok(move |page| futures_util::stream::iter(records(page))).try_flatten()
}
