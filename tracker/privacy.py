"""The scale-up tracker's personal data (PDPA; registry in privacy.registry)."""

from privacy.registry import anonymised_link, of_person, register, rows

# The scale-up tracker: who recorded a prototype's stage change or edited an adoption is part
# of OPDC's audit trail; the rows stay, linked to the anonymised account.
register(
    "tracker.stagechange",
    export=rows(of_person("tracker.stagechange", "recorded_by"), ["stage", "changed_on"]),
    erase=anonymised_link("audit trail of prototype stages"),
)
for label, field in [
    ("tracker.historicalstagechange", "history_user"),
    ("tracker.historicaladoption", "history_user"),
    ("tracker.historicaladoptionoutcome", "history_user"),
]:
    register(
        label,
        export=rows(of_person(label, field), ["history_date", "history_type"]),
        erase=anonymised_link("audit trail of the scale-up tracker"),
    )
