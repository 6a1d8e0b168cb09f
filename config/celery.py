"""The Celery application.

Configuration lives in config/settings.py under CELERY_* (read here with the CELERY namespace):
the Redis broker from REDIS_URL, JSON only, late acknowledgement with reject-on-worker-lost and a
prefetch of 1 (a task whose worker dies is delivered again rather than lost), hard and soft time
limits, a visibility timeout above the longest task, broker retry on start-up and the static beat
schedule. Without REDIS_URL tasks run eagerly, which is what the test suite and a bare runserver use.

Run: `celery -A config worker` and `celery -A config beat` (the Procfile does both).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("forced_labor_cases")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Capability subpackages of cases keep their own tasks module.
app.autodiscover_tasks(["cases.statistics"])
