import pytest
from django.core.cache import caches
from django.test import Client

from cms.cache import forget_outages
from cms.models import HomePage

from .factories import (
    CampaignFactory,
    ImageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    UserFactory,
)
from .redis_server import click_stream_on, redis_server  # noqa: F401 - fixtures for all


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (Redis or local memory), rate-limit counters too,
    and with no Redis outage remembered from an earlier test."""
    for cache in caches.all(initialized_only=False):
        cache.clear()
    forget_outages()
    yield


@pytest.fixture(autouse=True)
def _fresh_click_state(settings):
    """Each test starts with an empty click stream and spool, and no remembered route."""
    from sharekits.clicks.capture import reset_capture
    from sharekits.clicks.stream import redis_client, stream_name
    from sharekits.links.routes import forget_local_routes

    reset_capture()
    client = redis_client()
    if client is not None:
        client.delete(stream_name())
    for path in settings.RELAIS_SPOOL_DIR.glob("clicks-*.log"):
        path.unlink()
    forget_local_routes()
    yield
    reset_capture()


@pytest.fixture
def home_page(db) -> HomePage:
    return HomePage.objects.get()


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def story(story_index):
    """A published story with job facts and a hero image."""
    page = StoryPageFactory(parent=story_index, hero_image=ImageFactory())
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def campaign(db):
    return CampaignFactory(name="Industrie 2026", slug="industrie-2026")


@pytest.fixture
def communicator(db):
    """Claire writes stories; she cannot publish them herself."""
    return UserFactory(username="claire", first_name="Claire", groups=["Communicators"])


@pytest.fixture
def moderator(db):
    """Marc approves what communicators submit."""
    return UserFactory(username="marc", first_name="Marc", groups=["Moderators"])


@pytest.fixture
def client_for(db):
    """A logged-in test client for a given user: `client_for(communicator)`."""

    def make(user) -> Client:
        logged_in = Client()
        logged_in.force_login(user)
        return logged_in

    return make


@pytest.fixture
def celery_worker_thread(transactional_db):
    """A real Celery worker (celery.contrib.testing) consuming from the configured broker."""
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield app


@pytest.fixture
def mailer(request, django_db_serialized_rollback, transactional_db):
    """A real worker for the login mail, which a task sends after the request.

    The database is restored after (serialized rollback), as other worker tests do. The
    broker's queue is emptied before and after: a task left by another test (a mail held
    for a retry, say) must not send a stray mail into this test's outbox.
    """
    from cms.celery import app

    app.control.purge()
    request.addfinalizer(app.control.purge)  # runs after the worker below has stopped
    return request.getfixturevalue("celery_worker_thread")


@pytest.fixture
def built_story(story):
    """A published story whose share kit was built (synchronously, as the task does)."""
    from sharekits.kits.services import build_kit

    build_kit(story=story)
    return story
