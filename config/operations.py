"""What operations watch: readiness and liveness probes, Prometheus metrics, JSON logs with the request id.

- `/health/live/`: the process answers (no dependency is checked, so a slow database never restarts it).
- `/health/ready/`: django-health-check runs the database, Redis (when REDIS_URL is set), clamd (when the
  scanner is ClamAV) and the evidence store; any failure answers 500, so a load balancer stops sending work.
- `/metrics`: django-prometheus request metrics plus the work that must not fall behind, read from the
  database at scrape time (a few indexed counts): clocks due and not yet swept with the sweep's lag, the
  notification outbox backlog and its oldest row, evidence files waiting for the malware scan. Served to
  loopback callers, or to any caller giving `Authorization: Bearer <METRICS_TOKEN>`.
- `LOG_FORMAT=json`: one JSON object per log line, with the request id the audit trail records.
"""

import contextlib
import dataclasses
import hmac
import socket

from django.conf import settings
from django.core.files.storage import storages
from django.http import HttpResponse, HttpResponseNotFound
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily


@dataclasses.dataclass
class EvidenceStore(HealthCheck):
    """The evidence store answers a lookup (read only: nothing is written into the custody store)."""

    def run(self):
        try:
            storages["evidence"].exists("health-probe")
        except Exception as exc:  # any backend error means evidence cannot be read or written now
            raise ServiceUnavailable(f"Evidence store unreachable ({exc.__class__.__name__})") from exc


@dataclasses.dataclass
class Clamd(HealthCheck):
    """clamd answers PING on its socket (only when the scanner in use is ClamAV)."""

    def run(self):
        if settings.EVIDENCE_SCANNER != "clamav":
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(5)
                conn.connect(settings.EVIDENCE_CLAMD_SOCKET)
                conn.sendall(b"zPING\0")
                reply = conn.recv(64)
        except OSError as exc:
            raise ServiceUnavailable(f"clamd unreachable ({exc.__class__.__name__})") from exc
        if not reply.startswith(b"PONG"):
            raise ServiceUnavailable("clamd did not answer PONG")


def _redis_factory():
    from redis.asyncio import Redis

    return Redis.from_url(settings.REDIS_URL, socket_timeout=3, socket_connect_timeout=3)


def readiness_checks() -> list:
    checks = [Database, EvidenceStore, Clamd]
    if settings.REDIS_URL:
        from health_check.contrib.redis import Redis

        checks.append((Redis, {"client_factory": _redis_factory}))
    return checks


class ReadinessView(HealthCheckView):
    def get_checks(self):
        self.checks = readiness_checks()
        return super().get_checks()


class LivenessView(HealthCheckView):
    checks = ()


class WorkBacklogCollector:
    """Gauges of the work that must not fall behind, read from the database when Prometheus scrapes."""

    NAMES = ("cases_sweep_due_rows", "cases_sweep_lag_days", "cases_outbox_pending",
             "cases_outbox_oldest_pending_seconds", "evidence_scan_pending", "evidence_scan_oldest_pending_seconds")

    def describe(self):
        # Registering asks for the names; without describe() it would run the queries at start-up.
        return [GaugeMetricFamily(name, name) for name in self.NAMES]

    def collect(self):
        from django.db.models import Count, Min, Q
        from django.utils import timezone

        from cases.models import Deadline, DeadlineState, Notification
        from cases.services.support import latest_local_date
        from evidence.models import EvidenceFile

        day = latest_local_date()
        due = Deadline.objects.filter(state=DeadlineState.OPEN).filter(
            Q(due_date__lt=day, escalated_on__isnull=True) | Q(next_reminder_on__lte=day))
        row = due.aggregate(n=Count("id"), oldest_due=Min("due_date"), oldest_reminder=Min("next_reminder_on"))
        oldest = min([d for d in (row["oldest_due"], row["oldest_reminder"]) if d], default=None)
        yield GaugeMetricFamily("cases_sweep_due_rows", "Open clocks due for a lapse or a reminder, not yet swept.",
                                value=row["n"])
        lag = (day - oldest).days if oldest else 0
        yield GaugeMetricFamily("cases_sweep_lag_days",
                                "Days between today and the oldest date a due clock was waiting on.", value=lag)
        pending = Notification.objects.filter(delivery_status="pending").aggregate(
            n=Count("id"), oldest=Min("created_at"))
        yield GaugeMetricFamily("cases_outbox_pending", "Notifications waiting to be delivered.", value=pending["n"])
        age = (timezone.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0
        yield GaugeMetricFamily("cases_outbox_oldest_pending_seconds", "Age of the oldest pending notification.",
                                value=age)
        waiting = EvidenceFile.objects.filter(scan_status="pending").aggregate(n=Count("id"), oldest=Min("uploaded_at"))
        yield GaugeMetricFamily("evidence_scan_pending", "Evidence files waiting for the malware scan.",
                                value=waiting["n"])
        scan_age = (timezone.now() - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0
        yield GaugeMetricFamily("evidence_scan_oldest_pending_seconds", "Age of the oldest file waiting for a scan.",
                                value=scan_age)


_collector = WorkBacklogCollector()
with contextlib.suppress(ValueError):  # registered already (module re-imported)
    REGISTRY.register(_collector)


def metrics(request):
    """Prometheus text format; loopback callers, or a bearer token equal to METRICS_TOKEN."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    allowed = (bool(token) and hmac.compare_digest(given, f"Bearer {token}")) or (
        not token and request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1"))
    if not allowed:
        return HttpResponseNotFound("Not found.")
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
