"""The personal data of the project layer's models (PDPA; registry in privacy.registry)."""

from privacy.registry import anonymised_link, of_person, register, rows

register(
    "lms.datarequest",
    export=rows(
        of_person("lms.datarequest", "person"),
        ["kind", "status", "reason", "requested_at", "handled_at"],
    ),
    erase=anonymised_link("the record of this very request, kept as evidence"),
)
