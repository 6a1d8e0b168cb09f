"""The Celery application: Redis broker from REDIS_URL, JSON only, late acknowledgement."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("forced_labor_cases")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
