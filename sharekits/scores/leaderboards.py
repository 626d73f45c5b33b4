"""Leaderboards, read from the per-ambassador rollups (never from raw clicks).

Score = human clicks + RELAIS_SHARE_WEIGHT × shares, stored in `AmbassadorTally.score`.
Ties share a rank (1, 2, 2, 4). Names only for ambassadors who opted in.
"""

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Ambassador, AmbassadorGroup, Campaign
from sharekits.models import AmbassadorTally
from sharekits.periods import Period, period_key

ANONYMOUS = _("Anonymous ambassador")


@dataclass(frozen=True)
class Entry:
    rank: int
    ambassador_id: int
    name: str
    score: int
    human_clicks: int
    shares: int
    is_named: bool


# The hot reads are plain SQL: building them with the ORM took longer than PostgreSQL took to
# answer them (bench/leaderboard.py). Only constant fragments are put together; every value is
# a parameter. Same SQL on PostgreSQL and SQLite.


@cache
def _sql() -> dict[str, str]:
    # Table and column names come from the models, never from a request: S608 does not apply.
    tally, people = AmbassadorTally._meta.db_table, Ambassador._meta.db_table
    through = Ambassador.groups.through._meta
    member, group = (
        through.get_field("ambassador").column,
        through.get_field("ambassadorgroup").column,
    )
    scored = (
        f"FROM {tally} t JOIN {people} a ON a.id = t.ambassador_id"
        ' WHERE t.scope = %s AND t."key" = %s AND t.score > 0 AND a.is_active'
    )
    return {
        "top": "SELECT t.ambassador_id, t.score, t.human_clicks, t.shares, a.display_name,"
        f" a.leaderboard_opt_in {scored}",
        # Counted without joining every row ahead to its ambassador: only the few inactive
        # ones are looked for (an anti-join), which keeps the count on the score index.
        "ahead": f"SELECT COUNT(*) FROM {tally} t"  # noqa: S608
        ' WHERE t.scope = %s AND t."key" = %s AND t.score > %s'
        f" AND NOT EXISTS (SELECT 1 FROM {people} a WHERE a.id = t.ambassador_id"
        " AND NOT a.is_active)",
        "in_group": f" AND EXISTS (SELECT 1 FROM {through.db_table} g"  # noqa: S608
        f" WHERE g.{member} = t.ambassador_id AND g.{group} = %s)",
        "named": " AND a.leaderboard_opt_in",
        "order": " ORDER BY t.score DESC, t.ambassador_id LIMIT %s",
        "mine": f"SELECT score, human_clicks, shares FROM {tally}"  # noqa: S608
        ' WHERE ambassador_id = %s AND scope = %s AND "key" = %s',
    }


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def leaderboard(
    *,
    period: str,
    key: str,
    group: AmbassadorGroup | None = None,
    limit: int = 50,
    named_only: bool = False,
) -> list[Entry]:
    """The top `limit` ambassadors for a period; one query.

    `named_only` leaves out everyone who did not opt in (public pages): ranks are then counted
    among the ambassadors shown.
    """
    sql, params = _sql()["top"], [period, key]
    if group is not None:
        sql, params = sql + _sql()["in_group"], [*params, group.pk]
    if named_only:
        sql += _sql()["named"]
    rows = _fetch(sql + _sql()["order"], [*params, limit])
    anonymous = str(ANONYMOUS)
    entries: list[Entry] = []
    rank = 0
    previous = None
    for position, (ambassador_id, score, clicks, shares, name, named) in enumerate(rows, 1):
        if score != previous:
            rank, previous = position, score
        entries.append(
            Entry(
                rank=rank,
                ambassador_id=ambassador_id,
                name=name if named else anonymous,
                score=score,
                human_clicks=clicks,
                shares=shares,
                is_named=bool(named),
            )
        )
    return entries


