"""Suspicious bursts: personal links whose clicks today a communicator should look at.

A link (ambassador × variant) is flagged on the admin kit page when, today (local day):

- its **suspects** exceed SUSPECTS_TODAY: first visits past the cap of people per network
  address (`clicks.tallies`), that is one machine rotating user agents; or
- its **clicks** (people + repeats + suspects) reach BURST_MIN_CLICKS and exceed BURST_FACTOR
  times its usual daily rate, the average of the USUAL_DAYS days before today.

Suspects never count in scores already: the warning is for a person to judge, and act on if
needed (ask the ambassador, pause the link). Bots, previews and self-clicks are left out.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Sum
from django.utils import timezone

from sharekits.kits.networks import NETWORKS
from sharekits.models import ClickTally, ShareKit

SUSPECTS_TODAY = 10
BURST_MIN_CLICKS = 50
BURST_FACTOR = 10
USUAL_DAYS = 28

_CLICKS = F("human_clicks") + F("repeat_clicks") + F("suspect_clicks")


@dataclass(frozen=True)
class LinkWarning:
    """A link with a suspicious burst today, and the figures that flagged it."""

    ambassador: str
    network: str
    people: int
    suspects: int
    clicks: int
    usual: float  # clicks per day over the USUAL_DAYS before today

    @property
    def many_suspects(self) -> bool:
        return self.suspects > SUSPECTS_TODAY


def burst_warnings(*, kit: ShareKit, today: date | None = None) -> list[LinkWarning]:
    """The kit's links with a suspicious burst today, most clicks first (two queries)."""
    today = today or timezone.localdate()
    rows = (
        ClickTally.objects.filter(variant__kit=kit, day=today)
        .annotate(clicks=_CLICKS)
        .values_list(
            "ambassador_id",
            "variant_id",
            "ambassador__display_name",
            "variant__network",
            "human_clicks",
            "suspect_clicks",
            "clicks",
        )
    )
    candidates = [r for r in rows if r[5] > SUSPECTS_TODAY or r[6] >= BURST_MIN_CLICKS]
    usual = _usual_clicks(kit=kit, today=today, links={(r[0], r[1]) for r in candidates})
    warnings = []
    for ambassador_id, variant_id, name, network, people, suspects, clicks in candidates:
        per_day = usual.get((ambassador_id, variant_id), 0) / USUAL_DAYS
        burst = clicks >= BURST_MIN_CLICKS and clicks > BURST_FACTOR * per_day
        if suspects > SUSPECTS_TODAY or burst:
            label = NETWORKS[network].label if network in NETWORKS else network
            warnings.append(LinkWarning(name, str(label), people, suspects, clicks, per_day))
    return sorted(warnings, key=lambda w: -w.clicks)


def _usual_clicks(*, kit: ShareKit, today: date, links: set) -> dict[tuple[int, int], int]:
    """(ambassador id, variant id) → clicks over the USUAL_DAYS before today."""
    if not links:
        return {}
    rows = (
        ClickTally.objects.filter(
            variant__kit=kit,
            day__gte=today - timedelta(days=USUAL_DAYS),
            day__lt=today,
            ambassador_id__in={a for a, _v in links},
        )
        .values("ambassador_id", "variant_id")
        .annotate(clicks=Sum(_CLICKS))
    )
    return {(r["ambassador_id"], r["variant_id"]): r["clicks"] or 0 for r in rows}
