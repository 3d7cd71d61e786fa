import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def seed_national_strategy(apps, schema_editor):
    NationalStrategy = apps.get_model("cms", "NationalStrategy")
    MasterPlan = apps.get_model("cms", "MasterPlan")
    models = {"strategy": NationalStrategy, "master_plan": MasterPlan}
    with (DATA / "national_strategy.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            models[row["level"]].objects.update_or_create(
                number=int(row["number"]),
                defaults={"name_th": row["name_th"], "name_en": row["name_en"]},
            )
    with (DATA / "master_plan_strategies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            plan = MasterPlan.objects.get(number=int(row["master_plan"]))
            plan.strategies.add(NationalStrategy.objects.get(number=int(row["strategy"])))


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_tracker_and_national_strategy")]
    operations = [migrations.RunPython(seed_national_strategy, migrations.RunPython.noop)]
