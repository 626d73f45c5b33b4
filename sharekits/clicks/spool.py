"""The local spool: append-only files that hold clicks while Redis is absent or down.

Each process writes its own file per hour (`clicks-YYYYMMDDHH-host-pid.log`), one packed
record per line (`record.spool_line`, the same line the stream holds). A line is written with
one write(2), so a crash of the process loses nothing already handed over; the file is synced
at most once a second. The drain reads files from a byte offset and deletes those of past
hours once fully applied.
"""

import os
import socket
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from sharekits import conf
from sharekits.clicks.record import spool_line

_lock = threading.Lock()
_open: dict[str, object] = {"name": None, "fd": None, "synced": 0.0}
_HOUR_PREFIX = len("clicks-YYYYMMDDHH")


def spool_dir() -> Path:
    return conf.spool_dir()


def spool_file_name(now: float | None = None) -> str:
    """One file per process and hour: writers never share a file, the drain deletes old ones."""
    stamp = time.strftime("%Y%m%d%H", time.gmtime(now or time.time()))
    return f"clicks-{stamp}-{socket.gethostname()}-{os.getpid()}.log"


def spool_files() -> list[Path]:
    """The spool files, oldest hour first."""
    directory = spool_dir()
    return sorted(directory.glob("clicks-*.log")) if directory.exists() else []


def is_past(path: Path) -> bool:
    """True for a file of an hour before the last two: nobody writes to it any more."""
    cutoff = spool_file_name(time.time() - 3600)[:_HOUR_PREFIX]
    return path.name[:_HOUR_PREFIX] < cutoff


def spool_append(record: Mapping[str, str]) -> None:
    """One write(2) per click (survives a crash of the process); fsync at most once a second."""
    line = spool_line(record)
    name = spool_file_name()
    with _lock:
        if _open["name"] != name:
            _close()
            directory = spool_dir()
            directory.mkdir(parents=True, exist_ok=True)
            _open["fd"] = os.open(directory / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            _open["name"] = name
        os.write(_open["fd"], line)
        now = time.monotonic()
        if now - _open["synced"] >= 1.0:
            os.fsync(_open["fd"])
            _open["synced"] = now


def close_spool() -> None:
    """Sync and close this process's spool file (the next click opens one again)."""
    with _lock:
        _close()


def _close() -> None:
    if _open["fd"] is not None:
        os.fsync(_open["fd"])
        os.close(_open["fd"])
    _open.update(name=None, fd=None, synced=0.0)


def read_lines(path: Path, *, offset: int, max_lines: int) -> list[bytes]:
    """Up to `max_lines` whole lines of a spool file from byte `offset` (newlines stripped)."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        chunk = handle.read(max_lines * 400)
    return chunk[: chunk.rfind(b"\n") + 1].split(b"\n")[:-1][:max_lines]


def rest_of(path: Path, *, offset: int) -> bytes:
    """Everything in a spool file after byte `offset`."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        return handle.read()