def rank_of(
    *, ambassador: Ambassador, period: str, key: str, group: AmbassadorGroup | None = None
) -> Entry | None:
    """The ambassador's own line (rank shared on ties), or None without any score."""
    mine = _fetch(_sql()["mine"], [ambassador.pk, period, key])
    if not mine or mine[0][0] == 0:
        return None
    score, clicks, shares = mine[0]
    sql, params = _sql()["ahead"], [period, key, score]
    if group is not None:
        sql, params = sql + _sql()["in_group"], [*params, group.pk]
    ahead = _fetch(sql, params)[0][0]
    return Entry(
        rank=ahead + 1,
        ambassador_id=ambassador.pk,
        name=ambassador.display_name,
        score=score,
        human_clicks=clicks,
        shares=shares,
        is_named=ambassador.leaderboard_opt_in,
    )


# --- what pages and the API show ------------------------------------------------------


@dataclass(frozen=True)
class Board:
    """A leaderboard as one ambassador asked for it: period, filters, top lines, their own line.

    Every name in it follows the opt-in, the viewer's own line included.
    """

    period: str
    key: str
    campaign: Campaign | None
    group: AmbassadorGroup | None
    campaigns: list[Campaign]
    groups: list[AmbassadorGroup]
    entries: list[Entry]
    me: Entry | None
    me_in_top: bool
    viewer_id: int
    share_weight: int

    @property
    def tabs(self) -> list[tuple[str, str]]:
        """(period, label) of every tab, in order."""
        return [(period.value, str(period.label)) for period in Period]

    @property
    def me_below(self) -> bool:
        """The viewer has a score but is outside the top lines: show their line under them."""
        return self.me is not None and not self.me_in_top


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def campaigns_of(*, ambassador: Ambassador) -> list[Campaign]:
    """The ambassador's campaigns (for their groups or for everyone), newest first."""
    return list(Campaign.objects.reaching(ambassador).order_by("-starts_on", "-pk"))


def board_for(
    *,
    ambassador: Ambassador,
    period: str | None = None,
    campaign: str | int | None = None,
    group: str | None = None,
    limit: int = 50,
    today: date | None = None,
) -> Board:
    """The leaderboard an ambassador asked for; unknown parameters fall back to the defaults
    (this month, the newest of their campaigns, everyone), and so do a campaign or a group they
    are not part of. A bounded number of queries."""
    period = period if period in Period.values else Period.MONTH.value
    today = today or timezone.localdate()
    groups = list(ambassador.groups.all())  # another group's board is not theirs to see
    campaigns = campaigns_of(ambassador=ambassador)
    chosen_group = next((g for g in groups if group and g.slug == group), None)
    chosen_campaign = None
    if period == Period.CAMPAIGN:
        wanted = _as_int(campaign)
        chosen_campaign = next((c for c in campaigns if c.pk == wanted), None) or (
            campaigns[0] if campaigns else None
        )
    key = period_key(today, period, campaign_id=chosen_campaign.pk if chosen_campaign else None)
    no_campaign = period == Period.CAMPAIGN and chosen_campaign is None
    entries = (
        [] if no_campaign else leaderboard(period=period, key=key, group=chosen_group, limit=limit)
    )
    me = next((e for e in entries if e.ambassador_id == ambassador.pk), None)
    me_in_top = me is not None
    if me is None and not no_campaign:
        me = rank_of(ambassador=ambassador, period=period, key=key, group=chosen_group)
        if me is not None and not me.is_named:
            me = replace(me, name=str(ANONYMOUS))
    return Board(
        period=period,
        key=key,
        campaign=chosen_campaign,
        group=chosen_group,
        campaigns=campaigns,
        groups=groups,
        entries=entries,
        me=me,
        me_in_top=me_in_top,
        viewer_id=ambassador.pk,
        share_weight=settings.RELAIS_SHARE_WEIGHT,
    )


def public_leaderboard(*, limit: int = 10, today: date | None = None) -> list[Entry]:
    """This month's top for public pages: only ambassadors who opted in, ranked among
    themselves (the others are left out, not shown as anonymous)."""
    key = period_key(today or timezone.localdate(), Period.MONTH)
    return leaderboard(period=Period.MONTH.value, key=key, limit=limit, named_only=True)
