"""Upload throughput and server memory through the real upload path.

Starts the project under gunicorn (one sync worker, as deployed) or runserver on 127.0.0.1 with a
throw-away SQLite database and evidence directory, signs in through the login form, and uploads a
generated file of each size with curl (streamed from disk, multipart, as a browser sends it) to
/evidence/upload/investigation/<id>/. For each size it reports, in the same run on the same file:

- sha256sum's throughput (the floor any hashing upload must stay near; target: upload >= half of it),
- the upload's throughput, end to end (curl started until the redirect to the file page arrives,
  including the multipart parsing, hashing, type check, storage, database rows and the scan hand-off),
- the server process's peak resident memory (VmHWM from /proc; target: < 150 MB and the same for both
  sizes). Each size runs on a fresh server so its peak is its own; each is uploaded --repeat times
  (fresh bytes each time) and the medians are reported, since other work on the machine adds noise;
- CPU seconds per GB spent by sha256sum and by the server process, which other work does not inflate.

    .venv/bin/python benchmarks/upload_throughput.py                 # 100 MB and 1 GB under gunicorn
    .venv/bin/python benchmarks/upload_throughput.py --sizes-mb 100 --server runserver
"""

import argparse
import http.cookiejar
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench-pass-2026!x"
SETUP = """
import datetime
from cases.models import Investigation, User
officer = User.objects.create_user("bench-officer", password={password!r}, role="officer", port_code="1001")
investigation = Investigation.objects.create(
    reference="INV-BENCH-0001", allegation_source="benchmark", allegation_received_on=datetime.date(2026, 1, 5),
    allegation_summary="Upload benchmark.", subject="Benchmark producer", merchandise="Gloves", country="MY",
    receiving_port_code="1001", status="under_investigation")
print(investigation.pk)
"""


def environment(work: Path, max_bytes: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "EVIDENCE_ROOT": str(work / "evidence"),
        "EVIDENCE_UPLOAD_TEMP_DIR": str(work / "incoming"),
        "EVIDENCE_MAX_UPLOAD_BYTES": str(max_bytes),
        "EVIDENCE_SCANNER": "none",  # the scan runs after the request; this measures the upload itself
        "DJANGO_LOG_LEVEL": "WARNING",
    })
    env.pop("REDIS_URL", None)
    return env


def prepare(work: Path, env: dict) -> int:
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP.format(password=PASSWORD)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


def generate(path: Path, size: int) -> None:
    """A PDF header followed by random bytes: passes the type check, compresses nowhere."""
    header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    with open(path, "wb") as out, open("/dev/urandom", "rb") as random:
        out.write(header)
        remaining = size - len(header)
        while remaining:
            chunk = random.read(min(remaining, 8 * 1024 * 1024))
            out.write(chunk)
            remaining -= len(chunk)


def start_server(kind: str, port: int, env: dict) -> tuple[subprocess.Popen, int]:
    if kind == "gunicorn":
        cmd = [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}",
               "--timeout", "600", "--log-level", "warning"]
    else:
        cmd = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"server exited: {server.stderr.read().decode()}") from None
            time.sleep(0.2)
    else:
        raise RuntimeError("server did not answer within 30 s")
    return server, worker_pid(server.pid, kind)


def worker_pid(pid: int, kind: str) -> int:
    """gunicorn serves requests in a child of the master; runserver in its own process."""
    if kind != "gunicorn":
        return pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0])


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def sign_in(base: str, jar_path: Path) -> str:
    jar = http.cookiejar.MozillaCookieJar(str(jar_path))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "bench-officer", "password": PASSWORD,
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/accounts/login/", data=form, headers={"Referer": base})).read()
    if not any(c.name == "sessionid" for c in jar):
        raise RuntimeError("sign-in failed")
    jar.save(ignore_discard=True, ignore_expires=True)
    return next(c.value for c in jar if c.name == "csrftoken")


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process: what it cost, whatever else the machine was doing."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def upload(base: str, work: Path, csrf: str, sample: Path, investigation_id: int) -> float:
    seconds, out = timed([
        "curl", "--silent", "--show-error", "--output", "/dev/null",
        "--write-out", "%{http_code} %{redirect_url}",
        "--cookie", str(work / "cookies.txt"), "--header", f"X-CSRFToken: {csrf}", "--header", "Expect:",
        "--form", "category=investigation_evidence", "--form", f"file=@{sample};type=application/pdf",
        f"{base}/evidence/upload/investigation/{investigation_id}/",
    ])
    status, redirect = out.split(" ", 1)
    if status != "302" or "/evidence/files/" not in redirect:
        raise RuntimeError(f"upload failed: HTTP {status} {redirect}")
    return seconds


