"""The tracker's tables take the tracker's names: cms_stagechange -> tracker_stagechange, and
the same for adoptions, outcomes, their history tables and the adoption-province links (an
automatic many-to-many table, renamed with its model). A rename: no row is copied."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("cms", "0012_tracker_models_move_to_tracker"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=None)
        for name in (
            "StageChange",
            "Adoption",
            "AdoptionOutcome",
            "HistoricalStageChange",
            "HistoricalAdoption",
            "HistoricalAdoptionOutcome",
        )
    ]
