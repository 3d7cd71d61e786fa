from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Cohorts and attendance")

    def ready(self):
        # Stored public pages that show seats left, open cohorts or people trained are retired
        # when an enrolment or a cohort changes (cms/page_cache.py): at once, and again once the
        # change is committed, for a page built in between from what was there before.
        from django.db.models.signals import post_delete, post_save

        from courses.models import Cohort, Enrollment, SeatQuota

        for model in (Cohort, Enrollment, SeatQuota):
            for signal in (post_save, post_delete):
                signal.connect(
                    _retire_pages_with_live_figures,
                    sender=model,
                    dispatch_uid=f"courses-live-figures-{signal is post_save}-{model.__name__}",
                )


def _retire_pages_with_live_figures(**_kwargs) -> None:
    from django.db import transaction

    from cms.page_cache import live_figures_changed

    live_figures_changed()
    transaction.on_commit(live_figures_changed)
