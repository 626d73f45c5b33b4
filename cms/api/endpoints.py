"""The API's endpoints: the leaderboard, my kits, my stats (the reads the portal's pages use).

Operation ids are spelt out: they were derived from the module `cms.api` before it became a
package, and generated clients name their methods after them.
"""

from django.http import HttpRequest

from campaigns.text import absolute_url
from sharekits.kits.selectors import KitCard, kits_for_ambassador
from sharekits.scores.leaderboards import Entry, board_for
from sharekits.scores.stats import ambassador_stats

from .schemas import (
    CampaignRef,
    GroupRef,
    KitImageOut,
    KitLink,
    KitOut,
    LeaderboardLine,
    LeaderboardOut,
    NetworkFigures,
    Rank,
    StatsOut,
    StoryFigures,
    WeekFigures,
)
from .security import AmbassadorSession, PrivateAPI

api = PrivateAPI(
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


@api.get(
    "/leaderboard",
    response=LeaderboardOut,
    url_name="leaderboard",
    operation_id="cms_api_leaderboard",
)
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


def _kit(card: KitCard) -> KitOut:
    return KitOut(
        story_id=card.story.pk,
        story_title=card.story.title,
        story_url=card.story.canonical_url(),  # on SITE_URL, as every URL the API returns
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


@api.get("/me/kits", response=list[KitOut], url_name="my_kits", operation_id="cms_api_my_kits")
def my_kits(request: HttpRequest) -> list[KitOut]:
    """The share kits of your campaigns, newest first, with your personal links."""
    cards = kits_for_ambassador(ambassador=request.ambassador)
    return [_kit(card) for card in cards]


def _rank(entry: Entry | None) -> Rank | None:
    if entry is None:
        return None
    return Rank(
        rank=entry.rank, score=entry.score, human_clicks=entry.human_clicks, shares=entry.shares
    )


@api.get("/me/stats", response=StatsOut, url_name="my_stats", operation_id="cms_api_my_stats")
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
