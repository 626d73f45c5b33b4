import shutil
import socket
import subprocess

import pytest

from sharekits.clicks.capture import reset_capture
from sharekits.links.tokens import make_token
from sharekits.models import KitVariant
from tests.factories import AmbassadorFactory
from tests.sharekits.clicks.traffic import wait_for


@pytest.fixture
def links(built_story):
    """(ambassador, variant, token) of ten personal links: five people, two networks."""
    ambassadors = [AmbassadorFactory() for _ in range(5)]
    variants = list(
        KitVariant.objects.filter(kit__story=built_story, network__in=["whatsapp", "x"])
    )
    return [
        (a, v, make_token(ambassador_id=a.pk, variant_id=v.pk))
        for a in ambassadors
        for v in variants
    ]


class RedisServer:
    """A redis-server of the test's own, on a free port: stopping it is a Redis outage.

    It saves its data when stopped and loads it when started again, as a restarted Redis does.
    """

    def __init__(self, directory) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

    def _answers(self) -> bool:
        import redis

        try:
            return bool(self.client().ping())
        except redis.ConnectionError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--dir", str(self.directory), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, seconds=10), "redis-server did not start"

    def stop(self) -> None:
        """Shut down, saving the data (the stream survives, as with a real restart)."""
        self.client().shutdown(save=True)
        self.process.wait(timeout=10)
        assert not self._answers()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings, tmp_path):
    """The click stream and the drain lock on a redis-server of this test's own."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    reset_capture()
    try:
        yield server
    finally:
        reset_capture()
        server.kill()
