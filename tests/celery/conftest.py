"""A real redis-server and real Celery worker processes, started and stopped by the tests.

Without redis-server the reliability tests are skipped locally and fail under CI=true, where .ci/run
installs it. Workers open the same test database as this process (see django_db_modify_db_settings in
tests/conftest.py) and deliver mail into a directory, one file per message.
"""

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from tests import factories

BASE_DIR = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = int(os.environ.get("REDIS_TEST_PORT") or _free_port())
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.pid = None

    def start(self):
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "yes", "--pidfile", str(self.directory / "redis.pid"), "--dir", str(self.directory),
             "--logfile", str(self.directory / "redis.log")],
            check=True,
        )
        wait_for(lambda: self._answers(), 10, "redis-server to answer")
        self.pid = int(wait_for(lambda: (self.directory / "redis.pid").exists()
                                and (self.directory / "redis.pid").read_text().strip(), 5, "redis pidfile"))

    def stop(self):
        # Read the PID first: redis deletes its pidfile on exit.
        if self.pid:
            os.kill(self.pid, signal.SIGTERM)
            wait_for(lambda: not _alive(self.pid), 10, "redis-server to stop")
            self.pid = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (apt-get install redis-server; .ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def database_url() -> str:
    """The test database as a URL the worker processes can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        assert not name.startswith("file:") and name != ":memory:", "the test database must be a file"
        # IMMEDIATE: a worker's transaction takes the write lock at its start, so two processes queue
        # for it instead of failing to upgrade a read lock ("database is locked").
        return f"sqlite:///{name}?transaction_mode=IMMEDIATE"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    def __init__(self, redis: RedisServer, maildir: Path, logs: Path):
        self.redis, self.maildir, self.logs = redis, maildir, logs
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, **extra_env) -> subprocess.Popen:
        env = {
            **os.environ, "REDIS_URL": self.redis.url, "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": database_url(), "DJANGO_EMAIL_BACKEND": "tests.celery.mailboxes.MaildirBackend",
            "TEST_MAILDIR": str(self.maildir), "CASES_NOTIFICATION_LEASE_SECONDS": "2", **extra_env,
        }
        log = self.logs / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO", "-n", f"{name}@%h"],
            cwd=BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )
        self.processes[name] = process
        wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, 60, f"worker {name}")
        assert process.poll() is None, log.read_text()
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def kill(self, name: str):
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait(10)

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def maildir(tmp_path):
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


@pytest.fixture
def workers(redis_server, maildir, tmp_path):
    pool = Workers(redis_server, maildir, tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def broker(redis_server, settings):
    """This process publishes to the test Redis instead of running tasks inline."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_write_url
    _reset_connections(redis_server.url)
    yield redis_server
    _reset_connections(previous)


def _reset_connections(url):
    # Drop the cached pools (not close: a closed pool stays referenced by kombu's producer pool).
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    app._pool = None
    app.amqp._producer_pool = None


def delivered_message_ids(directory: Path) -> list[str]:
    return [email.message_from_bytes(path.read_bytes())["Message-ID"] for path in sorted(directory.glob("*.eml"))]


@pytest.fixture
def port_staff(officer, supervisor):
    """The people of port 1001 and of another port (2704), typed by hand, for the tests of who is told."""
    return {
        "officer": officer,
        "supervisor": supervisor,
        "other port officer": factories.UserFactory(role="officer", port_code="2704", username="officer-la"),
        "port supervisor": factories.UserFactory(role="supervisor", port_code="1001", username="supervisor-ny"),
        "other port supervisor": factories.UserFactory(role="supervisor", port_code="2704", username="supervisor-la"),
        "port administrator": factories.UserFactory(role="admin", port_code="1001", username="admin-ny"),
        "inactive port officer": factories.UserFactory(role="officer", port_code="1001", username="officer-gone",
                                                       is_active=False),
    }
