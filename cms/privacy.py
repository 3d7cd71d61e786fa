"""The personal data of the site's content (PDPA; registry in privacy.registry): Wagtail's
models, and the scale-up tracker's audit rows.

Editors' work on site content stays, linked to the anonymised account: pages, revisions, logs
and comments are the audit trail of what the site published.
"""

from privacy.registry import anonymised_link, delete, no_rows, of_person, register, rows, unlink

# The scale-up tracker: who recorded a prototype's stage change or edited an adoption is part
# of OPDC's audit trail; the rows stay, linked to the anonymised account. These models are
# moving to tracker/ (issue 13): these registrations move with them, to tracker/privacy.py.
register(
    "cms.stagechange",
    export=rows(of_person("cms.stagechange", "recorded_by"), ["stage", "changed_on"]),
    erase=anonymised_link("audit trail of prototype stages"),
)
for label, field in [
    ("cms.historicalstagechange", "history_user"),
    ("cms.historicaladoption", "history_user"),
    ("cms.historicaladoptionoutcome", "history_user"),
]:
    register(
        label,
        export=rows(of_person(label, field), ["history_date", "history_type"]),
        erase=anonymised_link("audit trail of the scale-up tracker"),
    )

for label, field in [
    ("wagtaildocs.document", "uploaded_by_user"),
    ("wagtailimages.image", "uploaded_by_user"),
    ("wagtailcore.uploadedfile", "uploaded_by_user"),
]:
    register(
        label,
        export=rows(of_person(label, field), ["title", "created_at"]),
        erase=unlink(of_person(label, field), field),
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
)
register(
    "wagtailcore.page",
    export=rows(of_person("wagtailcore.page", "owner"), ["title", "first_published_at"]),
    erase=unlink(of_person("wagtailcore.page", "locked_by"), "locked_by"),
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
