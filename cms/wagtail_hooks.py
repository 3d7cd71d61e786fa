"""Editor screens for the cms app's reference data, so OPDC staff edit it in Wagtail's admin."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import page_cache
from cms.editorial import TASK_NAME, WORKFLOW_NAME, submit_draft_modules
from cms.models import CoursePage
from cms.navigation import invalidate_content
from cms.reference import Agency, Ministry, PartnerOrganisation, Province, Theme
from thai.numbers import ChoicesByIdMixin


class ReferenceViewSet(SnippetViewSet):
    """Thai and English names side by side; search by either (plain ORM search, so it works for
    Thai text, which Wagtail's database search backend splits badly)."""

    list_display = ["name_th", "name_en"]
    search_fields = ["name_th", "name_en"]
    search_backend_name = None
    ordering = ["name_th"]
    list_per_page = 50

    def get_edit_handler(self):
        # Choosers (a ministry, a strategy) refuse text where an id belongs, with a message,
        # instead of failing while the form is shown again (a 500, found by the battery).
        handler = super().get_edit_handler()
        handler.base_form_class = ChoicesByIdForm
        return handler


class ChoicesByIdForm(ChoicesByIdMixin, WagtailAdminModelForm):
    """The reference-data and tracker forms (see thai.numbers.ChoicesByIdMixin)."""


class MinistryViewSet(ReferenceViewSet):
    model = Ministry
    icon = "site"


class AgencyViewSet(ReferenceViewSet):
    model = Agency
    icon = "group"
    list_display = ["name_th", "name_en", "abbreviation", "ministry"]
    search_fields = ["name_th", "name_en", "abbreviation"]
    list_filter = ["ministry"]


class PartnerOrganisationViewSet(ReferenceViewSet):
    model = PartnerOrganisation
    icon = "link"
    list_display = ["name_th", "name_en", "abbreviation", "website"]
    search_fields = ["name_th", "name_en", "abbreviation"]


class ThemeViewSet(ReferenceViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name_th", "name_en", "slug"]
    search_fields = ["name_th", "name_en", "slug", "description_th", "description_en"]


class ProvinceViewSet(ReferenceViewSet):
    model = Province
    icon = "globe"
    list_display = ["name_th", "name_en", "region"]
    list_filter = ["region"]
    list_per_page = 100


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        MinistryViewSet,
        AgencyViewSet,
        PartnerOrganisationViewSet,
        ThemeViewSet,
        ProvinceViewSet,
    )


register_snippet(ReferenceDataGroup)


# Reference data appears in cached page parts (themes, agencies, provinces): editing it in the
# admin refreshes them like publishing a page does (cms/navigation.py).
for _hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(_hook, lambda request, *args, **kwargs: invalidate_content())


# Submitting a course for approval submits its draft modules with it (cms.editorial).
@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def submit_modules_with_their_course(request, page):
    if "action-submit" not in request.POST or not isinstance(page.specific, CoursePage):
        return
    modules = submit_draft_modules(page.specific, request.user)
    if modules:
        messages.info(
            request,
            ngettext(
                "%(count)d module of this course was submitted with it: %(titles)s.",
                "%(count)d modules of this course were submitted with it: %(titles)s.",
                len(modules),
            )
            % {"count": len(modules), "titles": ", ".join(module.title for module in modules)},
        )


class SubmitForOpdcApprovalMenuItem(SubmitForModerationMenuItem):
    """Wagtail names the button after the workflow ("Submit to %(workflow_name)s"), and ours is
    named in both languages (a workflow's name is one field): the Thai editor read "ส่งไปยัง
    การอนุมัติโดย ก.พ.ร. / OPDC approval". The button speaks the editor's language only."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        label = str(context.get("label", ""))
        if WORKFLOW_NAME in label:
            context["label"] = _("Submit for OPDC approval")
        elif TASK_NAME in label:
            context["label"] = _("Resubmit for OPDC review")
        return context


@hooks.register("construct_page_action_menu")
def name_the_opdc_approval_in_one_language(menu_items, request, context):
    for position, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[position] = SubmitForOpdcApprovalMenuItem(order=item.order)


# A published page without a view restriction is the same for every anonymous visitor: the full-
# page cache may keep it (cms/page_cache.py decides, from the request and the answer). Wagtail's
# own restriction check answers the restricted ones before this hook's verdict would count.
@hooks.register("before_serve_page")
def whole_page_may_be_cached(page, request, serve_args, serve_kwargs):
    if getattr(request, "is_preview", False) or not page.live:
        return None
    if not page.get_view_restrictions().exists():
        page_cache.cacheable(request)
    return None
