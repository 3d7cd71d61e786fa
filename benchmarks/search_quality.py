"""Recall and precision of the Thai-aware search over the quality set, on the demo content.

Run against a database that holds the demo (`manage.py load_demo_data`):

    .venv/bin/python benchmarks/search_quality.py

Recall: the share of expected pages that were found. Precision: the share of found pages that
were expected (the set lists what a query must find, so extra relevant pages count against it).
"""

from _django import setup_django


def thai_aware(query, locale):
    from cms import thai_search

    return {result.page.slug for result in thai_search.search(query, locale)}


def wagtail_database_backend(query, locale):
    """The baseline: Wagtail's own search over the same three page types."""
    from cms import thai_search

    found = set()
    for model in thai_search.searchable_models():
        found |= {page.slug for page in model.objects.live().filter(locale=locale).search(query)}
    return found


def measure(search=thai_aware, queries=None):
    """Rows of (language, query, expected, found) and the micro-averaged recall and precision,
    over `queries` (the quality set, tests/cms/search_queries.py, if None)."""
    from wagtail.models import Locale

    from tests.cms.search_queries import SEARCH_QUERIES

    queries = SEARCH_QUERIES if queries is None else queries
    rows = []
    hits = expected_total = found_total = 0
    for language, query, expected in queries:
        found = search(query, Locale.objects.get(language_code=language))
        rows.append((language, query, expected, found))
        hits += len(expected & found)
        expected_total += len(expected)
        found_total += len(found)
    recall = hits / expected_total if expected_total else 1.0
    precision = hits / found_total if found_total else 1.0
    return rows, recall, precision


def main():
    setup_django("lms.settings.dev")
    rows, recall, precision = measure()
    for language, query, expected, found in rows:
        missed = expected - found
        extra = found - expected
        print(
            f"[{language}] {query!r}: found {len(found)}, missed {sorted(missed)}, extra {sorted(extra)}"
        )
    print(
        f"\nThai-aware search, {len(rows)} queries: recall {recall:.1%}  precision {precision:.1%}"
    )
    _rows, recall, precision = measure(wagtail_database_backend)
    print(f"Wagtail database backend (baseline): recall {recall:.1%}  precision {precision:.1%}")


if __name__ == "__main__":
    main()
