"""The tracker in Wagtail's admin, for OPDC staff only: the "Scale-up tracker" menu (stage
changes, adoptions, and the National Strategy that cms keeps as reference data), the OPDC
dashboard's addresses and its menu item."""

from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from accounts.roles import is_opdc_staff, opdc_staff_users
from cms.pages import CaseStudyPage
from cms.strategy import MasterPlan, NationalStrategy, SubPlanTarget
from cms.wagtail_hooks import ChoicesByIdForm, ReferenceViewSet
from thai.admin_dates import date_column
from tracker.dashboard import views as dashboard
from tracker.models import Adoption, StageChange, sync_stage


class OpdcStaffOnlyPolicy(ModelPermissionPolicy):
    """Only OPDC staff and superusers see or change tracker records and strategy data;
    trainers, who also use the admin, do not even see the menu."""

    def user_has_permission(self, user, action):
        return is_opdc_staff(user)

    def user_has_any_permission(self, user, actions):
        return is_opdc_staff(user)

    def users_with_any_permission(self, actions):
        return opdc_staff_users()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


for _model in (StageChange, Adoption, NationalStrategy, MasterPlan, SubPlanTarget):
    register_permission_policy(_model, OpdcStaffOnlyPolicy(_model))


class NumberColumn(Column):
    """A count with its thousands separator (15,000, not 15000), still sorted as a number."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "" if value is None else number_format(value, force_grouping=True)


def _recorded_by(change) -> str:
    """The staff person by name, as they know each other, not their login."""
    return change.recorded_by.display_name if change.recorded_by else "–"


class StageChangeCreateView(CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class StageChangeViewSet(SnippetViewSet):
    model = StageChange
    icon = "history"
    # The addresses these screens had when the model was in cms, so staff bookmarks still work.
    url_prefix = "snippets/cms/stagechange"
    chooser_base_url_path = "snippets/choose/cms/stagechange"
    add_view_class = StageChangeCreateView
    list_display = [
        "prototype",
        "stage",
        date_column(StageChange, "changed_on"),
        Column(
            "recorded_by",
            label=capfirst(StageChange._meta.get_field("recorded_by").verbose_name),
            accessor=_recorded_by,
        ),
        date_column(StageChange, "recorded_at"),
    ]
    list_filter = ["stage"]
    search_fields = ["evidence_text"]
    search_backend_name = None
    ordering = ["-changed_on", "-pk"]

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = ChoicesByIdForm  # the prototype chooser
        return handler


class AdoptionViewSet(SnippetViewSet):
    model = Adoption
    icon = "group"
    # As for stage changes: the addresses of before the move to the tracker app.
    url_prefix = "snippets/cms/adoption"
    chooser_base_url_path = "snippets/choose/cms/adoption"
    list_display = [
        "prototype",
        "agency",
        date_column(Adoption, "started_on"),
        "stage_reached",
        NumberColumn(
            "people_served",
            label=capfirst(Adoption._meta.get_field("people_served").verbose_name),
            sort_key="people_served",
        ),
    ]
    list_filter = ["stage_reached", "agency"]
    search_fields = ["agency__name_th", "agency__name_en", "evidence_text"]
    search_backend_name = None
    ordering = ["-started_on", "-pk"]

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = ChoicesByIdForm  # the prototype and agency choosers
        return handler


class NationalStrategyViewSet(ReferenceViewSet):
    model = NationalStrategy
    icon = "pick"
    list_display = ["number", "name_th", "name_en"]
    ordering = ["number"]


class MasterPlanViewSet(ReferenceViewSet):
    model = MasterPlan
    icon = "list-ul"
    list_display = ["number", "name_th", "name_en"]
    list_filter = ["strategies"]
    ordering = ["number"]


class SubPlanTargetViewSet(ReferenceViewSet):
    model = SubPlanTarget
    icon = "success"
    list_display = ["code", "name_th", "name_en", "master_plan"]
    search_fields = ["code", "name_th", "name_en"]
    list_filter = ["master_plan"]
    ordering = ["code"]


class ScaleUpGroup(SnippetViewSetGroup):
    menu_label = _("Scale-up tracker")
    menu_icon = "resubmit"
    menu_order = 290
    items = (
        StageChangeViewSet,
        AdoptionViewSet,
        NationalStrategyViewSet,
        MasterPlanViewSet,
        SubPlanTargetViewSet,
    )


register_snippet(ScaleUpGroup)


@hooks.register("after_publish_page")
def keep_stage_with_latest_change(request, page):
    """Publishing an older revision must not roll the stage back past the recorded changes."""
    if isinstance(page.specific_deferred, CaseStudyPage):
        sync_stage(page.specific)


class OpdcStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_opdc_staff(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("opdc-dashboard/", dashboard.dashboard, name="opdc_dashboard"),
        path("opdc-dashboard/export/", dashboard.export, name="opdc_dashboard_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return OpdcStaffMenuItem(
        _("OPDC dashboard"), reverse("opdc_dashboard"), icon_name="table", order=50
    )
