import pytest
from django.core.cache import cache

from cms.models import HomePage

from .factories import StoryIndexPageFactory, StoryPageFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis or local memory)."""
    cache.clear()
    yield


@pytest.fixture
def home_page(db) -> HomePage:
    return HomePage.objects.get()


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def story(story_index):
    """A published story with job facts and a hero image."""
    from .factories import ImageFactory

    page = StoryPageFactory(parent=story_index, hero_image=ImageFactory())
    page.save_revision().publish()
    page.refresh_from_db()
    return page
