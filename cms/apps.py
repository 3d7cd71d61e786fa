from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content and reference data")

    def ready(self):
        # The one place the cms listens to signals: cached menus and page parts must follow the tree
        # whoever changes it (an editor, scheduled publishing, the demo loader); approvals.
        from wagtail import signals

        from cms.navigation import invalidate_content, invalidate_content_on_delete

        for signal in (
            signals.page_published,
            signals.page_unpublished,
            signals.post_page_move,
            signals.page_slug_changed,
        ):
            signal.connect(invalidate_content, dispatch_uid=f"cms-content-{id(signal)}")
        # Deleting a page sends none of the above.
        post_delete.connect(invalidate_content_on_delete, dispatch_uid="cms-content-delete")
        # Approving a course approves the modules submitted with it (cms/editorial.py).
        from cms.editorial import approve_modules_with_their_course

        signals.workflow_approved.connect(
            approve_modules_with_their_course, dispatch_uid="cms-approve-modules-with-course"
        )
        # Sites (cms/middleware.py caches which site a host is for).
        from wagtail.models import Site

        post_save.connect(invalidate_content, sender=Site, dispatch_uid="cms-content-site-save")
        post_delete.connect(invalidate_content, sender=Site, dispatch_uid="cms-content-site-delete")
