"""Twenty officers browsing queues and detention pages against gunicorn, with locust (not a test).

It uses a database already filled by `manage.py generate_scale` (BENCH_DATABASE_URL, a throw-away
PostgreSQL database: this script sets the password of its scale-officer-N accounts), starts gunicorn on
127.0.0.1 with `--workers` processes, and runs locust headless for `--seconds` with `--users` officers who
sign in once and then, with a second's think time, open their work queue (first page and a later page by
its cursor link), the overdue tab, All clocks, and detention pages they can see. It prints requests per
second and the 50th/95th/99th percentile response times by page, and the totals.

    BENCH_DATABASE_URL=postgres://app:apppw@127.0.0.1:54330/bench_db \\
        PYTHONPATH=. .venv/bin/python benchmarks/load_officers.py --users 20 --seconds 60 --workers 4

Only 127.0.0.1 is targeted; the run is bounded by --seconds. Figures: docs/scale.md.
"""

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import time

URL = os.environ.get("BENCH_DATABASE_URL", "")
if not URL.startswith("postgres"):
    sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database filled by manage.py generate_scale.")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Staff sign in with a password only here: two-factor codes cannot be typed by a load tool.
os.environ["ACCOUNTS_STAFF_TWO_FACTOR"] = "false"

# locust patches the standard library for gevent when imported: before Django opens anything.
import django  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

django.setup()

from cases import queries  # noqa: E402
from cases.models import User  # noqa: E402

PASSWORD = "load-test-only-2026"
VISIBLE: dict[str, list[int]] = {}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CURSOR = re.compile(r'usa-pagination__next-page" href="(\?[^"]+)"')


def prepare_officers(count: int) -> list[str]:
    """The scale officers, with a known password, and the detention ids each may open (a sample)."""
    officers = list(User.objects.filter(username__startswith="scale-officer-", role="officer").order_by("pk")[:count])
    if len(officers) < count:
        sys.exit(f"Only {len(officers)} scale officers in the database: run manage.py generate_scale first.")
    for officer in officers:
        officer.set_password(PASSWORD)
        officer.save(update_fields=["password"])
        VISIBLE[officer.username] = list(
            queries.visible_detentions(officer).order_by("-pk").values_list("pk", flat=True)[:200])
    return [o.username for o in officers]


class Officer(HttpUser):
    wait_time = between(0.5, 1.5)
    usernames: list[str] = []

    def on_start(self):
        self.username = self.usernames.pop()
        form = self.client.get("/accounts/login/", name="sign-in form")
        found = TOKEN.search(form.text)
        token = found.group(1) if found else ""
        response = self.client.post("/accounts/login/", name="sign in", allow_redirects=False, data={
            "username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"})
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code})")
        self.next_page = None

    @task(4)
    def queue(self):
        page = self.client.get("/queue/", name="queue, first page")
        found = CURSOR.search(page.text)
        self.next_page = "/queue/" + found.group(1).replace("&amp;", "&") if found else None

    @task(2)
    def later_page(self):
        if self.next_page:
            self.client.get(self.next_page, name="queue, next page (cursor)")

    @task(1)
    def overdue(self):
        self.client.get("/queue/?tab=overdue", name="queue, overdue tab")

    @task(1)
    def all_clocks(self):
        self.client.get("/queue/clocks/", name="all clocks")

    @task(4)
    def detention(self):
        ids = VISIBLE.get(self.username) or []
        if ids:
            self.client.get(f"/detentions/{random.choice(ids)}/", name="detention page")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not start")


def warm_up(port: int, workers: int) -> None:
    """A few requests per worker before the clock starts: first requests load templates and connect."""
    import urllib.request  # noqa: PLC0415 - only here

    for _ in range(3 * workers):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=60) as answer:
            answer.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 900 or not 1 <= args.users <= 200:
        sys.exit("--seconds must be 1-900 and --users 1-200: the load stays bounded.")
    Officer.usernames = prepare_officers(args.users)
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.load_settings", PYTHONPATH=os.getcwd(),
               DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_LOG_LEVEL="WARNING")
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--preload", "--log-level", "warning"], env=env)
    try:
        wait_until_up(port)
        warm_up(port, args.workers)
        environment = Environment(user_classes=[Officer], host=f"http://127.0.0.1:{port}", events=events)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=args.users)
        time.sleep(args.seconds)
        runner.quit()
        report(environment.stats, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(stats, args) -> None:
    print(f"\n{args.users} officers, {args.seconds} s, gunicorn {args.workers} workers on 127.0.0.1")
    print(f"{'page':32} {'requests':>8} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    rows = sorted(stats.entries.values(), key=lambda e: e.name) + [stats.total]
    for entry in rows:
        print(f"{entry.name:32} {entry.num_requests:8d} {entry.num_failures:8d} {entry.total_rps:7.1f} "
              f"{entry.get_response_time_percentile(0.5):7.0f} {entry.get_response_time_percentile(0.95):7.0f} "
              f"{entry.get_response_time_percentile(0.99):7.0f}")


if __name__ == "__main__":
    main()
