"""What the API answers, field by field (the OpenAPI docs at /api/docs are built from these)."""

from datetime import date
from typing import Literal

from ninja import Field, Schema


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
