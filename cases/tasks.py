"""Celery tasks: thin and idempotent; each calls a service or the outbox.

Every task may run twice (late acknowledgement redelivers a task whose worker died), so each one
claims its work with a compare-and-swap update before acting: a second run finds nothing to do.
"""

from celery import shared_task

from cases import audit, outbox, tallies
from cases.services import imports, sweep

SWEEP_TASK = "cases.sweep_deadlines"
RELAY_TASK = "cases.relay_pending_notifications"
DIGEST_TASK = "cases.send_daily_digests"
SEAL_TASK = "cases.seal_audit_events"
CHECKPOINT_TASK = "cases.write_audit_checkpoint"
IMPORT_TASK = "cases.import_entries_file"
RECOVER_IMPORTS_TASK = "cases.recover_entry_imports"
COMPACT_TALLIES_TASK = "cases.compact_work_tallies"


@shared_task(name=SEAL_TASK)
def seal_audit_events() -> int:
    # wait=False: a sealer already running seals the same events; a second run finds nothing.
    return audit.seal_pending(wait=False, durable=False)


@shared_task(name=CHECKPOINT_TASK)
def write_audit_checkpoint() -> str | None:
    return audit.write_checkpoint()


@shared_task(name=outbox.DELIVER_TASK)
def deliver_notification(notification_id: int) -> bool:
    return outbox.deliver(notification_id)


@shared_task(name=SWEEP_TASK)
def sweep_deadlines() -> dict:
    return dict(sweep.sweep_deadlines())


@shared_task(name=RELAY_TASK)
def relay_pending_notifications() -> int:
    return outbox.relay_pending()


@shared_task(name=DIGEST_TASK)
def send_daily_digests() -> int:
    return outbox.send_daily_digests()


@shared_task(name=IMPORT_TASK, acks_late=True)
def import_entries_file(job_id: int) -> str:
    # The job is claimed queued -> running; a redelivered task finds it taken and does nothing.
    return imports.run_import(job_id)


@shared_task(name=RECOVER_IMPORTS_TASK)
def recover_entry_imports() -> dict:
    return imports.recover_imports()


@shared_task(name=COMPACT_TALLIES_TASK)
def compact_work_tallies() -> dict:
    """Fold the open-work tallies' rows into one per key; safe to run twice or alongside writers."""
    before, after = tallies.compact()
    return {"rows_before": before, "rows_after": after}
