"""OutboxMessage now belongs to the ``outbox`` app (its 0001 renamed the table and content
type): only the old state goes, no table is touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lms", "0004_outbox_recipient"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
        ),
    ]