def measure(size_mb: int, server_kind: str, port: int, repeat: int) -> dict:
    """`repeat` uploads of fresh bytes on one fresh server; medians of the throughputs, the server's peak RSS."""
    size = size_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="upload-bench-", dir=ROOT / "var") as tmp:
        work = Path(tmp)
        env = environment(work, max_bytes=max(size + 1024 * 1024, 100 * 1024 * 1024))
        investigation_id = prepare(work, env)
        sample = work / f"sample-{size_mb}mb.pdf"
        generate(sample, size)
        server, pid = start_server(server_kind, port, env)
        sha_rates, upload_rates, digests, sha_cpu, server_cpu = [], [], [], [], []
        try:
            base = f"http://127.0.0.1:{port}"
            csrf = sign_in(base, work / "cookies.txt")
            rss_before = peak_rss_mb(pid)
            for _ in range(repeat):
                with open(sample, "r+b") as f:  # new bytes each time, so no upload is a stored duplicate
                    f.seek(-16, os.SEEK_END)
                    f.write(os.urandom(16))
                cpu_before = children_cpu_seconds()
                sha_seconds, sha_out = timed(["sha256sum", str(sample)])
                sha_cpu.append(children_cpu_seconds() - cpu_before)
                digests.append(sha_out.split()[0])
                sha_rates.append(size_mb / sha_seconds)
                cpu_before = process_cpu_seconds(pid)
                upload_rates.append(size_mb / upload(base, work, csrf, sample, investigation_id))
                server_cpu.append(process_cpu_seconds(pid) - cpu_before)
            rss_peak = peak_rss_mb(pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        stored = [d for d in digests if list((work / "evidence").rglob(d))]
        leftovers = os.listdir(work / "incoming") if (work / "incoming").exists() else []
        if len(stored) != repeat or leftovers:
            raise RuntimeError(f"stored {len(stored)} of {repeat} uploads; left in the temporary directory: "
                               f"{leftovers}")
        return {
            "size_mb": size_mb, "sha256sum_mb_s": statistics.median(sha_rates),
            "upload_mb_s": statistics.median(upload_rates), "rss_before_mb": rss_before, "rss_peak_mb": rss_peak,
            "sha256sum_cpu_s_per_gb": statistics.median(sha_cpu) * 1024 / size_mb,
            "server_cpu_s_per_gb": statistics.median(server_cpu) * 1024 / size_mb,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[100, 1024])
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--repeat", type=int, default=3, help="uploads per size; medians are reported")
    args = parser.parse_args()
    if not shutil.which("curl"):
        sys.exit("curl is needed to stream the upload from disk")
    (ROOT / "var").mkdir(exist_ok=True)
    results = [measure(size_mb, args.server, args.port, args.repeat) for size_mb in args.sizes_mb]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"server: {args.server}, {os.cpu_count()} CPUs, load average after the run {load}; MB = 2^20 bytes")
    print(f"medians of {args.repeat} runs per size")
    print(f"{'size':>8} {'sha256sum':>12} {'upload':>12} {'ratio':>6} {'RSS idle':>9} {'RSS peak':>9} "
          f"{'CPU s/GB: sha256sum':>20} {'server':>7}")
    for r in results:
        print(f"{r['size_mb']:>6}MB {r['sha256sum_mb_s']:>7.0f} MB/s {r['upload_mb_s']:>7.0f} MB/s "
              f"{r['upload_mb_s'] / r['sha256sum_mb_s']:>6.2f} {r['rss_before_mb']:>6.1f} MB "
              f"{r['rss_peak_mb']:>6.1f} MB {r['sha256sum_cpu_s_per_gb']:>20.2f} {r['server_cpu_s_per_gb']:>7.2f}")
    ok = all(r["upload_mb_s"] >= r["sha256sum_mb_s"] / 2 and r["rss_peak_mb"] < 150 for r in results)
    print("targets (upload >= half of sha256sum, peak RSS < 150 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
