"""What a reader, a link-preview fetcher and a search engine get from a published story."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from PIL import Image as PILImage

from campaigns.models import StoryPage
from tests.factories import ImageFactory, StoryPageFactory


def get_soup(client, page, **headers) -> BeautifulSoup:
    response = client.get(page.url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(soup: BeautifulSoup, key: str) -> str:
    """Content of <meta property=key> (Open Graph) or <meta name=key> (Twitter)."""
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> for {key}"
    return tag["content"]


def job_posting(soup: BeautifulSoup) -> dict | None:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) <= 1
    return json.loads(scripts[0].string) if scripts else None


def media_file(url: str) -> Path:
    """The file on disk behind an absolute media URL."""
    prefix = f"{settings.SITE_URL}{settings.MEDIA_URL}"
    assert url.startswith(prefix), url
    return Path(settings.MEDIA_ROOT) / url.removeprefix(prefix)


def publish(page: StoryPage) -> StoryPage:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def story_with_focal_point(story_index):
    image = ImageFactory(with_focal_point=True, description="Le nouveau four électrique")
    return publish(StoryPageFactory(parent=story_index, hero_image=image))


def test_link_preview_describes_the_story(client, story):
    soup = get_soup(client, story)

    canonical = f"{settings.SITE_URL}{story.url}"
    assert canonical.startswith("http")
    assert meta(soup, "og:title") == story.title
    assert meta(soup, "og:description") == story.summary
    assert meta(soup, "og:url") == canonical
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert meta(soup, "og:locale") == "fr_FR"
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "twitter:card") == "summary_large_image"


def test_preview_image_is_an_absolute_1200_by_630_crop_of_the_hero_image(
    client, story_with_focal_point
):
    soup = get_soup(client, story_with_focal_point)

    image_url = meta(soup, "og:image")
    assert image_url.startswith(f"{settings.SITE_URL}/")
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    with PILImage.open(media_file(image_url)) as rendition:
        assert rendition.size == (1200, 630)
        assert rendition.format == "JPEG"
    assert meta(soup, "og:image:alt") == "Le nouveau four électrique"
    assert meta(soup, "twitter:image") == image_url


def test_story_without_hero_image_still_has_the_default_preview_image(client, story_index):
    story = publish(StoryPageFactory(parent=story_index, hero_image=None))

    soup = get_soup(client, story)

    image_url = meta(soup, "og:image")
    assert image_url == f"{settings.SITE_URL}{settings.STATIC_URL}img/og-default.jpg"
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "og:image:alt") == settings.WAGTAIL_SITE_NAME
    with PILImage.open(finders.find("img/og-default.jpg")) as default_image:
        assert default_image.size == (1200, 630)


def test_job_posting_structured_data_for_search_engines(client, story):
    soup = get_soup(client, story)

    script = soup.find("script", id="job-posting")
    assert script["type"] == "application/ld+json"
    data = job_posting(soup)
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == story.title
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Fonderie de Laval"}
    assert data["jobLocation"]["address"]["addressLocality"] == "Laval"
    assert data["jobLocation"]["address"]["addressCountry"] == "FR"
    assert data["employmentType"] == "FULL_TIME"
    assert data["totalJobOpenings"] == 12
    assert data["url"] == f"{settings.SITE_URL}{story.url}"
    assert data["datePosted"] == story.first_published_at.date().isoformat()


def test_story_without_job_facts_has_no_job_posting(client, story_index):
    story = publish(
        StoryPageFactory(
            parent=story_index, employer="", contract_type="", job_count=None, place=""
        )
    )

    soup = get_soup(client, story)

    assert job_posting(soup) is None
    assert soup.find("dl", class_="job-facts") is None


def test_job_posting_cannot_be_broken_out_of_by_its_text(client, story):
    # Text that slipped past sanitising (an import, a raw SQL fix) must stay inside the JSON.
    hostile = "Fonderie </script><script>alert(1)</script> & fils"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE campaigns_storypage SET employer = %s WHERE page_ptr_id = %s",
            [hostile, story.pk],
        )

    response = client.get(story.url)
    soup = BeautifulSoup(response.content, "html.parser")

    assert "<script>alert(1)" not in response.content.decode()
    assert job_posting(soup)["hiringOrganization"]["name"] == hostile


def test_story_reads_in_french_by_default(client, story):
    soup = get_soup(client, story)

    assert soup.html["lang"] == "fr"
    labels = [dt.get_text() for dt in soup.select(".job-facts dt")]
    assert labels[:3] == ["Employeur", "Postes proposés", "Contrat"]
    assert "CDI" in soup.select_one(".job-facts").get_text()
    assert soup.select_one("a.button").get_text() == "Postuler ou en savoir plus"


def test_story_reads_in_english_for_an_english_browser(client, story):
    response = client.get(story.url, HTTP_ACCEPT_LANGUAGE="en")
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.html["lang"] == "en"
    labels = [dt.get_text() for dt in soup.select(".job-facts dt")]
    assert labels[:3] == ["Employer", "Jobs offered", "Contract"]
    assert "CDI (permanent)" in soup.select_one(".job-facts").get_text()
    assert soup.select_one("a.button").get_text() == "Apply or learn more"
    # Shared caches must not serve the English page to a French reader.
    assert "Accept-Language" in response["Vary"]
    # The content itself is French whatever the interface language.
    assert meta(soup, "og:locale") == "fr_FR"


def test_story_is_listed_on_the_story_index(client, story, story_index):
    soup = get_soup(client, story_index)

    links = [a["href"] for a in soup.select(".story-list a")]
    assert story.url in links
    assert "12 CDI à Laval" in soup.select_one(".story-list").get_text()
