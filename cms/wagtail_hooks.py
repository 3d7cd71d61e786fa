"""Editor screens for the cms app's reference data, so OPDC staff edit it in Wagtail's admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.navigation import invalidate_content
from cms.reference import Agency, Ministry, PartnerOrganisation, Province, Theme


class ReferenceViewSet(SnippetViewSet):
    """Thai and English names side by side; search by either (plain ORM search, so it works for
    Thai text, which Wagtail's database search backend splits badly)."""

    list_display = ["name_th", "name_en"]
    search_fields = ["name_th", "name_en"]
    search_backend_name = None
    ordering = ["name_th"]
    list_per_page = 50


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


# --- The scale-up tracker and the National Strategy: OPDC staff only ----------------------

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Q  # noqa: E402
from wagtail.permission_policies import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402
from wagtail.snippets.views.snippets import CreateView  # noqa: E402

from cms.pages import CaseStudyPage  # noqa: E402
from cms.strategy import MasterPlan, NationalStrategy, SubPlanTarget  # noqa: E402
from tracker.models import Adoption, StageChange, is_opdc_staff, sync_stage  # noqa: E402


class OpdcStaffOnlyPolicy(ModelPermissionPolicy):
    """Only OPDC staff and superusers see or change tracker records and strategy data;
    trainers, who also use the admin, do not even see the menu."""

    def user_has_permission(self, user, action):
        return is_opdc_staff(user)

    def user_has_any_permission(self, user, actions):
        return is_opdc_staff(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name="OPDC staff"), is_active=True)
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


for _model in (StageChange, Adoption, NationalStrategy, MasterPlan, SubPlanTarget):
    register_permission_policy(_model, OpdcStaffOnlyPolicy(_model))


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
    list_display = ["prototype", "stage", "changed_on", "recorded_by", "recorded_at"]
    list_filter = ["stage"]
    search_fields = ["evidence_text"]
    search_backend_name = None
    ordering = ["-changed_on", "-pk"]


class AdoptionViewSet(SnippetViewSet):
    model = Adoption
    icon = "group"
    # As for stage changes: the addresses of before the move to the tracker app.
    url_prefix = "snippets/cms/adoption"
    chooser_base_url_path = "snippets/choose/cms/adoption"
    list_display = ["prototype", "agency", "started_on", "stage_reached", "people_served"]
    list_filter = ["stage_reached", "agency"]
    search_fields = ["agency__name_th", "agency__name_en", "evidence_text"]
    search_backend_name = None
    ordering = ["-started_on", "-pk"]


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


# Reference data appears in cached page parts (themes, agencies, provinces): editing it in the
# admin refreshes them like publishing a page does (cms/navigation.py).
for _hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(_hook, lambda request, *args, **kwargs: invalidate_content())
