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

Every query is first bounded (`bounded`), for every backend and language: double quotes are
dropped (SQLite's FTS5 query, which modelsearch writes by wrapping each word in quotes without
escaping those inside, failed on `"` with "unterminated string"; the tokenizer reads a quote
as a word break anyway, so nothing findable is lost) and a query keeps its first `MAX_WORDS`
words (a pasted 10,000-character Thai text was cut into thousands of words, one condition
each, and SQLite refused the SQL: "Expression tree is too large").

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
# Longer than any title or search a person types (a title is at most 255 characters): a longer
# query is cut before it is segmented, and only its first MAX_WORDS words are searched for.
MAX_CHARACTERS = 500
MAX_WORDS = 32


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


def bounded(query: str | SearchQuery) -> str | SearchQuery:
    """`query` without double quotes and with at most MAX_WORDS words in all its parts (Thai
    counted as segmented); "" if no word is left, which every backend answers with no results."""
    budget = [MAX_WORDS]
    return _bounded(query, budget) or ""


def _bounded_text(text: str, budget: list[int], segmented: bool = True) -> str:
    text = text.replace('"', " ")[:MAX_CHARACTERS]
    found = words(text).split() if segmented and has_thai(text) else text.split()
    kept = found[: budget[0]]
    budget[0] -= len(kept)
    return " ".join(kept)


def _bounded(query, budget: list[int]):
    if isinstance(query, str):
        return _bounded_text(query, budget)
    if isinstance(query, PlainText):
        text = _bounded_text(query.query_string, budget)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else None
    if isinstance(query, Phrase):
        # A phrase is matched as typed (a Thai phrase as one run of text, not cut into words).
        text = _bounded_text(query.query_string, budget, segmented=False)
        return Phrase(text) if text else None
    if isinstance(query, (And, Or)):
        parts = [part for sub in query.subqueries if (part := _bounded(sub, budget))]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return type(query)(parts)
    if isinstance(query, Boost):
        part = _bounded(query.subquery, budget)
        return Boost(part, query.boost) if part else None
    if isinstance(query, Not):
        part = _bounded(query.subquery, budget)
        return Not(part) if part else None
    return query  # MatchAll


class ThaiSubstringSearchMixin:
    """Sends queries with Thai script to Wagtail's substring-matching backend, the rest on."""

    def __init__(self, params):
        super().__init__(params)
        self.substring_backend = DatabaseSearchBackend(params)

    def search(self, query, model_or_queryset, **kwargs):
        query = bounded(query)
        if has_thai(query):
            return self.substring_backend.search(
                substring_query(query), model_or_queryset, **kwargs
            )
        return super().search(query, model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        query = bounded(query)
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
