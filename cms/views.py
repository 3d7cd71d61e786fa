from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale

from cms import thai_search


def search(request):
    """Courses, modules and case studies in the active language, Thai words segmented."""
    query = request.GET.get("q", "").strip()[:200]
    results = thai_search.search(query, Locale.get_active()) if query else []
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {"query": query, "results": page, "result_count": len(results)},
    )
