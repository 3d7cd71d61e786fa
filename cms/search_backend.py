"""Wagtail's search backend, made to find Thai words inside longer Thai text.

The database backend (SQLite FTS5, PostgreSQL tsvector) splits text into words at spaces and
punctuation. Thai is written without spaces, so "ออกแบบบริการด้านที่ดินใหม่" is one "word" to it
and a search for "ที่ดิน" finds nothing: in the admin's page search, page listing search, page
chooser, image and document libraries, everything that calls `.search()` or `.autocomplete()`.

This backend is the database backend for the database in use (so indexing, English search and
ranking are unchanged), except that a query with Thai script in it is cut into words the way the
public search cuts it (`cms.thai_search.segment`, after `thai.text.fold` drops pasted zero-width
characters), and each word must occur somewhere in one of the model's searchable text columns
(a case-insensitive substring match: Wagtail's own fallback backend). For pages in general that
column is the title; a search limited to one page type also looks in that type's text fields.

It is set as the `default` backend in `WAGTAILSEARCH_BACKENDS`, the documented way to choose a
backend, rather than by patching Wagtail's views: every admin screen and every caller picks it up.
"""

import re
from functools import cache

from wagtail.search.backends import database
from wagtail.search.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from cms.thai_search import segment
from thai.text import fold

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def has_thai(query: str | SearchQuery) -> bool:
    """Whether a query string, or any part of a parsed query, has Thai script."""
    if isinstance(query, str):
        return bool(_THAI.search(query))
    if isinstance(query, (PlainText, Phrase)):
        return has_thai(query.query_string)
    if isinstance(query, (And, Or)):
        return any(has_thai(subquery) for subquery in query.subqueries)
    if isinstance(query, (Boost, Not)):
        return has_thai(query.subquery)
    return False


def words(text: str) -> str:
    """`text` as space-separated words, Thai segmented; the folded text if nothing is left."""
    text = fold(text)
    return " ".join(segment(text)) or text.strip()


def substring_query(query: str | SearchQuery) -> str | SearchQuery:
    """The query for the substring backend: every Thai run cut into words."""
    if isinstance(query, str):
        return words(query)
    if isinstance(query, PlainText):
        return PlainText(words(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(fold(query.query_string))
    if isinstance(query, And):
        return And([substring_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Or):
        return Or([substring_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Boost):
        return Boost(substring_query(query.subquery), query.boost)
    if isinstance(query, Not):
        return Not(substring_query(query.subquery))
    return query


class ThaiSubstringSearchMixin:
    """Sends queries with Thai script to Wagtail's substring-matching backend, the rest on."""

    def __init__(self, params):
        super().__init__(params)
        self.substring_backend = DatabaseSearchBackend(params)

    def search(self, query, model_or_queryset, **kwargs):
        if has_thai(query):
            return self.substring_backend.search(
                substring_query(query), model_or_queryset, **kwargs
            )
        return super().search(query, model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        if has_thai(query):
            return self.substring_backend.autocomplete(
                substring_query(query), model_or_queryset, **kwargs
            )
        return super().autocomplete(query, model_or_queryset, **kwargs)


@cache
def _thai_backend_class(backend_class: type) -> type:
    return type(f"Thai{backend_class.__name__}", (ThaiSubstringSearchMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The database backend Wagtail picks for this database, with Thai queries as above."""
    backend_class = type(database.SearchBackend(params))
    return _thai_backend_class(backend_class)(params)
