"""The personal data of the site's content (PDPA; registry in privacy.registry): Wagtail's
models (the scale-up tracker declares its own rows in tracker/privacy.py).

Editors' work on site content stays, linked to the anonymised account: pages, revisions, logs
and comments are the audit trail of what the site published.
"""

from django.utils.translation import gettext_lazy as _

from privacy.registry import anonymised_link, delete, no_rows, of_person, register, rows, unlink

# Section titles where Wagtail's own Thai is missing or reads oddly ("หลายๆหน้า").
_TITLES = {
    "wagtailcore.uploadedfile": _("Uploaded files"),
    "wagtailcore.page": _("Pages I own"),
    "wagtailcore.pagesubscription": _("Page subscriptions"),
}

for label, field in [
    ("wagtaildocs.document", "uploaded_by_user"),
    ("wagtailimages.image", "uploaded_by_user"),
    ("wagtailcore.uploadedfile", "uploaded_by_user"),
]:
    register(
        label,
        export=rows(of_person(label, field), ["title", "created_at"]),
        erase=unlink(of_person(label, field), field),
        title=_TITLES.get(label),
    )
for label in ("wagtailadmin.editingsession", "wagtailadmin.formstate"):
    register(label, export=no_rows, erase=delete(of_person(label, "user")))
register(
    "wagtailcore.apitoken",
    export=rows(of_person("wagtailcore.apitoken", "user"), ["name"]),
    erase=delete(of_person("wagtailcore.apitoken", "user")),
)
register(
    "wagtailcore.pagesubscription",
    export=rows(
        of_person("wagtailcore.pagesubscription", "user"), ["page", "comment_notifications"]
    ),
    erase=delete(of_person("wagtailcore.pagesubscription", "user")),
    title=_TITLES["wagtailcore.pagesubscription"],
)
register(
    "wagtailcore.page",
    export=rows(of_person("wagtailcore.page", "owner"), ["title", "first_published_at"]),
    erase=unlink(of_person("wagtailcore.page", "locked_by"), "locked_by"),
    title=_TITLES["wagtailcore.page"],
)
for label, field, fields in [
    ("wagtailcore.revision", "user", ["created_at", "object_str"]),
    ("wagtailcore.pagelogentry", "user", ["timestamp", "action", "label"]),
    ("wagtailcore.modellogentry", "user", ["timestamp", "action", "label"]),
    ("wagtailcore.workflowstate", "requested_by", ["created_at", "status"]),
    ("wagtailcore.taskstate", "finished_by", ["started_at", "status"]),
    ("wagtailcore.comment", "user", ["created_at", "text"]),
    ("wagtailcore.commentreply", "user", ["created_at", "text"]),
]:
    register(
        label,
        export=rows(of_person(label, field), fields),
        erase=anonymised_link("audit trail of site content"),
    )
