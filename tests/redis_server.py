"""A redis-server of a test's own, on a free loopback port: never the shared one on 6379.

Tests that kill Redis, or need a setting the shared server does not have (appendonly, a
renamed CONFIG), start one here. Without `redis-server` they are skipped, except under CI=true,
where they fail.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

START_TIMEOUT = 10.0


def redis_server_binary() -> str:
    """The path of redis-server, or skip (fail under CI=true) saying how to install it."""
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true: these tests must run", pytrace=False)
        pytest.skip(reason)
    return binary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process on 127.0.0.1; `kill()` and `start()` again on the same port."""

    def __init__(self, *, binary: str, directory: Path, args: tuple[str, ...]) -> None:
        self.binary = binary
        self.directory = directory
        self.args = args
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        directory.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=1)

    def start(self) -> "RedisServer":
        command = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.directory / "redis.log"),
            *self.args,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if self.client().ping():
                    return self
            except redis.RedisError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (self.directory / "redis.log").read_text(errors="replace")
                    raise RuntimeError(f"redis-server did not start:\n{log}") from None
                time.sleep(0.05)

    def kill(self) -> None:
        """Stop it as a crash would: SIGKILL, no save on the way out."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    stop = kill


@pytest.fixture
def redis_server(tmp_path):
    """`redis_server("--appendonly", "yes")`: a started RedisServer, killed after the test."""
    binary = redis_server_binary()
    servers: list[RedisServer] = []

    def start(*args: str) -> RedisServer:
        server = RedisServer(binary=binary, directory=tmp_path / f"redis-{len(servers)}", args=args)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def click_stream_on(settings):
    """`click_stream_on(server)`: the click stream (its checks and /healthz too) use that Redis."""
    from sharekits.clicks import capture

    def point(server: RedisServer) -> None:
        settings.REDIS_URL = server.url
        capture.reset_capture()

    return point
