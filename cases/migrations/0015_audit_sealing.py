"""Keyed (HMAC) audit events sealed into the chain after commit instead of under one head lock.

Rows written before this migration keep their plain SHA-256 chain and are marked key_id
"legacy-sha256" with chain_position = their sequence; the first sealed event after them records the
switch to the keyed form as a key rotation (see docs/audit.md).
"""

from django.db import migrations, models

LEGACY_KEY_ID = "legacy-sha256"


def mark_legacy_rows(apps, schema_editor):
    AuditEvent = apps.get_model("cases", "AuditEvent")
    AuditChainHead = apps.get_model("cases", "AuditChainHead")
    AuditEvent.objects.update(key_id=LEGACY_KEY_ID, chain_position=models.F("sequence"))
    AuditChainHead.objects.filter(last_position__gt=0).update(last_key_id=LEGACY_KEY_ID)
    if schema_editor.connection.vendor == "postgresql":
        # Sequences used to be written explicitly (head + 1), so PostgreSQL's own sequence never moved;
        # from now on the database assigns them: start it after the highest one written.
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_auditevent', 'sequence'), "
            "COALESCE(MAX(sequence), 1), MAX(sequence) IS NOT NULL) FROM cases_auditevent",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_protest_release_ground")]

    operations = [
        migrations.RenameField("auditchainhead", "last_sequence", "last_position"),
        migrations.AddField(
            "auditchainhead", "last_key_id", models.CharField(blank=True, max_length=40, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            "auditevent", "key_id",
            models.CharField(
                default="", max_length=40,
                help_text="Which audit key the event's MACs use; 'legacy-sha256' for unkeyed older rows.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            "auditevent", "entry_mac",
            models.CharField(
                blank=True, max_length=64, help_text="HMAC of the event's content, computed when it is inserted.",
            ),
        ),
        migrations.AddField("auditevent", "chain_position", models.BigIntegerField(blank=True, null=True, unique=True)),
        migrations.AlterField("auditevent", "previous_hash", models.CharField(blank=True, max_length=64)),
        migrations.AlterField(
            "auditevent", "hash", models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(mark_legacy_rows, migrations.RunPython.noop),
    ]
