"""Where a short link goes, looked up without SQL once warm.

Lookup order: this process's memory (30 s) → the shared cache (Redis) → the database, after
which both caches are filled. Routes are warmed when a kit is built and refreshed on publish or
unpublish, so the database is only read after a cache loss. The in-process layer is safe to
lose; its short life bounds how long an unpublished story keeps being served by one process.
If the shared cache fails, it is left alone for CACHE_RETRY_AFTER seconds and routes come from
this process's memory (however old), then the database: a short link never fails because the
cache is down. Wagtail reads that cache too (page URLs, renditions): a route it cannot build
then is OUTAGE_ROUTE, to the home page, until the cache is back.

This module is on the hot path: the models are imported only where the database is read.
"""

import html
import logging
import time
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone

from campaigns.meta import story_preview_meta
from sharekits.links.short import destination_url, is_allowed_destination

if TYPE_CHECKING:
    from sharekits.models import KitVariant

logger = logging.getLogger(__name__)

LOCAL_TTL = 30.0
LOCAL_MAX = 20_000
SHARED_TTL = 7 * 24 * 3600
MISSING_TTL = 60
CACHE_RETRY_AFTER = 5.0
_MISSING = "missing"
# Where a link leads when its route is in no memory and cannot be built: the site's home page.
OUTAGE_ROUTE = {"dest": "", "fallback": "/", "expires": "", "network": "", "og": None}
_local: dict[int, tuple[float, dict | str]] = {}
_cache_down_until = 0.0


def route_cache_key(variant_id: int) -> str:
    """The shared cache's key for the route of a variant."""
    return f"sharekits:route:{variant_id}"


def get_route(variant_id: int, *, allow_db: bool = True) -> dict | None:
    """The route of a variant, or None if no such variant exists (or, without `allow_db`,
    if it is in no cache)."""
    now = time.monotonic()
    hit = _local.get(variant_id)
    if hit is not None and hit[0] > now:
        route = hit[1]
    else:
        route = _shared_route(variant_id, known=hit)
        if route is None:
            if not allow_db:
                return None
            route = _database_route(variant_id)
        if len(_local) >= LOCAL_MAX:
            _local.clear()
        _local[variant_id] = (now + LOCAL_TTL, route)
    return None if route == _MISSING else route  # type: ignore[return-value]


def _shared_route(variant_id: int, *, known: tuple | None) -> dict | str | None:
    """The route in the shared cache; while the cache is down, the one this process knew."""
    global _cache_down_until
    if time.monotonic() >= _cache_down_until:
        try:
            return cache.get(route_cache_key(variant_id))
        except Exception:  # noqa: BLE001 - any cache failure: memory, then the database
            _cache_down_until = time.monotonic() + CACHE_RETRY_AFTER
            logger.warning("route cache unavailable: routes from memory, then the database")
    return known[1] if known is not None else None


def _database_route(variant_id: int) -> dict | str:
    """The route read from the database, then put in the shared cache if it answers."""
    cache_down = time.monotonic() < _cache_down_until
    try:
        route = load_route(variant_id)
    except Exception:
        if not cache_down:
            raise
        # Wagtail's page URLs and renditions read the same cache: send people to the site.
        logger.exception("route %s cannot be built while the cache is down", variant_id)
        return OUTAGE_ROUTE
    if not cache_down:
        try:
            cache.set(
                route_cache_key(variant_id), route, SHARED_TTL if route != _MISSING else MISSING_TTL
            )
        except Exception:  # noqa: BLE001 - the route is still served from memory
            logger.warning("route cache unavailable: route %s kept in memory only", variant_id)
    return route


def load_route(variant_id: int) -> dict | str:
    """The route of a variant read from the database (or _MISSING)."""
    from sharekits.models import KitVariant

    variant = (
        KitVariant.objects.select_related("kit__story__campaign", "kit__story__hero_image")
        .filter(pk=variant_id)
        .first()
    )
    return build_route(variant) if variant is not None else _MISSING


def build_route(variant: "KitVariant") -> dict:
    """A JSON-friendly description of where a variant's links go and how they preview."""
    story = variant.kit.story
    parent = story.get_parent()
    fallback = parent.url if parent and parent.live and parent.url else "/"
    page_url = story.get_url(request=None) or ""
    dest = ""
    if story.live and page_url:
        campaign_slug = story.campaign.slug if story.campaign_id else ""
        dest = destination_url(
            page_url=page_url, network=variant.network, campaign_slug=campaign_slug
        )
        if not is_allowed_destination(dest):
            dest = ""
    meta = story_preview_meta(story)
    image = _preview_image(variant)
    return {
        "dest": dest,
        "fallback": fallback,
        "expires": story.job_expires_on.isoformat() if story.job_expires_on else "",
        "network": variant.network,
        "story_id": story.pk,
        "og": {
            "title": html.escape(variant.kit.og_title or meta.title),
            "description": html.escape(variant.kit.og_description or meta.description),
            "canonical": html.escape(meta.url),
            "image": html.escape(image[0] if image else meta.image.url),
            "width": image[1] if image else meta.image.width,
            "height": image[2] if image else meta.image.height,
            "alt": html.escape(image[3] if image else meta.image.alt),
            "locale": meta.locale,
            "site_name": html.escape(meta.site_name),
        },
    }


def _preview_image(variant: "KitVariant") -> tuple[str, int, int, str] | None:
    """The kit's 1200×630 link-card image (with the job card when there is one)."""
    from campaigns.text import absolute_url
    from sharekits.models import KitImage

    image = KitImage.objects.filter(kit_id=variant.kit_id, format="og").first()
    if image is None:
        return None
    chosen = image.card_image or image.image
    return absolute_url(chosen.url), image.width, image.height, image.alt


def target_for(route: dict) -> str:
    """Where a person is sent: the story, or its index when expired or unpublished."""
    dest = route["dest"]
    if not dest or (route["expires"] and route["expires"] < timezone.localdate().isoformat()):
        return route["fallback"]
    return dest


def warm_routes(*, variant_ids: list[int]) -> None:
    """Put fresh routes in the shared cache (called after a kit is built or a story changes)."""
    from sharekits.models import KitVariant

    variants = KitVariant.objects.select_related(
        "kit__story__campaign", "kit__story__hero_image"
    ).filter(pk__in=variant_ids)
    cache.set_many({route_cache_key(v.pk): build_route(v) for v in variants}, SHARED_TTL)
    for variant_id in variant_ids:
        _local.pop(variant_id, None)


def forget_local_routes() -> None:
    """Forget the routes held in this process's memory (and a recent cache failure)."""
    global _cache_down_until
    _local.clear()
    _cache_down_until = 0.0
