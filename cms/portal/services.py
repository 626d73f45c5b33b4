"""What ambassadors do in the portal that changes data."""

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits.clicks.drain import add_shares
from sharekits.models import AmbassadorTally, ClickTally, KitVariant, Share


def answer_consent(*, ambassador: Ambassador, attribution: bool, leaderboard_opt_in: bool) -> None:
    """Record the ambassador's answers (attribution of clicks, name on leaderboards)."""
    now = timezone.now()
    if attribution and ambassador.consent_at is None:
        ambassador.consent_at = now
    elif not attribution:
        ambassador.consent_at = None
    ambassador.consent_answered_at = ambassador.consent_answered_at or now
    ambassador.leaderboard_opt_in = leaderboard_opt_in
    ambassador.save(update_fields=["consent_at", "consent_answered_at", "leaderboard_opt_in"])


def record_share(*, ambassador: Ambassador, variant_id: int, method: str) -> bool:
    """A press on a share button: stored; the first one per variant and day scores.

    Pressing the same button again the same day is kept (it is what happened) but does not
    add to the leaderboard, so a score cannot be inflated by repeated presses.
    """
    if method not in Share.Method.values:
        return False
    variant = (
        KitVariant.objects.select_related("kit__story").filter(pk=variant_id, enabled=True).first()
    )
    if variant is None:
        return False
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    with transaction.atomic():
        already = Share.objects.filter(
            ambassador=ambassador, variant=variant, created_at__gte=start
        ).exists()
        Share.objects.create(ambassador=ambassador, variant=variant, method=method)
        if already:
            return True
        add_shares(
            ambassador_id=ambassador.pk,
            campaign_id=variant.kit.story.campaign_id,
            day=today,
        )
    return True


def export_ambassador_data(*, ambassador: Ambassador) -> dict:
    """Everything Relais keeps about an ambassador (GDPR right of access)."""
    return {
        "profile": {
            "display_name": ambassador.display_name,
            "email": ambassador.email,
            "phone": ambassador.phone,
            "commune": ambassador.commune,
            "organisation": ambassador.organisation,
            "groups": list(ambassador.groups.values_list("name", flat=True)),
            "preferred_language": ambassador.preferred_language,
            "consent_at": ambassador.consent_at,
            "consent_answered_at": ambassador.consent_answered_at,
            "leaderboard_opt_in": ambassador.leaderboard_opt_in,
            "joined_at": ambassador.joined_at,
        },
        "clicks_per_link_and_day": list(
            ClickTally.objects.filter(ambassador=ambassador).values(
                "day",
                "variant__network",
                "variant__kit__story__title",
                "human_clicks",
                "repeat_clicks",
                "self_clicks",
                "bot_fetches",
            )
        ),
        "rollups": list(
            AmbassadorTally.objects.filter(ambassador=ambassador).values(
                "scope", "key", "human_clicks", "repeat_clicks", "shares", "score"
            )
        ),
        "shares": list(
            Share.objects.filter(ambassador=ambassador).values(
                "created_at", "method", "variant__network", "variant__kit__story__title"
            )
        ),
    }


def erase_ambassador(*, ambassador: Ambassador) -> None:
    """Delete the ambassador, their account and every count tied to them (right to erasure)."""
    with transaction.atomic():
        user = ambassador.user
        ambassador.delete()  # tallies, rollups and shares cascade
        if user is not None and not user.is_staff:
            user.delete()
