"""Personal links of one story for 10,000 ambassadors × 10 networks, and what publishing writes.

Run from the project root: .venv/bin/python bench/links.py [--ambassadors 10000]

A campaign with 10 networks targets a group of 10,000 ambassadors (made once, in bulk, in the
bench database); its story is published and its kit built with `build_kit`, counting the rows
of every sharekits table before and after: links are computed, never stored, so the kit adds
one row per network and per image format, not one per ambassador. Then the 100,000 links are
computed with `iter_personal_links` (database read included) and with a bare `make_token` loop.
Baseline, same run: 100,000 `hmac.new(key, msg, sha256).digest()` calls.
"""

import argparse
import datetime
import hashlib
import hmac
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import Skip, fmt, table  # noqa: E402

SLUG = "bench-links"
NETWORK_COUNT = 10
TARGET_SECONDS = 5.0
ROUNDS = 3


def ensure_audience(count: int):
    """The bench campaign, its group of `count` ambassadors, and its published story."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.images import get_image_model

    from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryIndexPage, StoryPage
    from sharekits.kits.networks import NETWORKS

    networks = list(NETWORKS)[:NETWORK_COUNT]
    with transaction.atomic():
        group, _ = AmbassadorGroup.objects.get_or_create(
            slug=SLUG, defaults={"name": "Bench: 10,000 ambassadors"}
        )
        campaign, _ = Campaign.objects.update_or_create(
            slug=SLUG,
            defaults={"name": "Bench campaign", "enabled_networks": networks, "hashtags": "#bench"},
        )
        campaign.groups.set([group])
        have = set(
            Ambassador.objects.filter(email__endswith=f"@{SLUG}.invalid").values_list(
                "email", flat=True
            )
        )
        now = timezone.now()
        Ambassador.objects.bulk_create(
            [
                Ambassador(
                    display_name=f"Ambassadeur {n:05d}",
                    email=f"a{n:05d}@{SLUG}.invalid",
                    consent_at=now,
                )
                for n in range(count)
                if f"a{n:05d}@{SLUG}.invalid" not in have
            ],
            batch_size=2000,
        )
        people = Ambassador.objects.filter(email__endswith=f"@{SLUG}.invalid")
        people.filter(email__gte=f"a{count:05d}@").update(is_active=False)
        people.filter(email__lt=f"a{count:05d}@").update(is_active=True)
        through = Ambassador.groups.through
        members = set(
            through.objects.filter(ambassadorgroup=group).values_list("ambassador_id", flat=True)
        )
        through.objects.bulk_create(
            [
                through(ambassador_id=pk, ambassadorgroup_id=group.pk)
                for pk in people.values_list("pk", flat=True)
                if pk not in members
            ],
            batch_size=5000,
        )
    story = StoryPage.objects.filter(slug=SLUG).first()
    if story is None:
        index = StoryIndexPage.objects.first()
        if index is None:
            raise Skip("no story index page: the demo seed did not run")
        today = datetime.date.today()
        image = get_image_model().objects.order_by("pk").first()
        story = StoryPage(
            title="Bench : 40 postes à l'atelier",
            slug=SLUG,
            summary="Une histoire pour mesurer le calcul des liens personnels.",
            campaign=campaign,
            hero_image=image,
            employer="Atelier Bench",
            job_count=40,
            job_expires_on=today + datetime.timedelta(days=365),
        )
        index.add_child(instance=story)
        story.save_revision().publish()
    return story, networks


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.db_table: model.objects.count()
        for model in apps.get_app_config("sharekits").get_models()
    }


def rebuild_kit(story) -> tuple[float, dict, dict]:
    """Remove the story's kit, then build it again as a publish does; rows before/after."""
    from sharekits.kits.services import build_kit
    from sharekits.models import KitImage, ShareKit

    for image in KitImage.objects.filter(kit__story=story):
        image.image.delete(save=False)
        image.card_image.delete(save=False)
    ShareKit.objects.filter(story=story).delete()
    before = row_counts()
    started = time.perf_counter()
    build_kit(story=story)
    elapsed = time.perf_counter() - started
    return elapsed, before, row_counts()


def best_of(rounds: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ambassadors", type=int, default=10_000)
    args = parser.parse_args()

    say = common.Report("links", "Personal links: bench/links.py")
    say(f"links bench: {common.machine_line()}")
    try:
        common.check_services()
        common.ensure_database()
        common.setup_django()
        started = time.perf_counter()
        story, networks = ensure_audience(args.ambassadors)
        setup = time.perf_counter() - started
    except Skip as exc:
        say(f"skipped: {exc}")
        return
    from sharekits.kits.services import iter_personal_links
    from sharekits.links.tokens import make_token
    from sharekits.models import KitVariant

    say(f"story {story.slug!r}, {args.ambassadors:,} ambassadors, networks {', '.join(networks)}")
    say(f"audience ready in {setup:.1f} s; {common.wait_quiet()}")
    build_s, before, after = rebuild_kit(story)
    say()
    say(f"build_kit (images rendered, routes warmed): {build_s:.2f} s; rows per sharekits table:")
    say(table(
        ["table", "before", "after", "added"],
        [[t, fmt(before[t]), fmt(after[t]), fmt(after[t] - before[t])] for t in before],
    ))  # fmt: skip
    added = sum(after[t] - before[t] for t in before)
    per_link = added >= args.ambassadors
    say(f"rows added: {added} for {args.ambassadors * len(networks):,} personal links -> "
        f"{'PER-LINK ROWS' if per_link else 'no per-link rows'}")  # fmt: skip

    variant_ids = list(
        KitVariant.objects.filter(kit__story=story, enabled=True).values_list("pk", flat=True)
    )
    links_s, links = best_of(ROUNDS, lambda: list(iter_personal_links(story=story)))
    pairs = [(link.ambassador.pk, link.variant_id) for link in links]
    tokens_s, _ = best_of(
        ROUNDS, lambda: [make_token(ambassador_id=a, variant_id=v) for a, v in pairs]
    )
    key, message = b"k" * 32, b"relais-bench-message-of-about-64-bytes-like-a-click-key-0123"
    hmac_s, _ = best_of(
        ROUNDS, lambda: [hmac.new(key, message, hashlib.sha256).digest() for _ in range(100_000)]
    )
    say()
    say(f"best of {ROUNDS} rounds each:")
    ok = "ok" if links_s < TARGET_SECONDS and len(links) == len(pairs) else "MISSED"
    say(table(
        ["computation", "items", "seconds", "µs/item", "target", ""],
        [
            ["iter_personal_links (DB read incl.)", fmt(len(links)), f"{links_s:.2f}",
             f"{links_s / max(len(links), 1) * 1e6:.1f}", f"< {TARGET_SECONDS:.0f} s", ok],
            ["make_token loop", fmt(len(pairs)), f"{tokens_s:.2f}",
             f"{tokens_s / max(len(pairs), 1) * 1e6:.1f}", "", ""],
            ["baseline: hmac.new(...).digest()", "100,000", f"{hmac_s:.2f}",
             f"{hmac_s / 100_000 * 1e6:.1f}", "", ""],
        ],
    ))  # fmt: skip
    say(f"ratios: iter_personal_links / hmac {links_s / hmac_s:.1f}, "
        f"make_token / hmac {tokens_s / hmac_s:.1f}")  # fmt: skip
    expected = args.ambassadors * len(variant_ids)
    if len(links) != expected:
        say(f"WARNING: {len(links):,} links computed, expected {expected:,}")
    say.save()


if __name__ == "__main__":
    main()
