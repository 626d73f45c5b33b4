"""Plumbing shared by the benchmark scripts: environment, bench database, servers, wrk, tables.

Not a script (`make bench` runs bench/*.py only). Everything here targets 127.0.0.1, uses its
own PostgreSQL database (`relais_bench`) and Redis database 9, and stops what it starts.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent

PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "relais_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SITE_URL = "https://relais.example"
BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


class Skip(Exception):
    """A row (or a whole script) cannot run on this machine: print why and go on."""


# --- environment ----------------------------------------------------------------------


def bench_env(settings: str = "cms.settings.production") -> dict[str, str]:
    """The environment of every process of the bench (production settings by default)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRANIAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        SECRET_KEY="relais-bench-only-" + "x" * 50,
        SITE_URL=SITE_URL,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        RELAIS_VAR_DIR=str(VAR),
        MEDIA_ROOT=str(VAR / "media"),
        RELAIS_CLICK_STREAM="relais:clicks",
        RELAIS_LINK_SECRET="relais-bench-links",  # noqa: S106 - bench-only key
        RELAIS_CLIENT_IP_HEADER="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def setup_django() -> None:
    """Configure this process like a production web node pointed at the bench services."""
    os.environ.update(bench_env())
    sys.path.insert(0, str(ROOT))
    VAR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def check_services() -> None:
    """PostgreSQL and Redis must answer on loopback, else the script is skipped."""
    import psycopg
    import redis

    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error as exc:
        raise Skip(f"PostgreSQL not reachable at {PG_SERVER}: {exc}") from exc
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        raise Skip(f"Redis not reachable at {REDIS_URL}: {exc}") from exc


def ensure_database() -> None:
    """Create relais_bench if missing, migrate it and load the demo content (idempotent)."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and _media_lost():
            # The files under var/bench/media went away: start again from an empty database.
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    # seed_demo refuses production settings: dev settings, same database and Redis.
    dev = bench_env("cms.settings.dev")
    for args in (["migrate", "--noinput"], ["seed_demo"]):
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=dev, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def _media_lost() -> bool:
    """True when the bench database names image files that are not on disk any more."""
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as conn:
            names = conn.execute("SELECT file FROM wagtailimages_image").fetchall()
    except psycopg.Error:
        return False
    return any(not (VAR / "media" / name).exists() for (name,) in names)


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def build_live_kits() -> list[int]:
    """Build (or refresh) the kit of every live story; returns the enabled variant ids."""
    from campaigns.models import StoryPage
    from sharekits.kits.services import build_kit
    from sharekits.models import KitVariant

    for story in StoryPage.objects.live():
        build_kit(story=story)
    return list(
        KitVariant.objects.filter(enabled=True, kit__story__live=True).values_list("pk", flat=True)
    )


def real_pairs() -> list[tuple[int, int]]:
    """(ambassador, variant) of the demo's real links: an active ambassador a live story's
    campaign reaches, and an enabled variant of that story's kit."""
    from campaigns.models import Ambassador, StoryPage
    from sharekits.models import KitVariant

    pairs = []
    for story in StoryPage.objects.live().exclude(slug="bench-links").select_related("campaign"):
        people = (
            Ambassador.objects.for_campaign(story.campaign)
            if story.campaign_id
            else Ambassador.objects.active()
        )
        person_ids = list(people.values_list("pk", flat=True))
        variant_ids = KitVariant.objects.filter(kit__story=story, enabled=True).values_list(
            "pk", flat=True
        )
        pairs += [(a, v) for a in person_ids for v in variant_ids]
    return sorted(pairs)


def reset_clicks() -> None:
    """Empty the click stream, the spool, the tallies and the drain cursors of the bench."""
    from django.db import connection

    from sharekits.clicks.spool import close_spool
    from sharekits.clicks.stream import stream_name

    redis_client().delete(stream_name())
    close_spool()
    shutil.rmtree(VAR / "spool", ignore_errors=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE sharekits_clicktally, sharekits_ambassadortally, sharekits_seenvisitor,"
            " sharekits_seenaddress, sharekits_draincursor"
        )


