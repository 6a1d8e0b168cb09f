"""Celery task of entry screening: thin and idempotent (a line raises each list entry once)."""

from celery import shared_task

from cases.screening import services


@shared_task(name=services.RESCREEN_TASK)
def rescreen_entries(list_code: str = "") -> int:
    return services.rescreen_entries(list_code)
