"""A story's history in the scores: what deleting it would lose, and archiving it instead.

Clicks and shares are the ambassadors' record: leaderboards, streaks and a communicator's
reports are built from them. A story that has any is never deleted with them: deleting it
unpublishes it instead, and its kit, tallies and shares stay. The database refuses the
cascade too (`on_delete=PROTECT` from a tally or a share to its variant).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum

from campaigns.models import StoryPage
from sharekits.models import ClickTally, Share


@dataclass(frozen=True)
class StoryHistory:
    stories: int
    human_clicks: int
    shares: int
    recorded: int = 0  # every recorded click, robots and repeats included

    def __bool__(self) -> bool:
        return bool(self.recorded or self.shares)


def history_of(*, pages) -> StoryHistory:
    """The clicks and shares recorded on the stories among `pages` and their descendants."""
    story_ids: set[int] = set()
    for page in pages:
        story_ids.update(
            StoryPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        )
    tallies = ClickTally.objects.filter(variant__kit__story_id__in=story_ids).aggregate(
        human=Sum("human_clicks"),
        repeat=Sum("repeat_clicks"),
        own=Sum("self_clicks"),
        bot=Sum("bot_fetches"),
        suspect=Sum("suspect_clicks"),
        preview=Sum("preview_fetches"),
    )
    shares = Share.objects.filter(variant__kit__story_id__in=story_ids).count()
    return StoryHistory(
        stories=len(story_ids),
        human_clicks=tallies["human"] or 0,
        shares=shares,
        recorded=sum(value or 0 for value in tallies.values()),
    )


def archive_instead_of_delete(*, pages, user) -> int:
    """Unpublish the live pages among `pages` and their descendants; delete nothing."""
    unpublished = 0
    with transaction.atomic():
        for page in pages:
            for live in page.get_descendants(inclusive=True).live().specific():
                live.unpublish(user=user)
                unpublished += 1
    return unpublished
