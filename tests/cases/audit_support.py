"""Helpers for tests that attack the audit trail as someone with database access would."""

import contextlib

from django.db import connection

from cases.models import AuditEvent

TRIGGER = "cases_auditevent_append_only"


def nth(position: int) -> int:
    """The sequence number of the event sealed at chain `position` (sequences have gaps on PostgreSQL)."""
    return AuditEvent.objects.get(chain_position=position).sequence


@contextlib.contextmanager
def tampering():
    """Act as the table's owner who switches off the append-only trigger (PostgreSQL) to edit rows."""
    if connection.vendor != "postgresql":
        yield
        return
    # ALTER TABLE refuses to run while deferred foreign-key checks are pending: run them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE cases_auditevent DISABLE TRIGGER {TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE cases_auditevent ENABLE TRIGGER {TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
