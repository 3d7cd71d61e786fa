"""OutboxMessage moves to the ``outbox`` app, keeping its rows: the table takes that app's name
(no copy), and the model leaves this app's state; ``outbox`` 0001 creates its state on the
renamed table and renames the content type."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lms", "0004_outbox_recipient"),
    ]

    operations = [
        migrations.AlterModelTable(name="outboxmessage", table="outbox_outboxmessage"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
        ),
    ]
