//! The typed calls of lists: every page by cursor, every record, a page limit, and lists keyed
//! by a field.

use std::future::Future;

use futures_util::Stream;

use super::{Call, Receive, pages};
use crate::Error;
use crate::request::{Keyed, KeyedPage, ListEndpoint, Page, Unified};

impl<E: ListEndpoint + Send + 'static> Call<E, Unified> {
    /// The most pages [`Call::pages`] and [`Call::items`] fetch: after that many, a list that
    /// names a next page ends with [`Error::PageLimit`], which holds its cursor. No limit by
    /// default; the first page is always fetched (`0` reads as `1`).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.options.set_max_pages(pages);
        self
    }

    /// Every page, fetched one after another by cursor. Ends on a null or empty cursor; a
    /// cursor seen among the last 1024 ends it with [`Error::RepeatedCursor`] instead of
    /// looping, and a page past [`Call::max_pages`] with [`Error::PageLimit`].
    pub fn pages(self) -> impl Stream<Item = Result<Page<E::Item>, Error>> + 'static {
        pages::pages(self)
    }

    /// Every record of every page. A record that did not decode comes as
    /// [`Error::InvalidRecord`] in its place and the stream goes on (`try_collect` stops there;
    /// [`Call::pages`] keeps such records in [`Page::invalid`]).
    pub fn items(self) -> impl Stream<Item = Result<E::Item, Error>> + 'static {
        pages::items(self)
    }

    /// Asks for the records keyed by `field` (Truto's `truto_key_by`): the answer is a
    /// [`KeyedPage`], the records by the value of that field, and `.pages()` gives every such
    /// page. The call fails when it is built if `field` is empty.
    ///
    /// A list asked for without it whose answer is keyed anyway is a decode error that says
    /// so: its records are never read as a list.
    pub fn key_by(mut self, field: impl Into<String>) -> Call<E, Keyed> {
        let field = field.into();
        if field.is_empty() {
            self.options.reject("the field to key a list by (`key_by`) is empty");
        }
        self.options.set_key_by(field);
        self.with_format()
    }
}

impl<E: ListEndpoint + Send + 'static> Call<E, Keyed> {
    /// The most pages [`Call::pages`] fetches, as for a list that is not keyed.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.options.set_max_pages(pages);
        self
    }

    /// Every keyed page, fetched one after another by cursor, as for a list that is not keyed:
    /// ends on a null or empty cursor, a repeated cursor or a page past the limit.
    pub fn pages(self) -> impl Stream<Item = Result<KeyedPage<E::Item>, Error>> + 'static {
        pages::pages(self)
    }
}

/// Paging is the same for every format whose page has a cursor (`unified`'s [`Page`], a
/// keyed list's [`KeyedPage`]).
impl<E: ListEndpoint, F: Receive<E, Output: pages::Cursored>> pages::Paged for Call<E, F> {
    type Page = F::Output;

    fn following(&self) -> Self {
        self.again()
    }

    fn set_cursor(&mut self, cursor: String) {
        self.request.set_next_cursor(Some(cursor));
    }

    fn max_pages(&self) -> Option<usize> {
        self.options.max_pages()
    }

    fn fetch(self) -> impl Future<Output = Result<F::Output, Error>> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use crate::Client;
    use crate::fixture::ListDeals;

    #[test]
    fn a_keyed_list_asks_for_its_key_and_an_empty_key_is_refused() {
        let client = Client::new("token");
        let keyed = client.call(ListDeals::default()).key_by("email").build().expect("keyed");
        assert_eq!(keyed.uri().query(), Some("integrated_account_id=&truto_key_by=email"));
        let error = client.call(ListDeals::default()).key_by("").build().expect_err("an empty key");
        assert!(error.to_string().contains("the field to key a list by (`key_by`) is empty"), "{error}");
    }
}
