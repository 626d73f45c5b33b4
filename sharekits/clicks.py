"""Click hand-over: the one place where the redirect gives a click to the tally pipeline."""

from django.http import HttpRequest


def hand_over_click(
    *, request: HttpRequest, ambassador_id: int, variant_id: int, route: dict
) -> None:
    """Record a click on a personal link. Counting is the click-tally pipeline's work."""
    return None
