"""The scale-up tracker's models now belong to the tracker app (tracker 0001): cms forgets them.

State only: the tables, their rows and their history stay where they are; tracker 0002
renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0011_home_page_featured_courses"),
        ("tracker", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Those that point at Adoption first.
                migrations.DeleteModel(name="AdoptionOutcome"),
                migrations.DeleteModel(name="HistoricalAdoptionOutcome"),
                migrations.DeleteModel(name="HistoricalAdoption"),
                migrations.DeleteModel(name="HistoricalStageChange"),
                migrations.DeleteModel(name="Adoption"),
                migrations.DeleteModel(name="StageChange"),
            ]
        )
    ]
