"""DataRequest moves to the ``privacy`` app, keeping its rows: the table takes that app's name
(no copy), and the model leaves this app's state; ``privacy`` 0001 creates its state on the
renamed table and renames the content type. The lms app has no models left; its migrations stay
for the databases that ran them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lms", "0005_outboxmessage_moved_to_outbox"),
    ]

    operations = [
        migrations.AlterModelTable(name="datarequest", table="privacy_datarequest"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataRequest")],
        ),
    ]
