"""What ambassadors do in the portal that changes data."""

from django.db import transaction
from django.utils import timezone

from campaigns.models import Ambassador
from sharekits.models import AmbassadorTally, ClickTally, Share


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