def drain_all(*, batch_size: int = 10_000):
    """Run the drain until nothing is left; returns (report totals, batches)."""
    from sharekits.clicks.drain import DrainReport, drain_clicks

    total = DrainReport()
    while True:
        report = drain_clicks(batch_size=batch_size, max_seconds=600)
        for name in ("human", "repeat", "self", "bot", "suspect", "preview", "dropped", "batches"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if not report.applied and not report.dropped:
            return total


def counted_clicks() -> int:
    from django.db.models import Sum

    from sharekits.models import ClickTally

    sums = ClickTally.objects.aggregate(
        h=Sum("human_clicks"),
        r=Sum("repeat_clicks"),
        s=Sum("self_clicks"),
        b=Sum("bot_fetches"),
        u=Sum("suspect_clicks"),
        p=Sum("preview_fetches"),
    )
    return sum(v or 0 for v in sums.values())


# --- processes ------------------------------------------------------------------------


def tool(name: str) -> str | None:
    return shutil.which(name) or (str(VENV_BIN / name) if (VENV_BIN / name).exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(cmd: list[str], *, port: int, env=None, cwd=ROOT, log: Path) -> Iterator[int]:
    """Start a server in its own process group, wait for its port, stop the group after."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise Skip(f"{cmd[0]} exited with {proc.returncode}:\n{tail}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                raise Skip(f"{cmd[0]} did not listen on 127.0.0.1:{port} within 60 s")
            time.sleep(0.1)
        yield proc.pid
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM to the process group we created (graceful), SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Workers left behind by a killed leader are in the same group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


# --- wrk ------------------------------------------------------------------------------


WRK_LUA = """
-- Cycles over the paths below, each thread from its own offset, with a browser User-Agent.
-- Sends for `active` seconds (the first script argument), then stops sending and lets the
-- requests in flight finish: wrk's -d is longer, so no request is cut off at the end, and
-- what was sent, answered and counted can be compared exactly.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end
local paths = {%(paths)s}
local counter, deadline = 0, nil
sent = 0  -- global: read by done() through thread:get
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end
function init(args)
  counter = (thread_id or 1) * 7919
  deadline = now() + tonumber(args[1] or "10")
  wrk.headers["User-Agent"] = "%(ua)s"
end
function delay()
  if now() >= deadline then return 3600000 end
  return 0
end
function request()
  counter = counter + 1
  sent = sent + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("sent") end
  -- wrk calls request() once on the first thread to check the script (script_verify_request
  -- in wrk.c); that request is never sent.
  total = total - 1
  io.write(string.format("BENCH sent=%%d p50=%%d p99=%%d max=%%d\\n", total,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def write_lua(paths: list[str], where: Path) -> Path:
    where.parent.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{p}"' for p in paths)
    where.write_text(WRK_LUA % {"paths": quoted, "ua": BROWSER_UA})
    return where


def wrk(*, port: int, lua: Path, seconds: float, connections: int = 32, threads: int = 2) -> dict:
    """One wrk run against 127.0.0.1:port; returns requests, rps, p50/p99 (ms), errors.

    The script sends for `seconds`; wrk runs 2 s longer so that the last requests complete.
    Requests per second are answered requests over the `seconds` of sending.
    """
    cmd = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds) + 2}s", "--latency",
        "--timeout", "5s", "-s", str(lua), f"http://127.0.0.1:{port}/", "--", str(int(seconds)),
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout
    if done.returncode:
        raise Skip(f"wrk failed: {done.stderr or out}")
    bench = re.search(r"BENCH sent=(\d+) p50=(\d+) p99=(\d+) max=(\d+)", out)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "cmd": " ".join(cmd),
        "requests": int(total.group(1)),
        "sent": int(bench.group(1)),
        "rps": int(total.group(1)) / int(seconds),
        "wrk_rps": float(rps.group(1)),
        "p50": int(bench.group(2)) / 1000,
        "p99": int(bench.group(3)) / 1000,
        "max": int(bench.group(4)) / 1000,
        "non_3xx": int(non_3xx.group(1)) if non_3xx else 0,
        "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0,
        "raw": out,
    }


# --- output ---------------------------------------------------------------------------


def machine_line() -> str:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"nproc {os.cpu_count()}, {cpu or platform.machine()}, {now}, "
        f"Python {platform.python_version()}"
    )


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Report:
    """Collects what a script prints, and saves it as its section of bench/RESULTS.md."""

    def __init__(self, name: str, title: str):
        self.name, self.title, self.lines = name, title, []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def save(self) -> None:
        start, end = f"<!-- bench:{self.name} -->", f"<!-- /bench:{self.name} -->"
        body = "\n".join([start, f"### {self.title}", "", "```", *self.lines, "```", end])
        text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            text = head + body + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + body + "\n"
        RESULTS.write_text(text)


def fmt(n: float, digits: int = 0) -> str:
    return f"{n:,.{digits}f}"


def load() -> str:
    """Load averages (1, 5, 15 min): other work on the machine skews every figure."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def cpu_busy(seconds: float = 1.0) -> float:
    """Fraction of all CPUs busy over `seconds` (from /proc/stat; 0.0 where it is missing)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_quiet(*, below: float = 0.25, max_seconds: float = 90.0) -> str:
    """Wait (bounded) until other work leaves the CPUs mostly idle; say how busy they were."""
    started = time.monotonic()
    busy = cpu_busy(2.0)
    while busy > below and time.monotonic() - started < max_seconds:
        busy = cpu_busy(2.0)
    waited = time.monotonic() - started
    note = f"CPUs {busy:.0%} busy before the runs (load average {load()})"
    if busy > below:
        note += f"; still busy after waiting {waited:.0f} s: figures are pessimistic"
    elif waited > 3:
        note += f", after waiting {waited:.0f} s for other work to finish"
    return note


BENCH_COMMANDS = {"wrk", "redis-server", "nginx", "granian"}


def cpu_snapshot() -> dict[int, tuple[str, int, float]]:
    """{pid: (command, process group, CPU seconds)} of every process (empty off Linux).

    PostgreSQL backends are named after their database ("postgres:relais_bench"), so that
    the bench's own database work can be told from other people's.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    snapshot = {}
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                comm = stat[stat.index("(") + 1 : stat.rindex(")")]
                if comm == "postgres":
                    title = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")[0].split()
                    comm = f"postgres:{title[3].decode() if len(title) > 3 else ''}"
                fields = stat[stat.rindex(")") + 2 :].split()
                cpu = (int(fields[11]) + int(fields[12])) / tick
                snapshot[int(entry)] = (comm, int(fields[2]), cpu)
    return snapshot


def other_work(before: dict, after: dict, seconds: float, own_groups: set[int]) -> float:
    """Share of the machine's CPU that other processes (not this bench, its servers, wrk,
    Redis or the bench database's backends) used between two snapshots."""
    mine = {os.getpgrp(), *own_groups}
    used = 0.0
    for pid, (comm, group, cpu) in after.items():
        if group in mine or comm in BENCH_COMMANDS or comm == f"postgres:{DB_NAME}":
            continue
        used += cpu - (before[pid][2] if pid in before else 0.0)
    return used / max(seconds * (os.cpu_count() or 1), 1e-9)
