"""The course catalogue: filters, sort order and pages of the CourseIndexPage.

Queries stay constant however many courses there are: one count, one page of courses with
their themes prefetched, and the theme list for the filter.
"""

from django import forms
from django.core.paginator import Paginator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.navigation import content_version
from cms.pages import CoursePage, DeliveryMode, TeachingLanguage
from cms.reference import Theme

PER_PAGE = 12

SORT_ORDERS = {
    "title": ("title", _("Title")),
    "newest": ("-first_published_at", _("Newest")),
    "duration": ("duration_hours", _("Duration")),
}


class CatalogueFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        label=_("Theme"),
    )
    delivery_mode = forms.ChoiceField(
        choices=[("", _("Any format"))] + DeliveryMode.choices,
        required=False,
        label=_("Delivery mode"),
    )
    language = forms.ChoiceField(
        choices=[("", _("Any language"))] + TeachingLanguage.choices,
        required=False,
        label=_("Teaching language"),
    )
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (_field, label) in SORT_ORDERS.items()],
        required=False,
        label=_("Sort by"),
    )


def filter_courses(courses, data: dict):
    """`courses` narrowed by a valid CatalogueFilterForm's cleaned data, in the chosen order."""
    if data.get("theme"):
        courses = courses.filter(themes=data["theme"])
    if data.get("delivery_mode"):
        courses = courses.filter(delivery_mode=data["delivery_mode"])
    if data.get("language"):
        courses = courses.filter(teaching_language=data["language"])
    order = SORT_ORDERS.get(data.get("sort") or "title")[0]
    return courses.order_by(order, "path")


def catalogue_context(index, request) -> dict:
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    courses = filter_courses(CoursePage.objects.child_of(index).live().public(), data)
    courses = courses.prefetch_related("themes")
    page = Paginator(courses, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "courses": page,
        "filter_query": query.urlencode(),
        # The filter form and each course card are cached fragments: they change only when
        # something is published (cms/navigation.py). The form's key is its cleaned values, so
        # made-up query strings cannot fill the cache.
        "content_version": content_version(),
        "filter_key": "|".join(
            str(getattr(data.get(name), "pk", data.get(name) or "")) for name in form.fields
        ),
    }


def in_visitors_language(courses, language: str | None = None) -> dict[str, CoursePage]:
    """The live translation in `language` (default: the active one) of each of these course
    pages, by translation key, in one query. Cohorts belong to one language version of a course
    (the Thai original); pages in other languages show its translation where there is one."""
    keys = {course.translation_key for course in courses}
    if not keys:
        return {}
    language = language or translation.get_language()
    return {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(
            translation_key__in=keys, locale__language_code=language
        )
    }
