"""Read-only JSON API for ambassadors (django-ninja): leaderboard, my kits, my stats.

Session authentication: the same login as the portal (magic link). OpenAPI docs at /api/docs.
Leaderboard lines never carry the name of an ambassador who did not opt in, nor any id.
"""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from campaigns.models import Ambassador
from campaigns.text import absolute_url
from sharekits.kits.selectors import kits_for_ambassador
from sharekits.scores.leaderboards import Entry, board_for
from sharekits.scores.stats import ambassador_stats

from .portal.access import current_ambassador


class AmbassadorSession(SessionAuth):
    """The portal's session: an active ambassador who answered the consent question."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Ambassador | None:
        ambassador = current_ambassador(request)
        if ambassador is None:
            return None
        if ambassador.consent_answered_at is None:
            raise HttpError(403, _("Answer the consent question in the portal first."))
        request.ambassador = ambassador
        return ambassador


api = NinjaAPI(
    title="Relais API",
    version="1.0.0",
    description=(
        "Read-only API of the ambassador portal. Sign in on /portal/login/ first: the API uses "
        "the portal's session cookie."
    ),
    urls_namespace="api",
    docs_url="/docs",
    auth=AmbassadorSession(),
)


# --- schemas --------------------------------------------------------------------------


class LeaderboardLine(Schema):
    rank: int = Field(description="Ambassadors with the same score share a rank (1, 2, 2, 4).")
    name: str | None = Field(
        description="Display name, only for ambassadors who chose to show it; null otherwise."
    )
    is_named: bool
    is_me: bool = Field(description="This line is the signed-in ambassador's.")
    score: int = Field(description="Human clicks + share weight × shares.")
    human_clicks: int
    shares: int


class CampaignRef(Schema):
    id: int
    name: str


class GroupRef(Schema):
    slug: str
    name: str


class LeaderboardOut(Schema):
    period: Literal["week", "month", "campaign", "all"]
    key: str = Field(description='Rollup key: "2026-W48", "2026-11", a campaign id or "all".')
    campaign: CampaignRef | None
    group: GroupRef | None
    share_weight: int = Field(description="Score = human clicks + share_weight × shares.")
    entries: list[LeaderboardLine] = Field(description="The top 50.")
    me: LeaderboardLine | None = Field(description="Your own line; null without a score.")
    campaigns: list[CampaignRef] = Field(description="Your campaigns, newest first.")
    groups: list[GroupRef]


class KitLink(Schema):
    network: str
    network_label: str
    link: str = Field(description="Your personal short link for this network.")
    caption: str = Field(description="The caption for this network, your link in it.")
    share_url: str | None = Field(description="Opens the network with the caption, if it can.")


class KitImageOut(Schema):
    format: str
    width: int
    height: int
    url: str
    alt: str


class KitOut(Schema):
    story_id: int
    story_title: str
    story_url: str
    campaign: str | None
    caption: str
    images: list[KitImageOut] = Field(description="Every format, smallest first.")
    links: list[KitLink]


class Rank(Schema):
    rank: int
    score: int
    human_clicks: int
    shares: int


class WeekFigures(Schema):
    week: str
    monday: date
    human_clicks: int
    shares: int


class StoryFigures(Schema):
    title: str
    human_clicks: int


class NetworkFigures(Schema):
    network: str
    network_label: str
    human_clicks: int
    shares: int


class StatsOut(Schema):
    total_human_clicks: int
    total_shares: int
    active_weeks_streak: int
    rank_this_month: Rank | None
    rank_all_time: Rank | None
    weeks: list[WeekFigures] = Field(description="The last 12 weeks, oldest first.")
    stories: list[StoryFigures]
    networks: list[NetworkFigures]


# --- endpoints ------------------------------------------------------------------------


def _line(entry: Entry, *, viewer_id: int) -> LeaderboardLine:
    return LeaderboardLine(
        rank=entry.rank,
        name=entry.name if entry.is_named else None,
        is_named=entry.is_named,
        is_me=entry.ambassador_id == viewer_id,
        score=entry.score,
        human_clicks=entry.human_clicks,
        shares=entry.shares,
    )


@api.get("/leaderboard", response=LeaderboardOut, url_name="leaderboard")
def leaderboard(
    request: HttpRequest,
    period: str | None = None,
    campaign: str | None = None,
    group: str | None = None,
) -> LeaderboardOut:
    """The leaderboard as on the portal: `period` week, month (default), campaign or all;
    `campaign` an id (default: your newest); `group` a group slug (default: everyone)."""
    board = board_for(ambassador=request.ambassador, period=period, campaign=campaign, group=group)
    return LeaderboardOut(
        period=board.period,
        key=board.key,
        campaign=CampaignRef(id=board.campaign.pk, name=board.campaign.name)
        if board.campaign
        else None,
        group=GroupRef(slug=board.group.slug, name=board.group.name) if board.group else None,
        share_weight=board.share_weight,
        entries=[_line(e, viewer_id=board.viewer_id) for e in board.entries],
        me=_line(board.me, viewer_id=board.viewer_id) if board.me else None,
        campaigns=[CampaignRef(id=c.pk, name=c.name) for c in board.campaigns],
        groups=[GroupRef(slug=g.slug, name=g.name) for g in board.groups],
    )


@api.get("/me/kits", response=list[KitOut], url_name="my_kits")
def my_kits(request: HttpRequest) -> list[KitOut]:
    """The share kits of your campaigns, newest first, with your personal links."""
    cards = kits_for_ambassador(ambassador=request.ambassador)
    return [
        KitOut(
            story_id=card.story.pk,
            story_title=card.story.title,
            story_url=card.story.get_full_url(request=request) or "",
            campaign=card.story.campaign.name if card.story.campaign_id else None,
            caption=card.caption,
            images=[
                KitImageOut(
                    format=image.format,
                    width=image.width,
                    height=image.height,
                    url=absolute_url((image.card_image or image.image).url),
                    alt=image.alt,
                )
                for image in card.images
            ],
            links=[
                KitLink(
                    network=button.network.key,
                    network_label=str(button.network.label),
                    link=button.link,
                    caption=button.caption,
                    share_url=button.href,
                )
                for button in card.buttons
            ],
        )
        for card in cards
    ]


def _rank(entry: Entry | None) -> Rank | None:
    if entry is None:
        return None
    return Rank(
        rank=entry.rank, score=entry.score, human_clicks=entry.human_clicks, shares=entry.shares
    )


@api.get("/me/stats", response=StatsOut, url_name="my_stats")
def my_stats(request: HttpRequest) -> StatsOut:
    """Your figures: people reached and shares by week, story and network; ranks; streak."""
    stats = ambassador_stats(ambassador=request.ambassador)
    return StatsOut(
        total_human_clicks=stats.total_clicks,
        total_shares=stats.total_shares,
        active_weeks_streak=stats.streak,
        rank_this_month=_rank(stats.month_rank),
        rank_all_time=_rank(stats.all_time_rank),
        weeks=[
            WeekFigures(
                week=w["key"],
                monday=w["monday"],
                human_clicks=w["human_clicks"],
                shares=w["shares"],
            )
            for w in stats.weeks
        ],
        stories=[
            StoryFigures(title=s["title"], human_clicks=s["human_clicks"] or 0)
            for s in stats.stories
        ],
        networks=[
            NetworkFigures(
                network=n["key"],
                network_label=str(n["label"]),
                human_clicks=n["human_clicks"] or 0,
                shares=n["shares"],
            )
            for n in stats.networks
        ],
    )
