from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale

from cms import page_cache, thai_search


def search(request):
    """Courses, modules and case studies in the active language, Thai words segmented. When
    nothing matches there, the pages of the other language are searched too (a Thai civil
    servant on the English site types Thai: ที่ดิน), and the page says which language they are."""
    query = request.GET.get("q", "").strip()[:200]
    page_cache.cacheable(request)  # the same results for every anonymous visitor
    active = Locale.get_active()
    results = thai_search.search(query, active) if query else []
    other_language = None
    if query and not results:
        for locale in Locale.objects.exclude(pk=active.pk):
            results = thai_search.search(query, locale)
            if results:
                other_language = locale.language_code
                break
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": page,
            "result_count": len(results),
            "other_language": other_language,
        },
    )
