import csv
from pathlib import Path

from django.db import migrations

REGIONS = {"North": "north", "Northeast": "northeast", "Central": "central", "East": "east",
           "West": "west", "South": "south"}


def seed_provinces(apps, schema_editor):
    Province = apps.get_model("cms", "Province")
    path = Path(__file__).resolve().parent.parent / "data" / "provinces.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Province.objects.update_or_create(
                name_en=row["name_en"],
                defaults={"name_th": row["name_th"], "region": REGIONS[row["region_en"]]},
            )


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(seed_provinces, migrations.RunPython.noop)]
