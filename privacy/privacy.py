"""This app's own personal data (PDPA; registry in privacy.registry): the data requests."""

from privacy.registry import anonymised_link, of_person, register, rows

register(
    "privacy.datarequest",
    export=rows(
        of_person("privacy.datarequest", "person"),
        ["kind", "status", "reason", "requested_at", "handled_at"],
    ),
    erase=anonymised_link("the record of this very request, kept as evidence"),
)
