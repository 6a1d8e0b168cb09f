"""The audit table refuses UPDATE and DELETE on PostgreSQL (a no-op on SQLite).

The one UPDATE allowed is the sealing step's: on a row not yet sealed, setting only chain_position,
previous_hash and hash. Every other change, and every DELETE, raises. Only a role that may drop or
disable the trigger (the table owner or a superuser) can get past it, and that leaves the checkpoints
to catch what it did.
"""

from django.db import migrations, models

CONTENT_COLUMNS = [
    "sequence", "occurred_at", "actor_id", "actor_label", "action", "object_type", "object_id",
    "detention_id", "before", "after", "reason", "request_id", "outcome", "key_id", "entry_mac",
]

CREATE = f"""
CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the audit trail is append-only: DELETE of audit event % refused', OLD.sequence
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.hash IS NOT NULL
       OR ({", ".join("NEW." + c for c in CONTENT_COLUMNS)})
          IS DISTINCT FROM ({", ".join("OLD." + c for c in CONTENT_COLUMNS)}) THEN
        RAISE EXCEPTION 'the audit trail is append-only: UPDATE of audit event % refused', OLD.sequence
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_auditevent_append_only BEFORE UPDATE OR DELETE ON cases_auditevent
    FOR EACH ROW EXECUTE FUNCTION cases_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS cases_auditevent_append_only ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_audit_sealing")]

    operations = [
        migrations.AddIndex(
            "auditevent",
            models.Index(condition=models.Q(hash__isnull=True), fields=["sequence"], name="auditevent_unsealed"),
        ),
        migrations.AddConstraint(
            "auditevent",
            models.CheckConstraint(
                condition=models.Q(hash__isnull=True, chain_position__isnull=True)
                | models.Q(hash__isnull=False, chain_position__isnull=False),
                name="auditevent_sealed_has_position",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
