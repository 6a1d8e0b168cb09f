"""Celery tasks of the statistics: thin, idempotent."""

from celery import shared_task

from cases.services.support import today
from cases.statistics.snapshots import refresh_snapshots


@shared_task(name="statistics.refresh_snapshots")
def refresh_statistics_snapshots() -> int:
    """Recompute the summary rows of the widest statistics views (safe to run twice: it overwrites them)."""
    return refresh_snapshots(today=today())
