"""CSV export of personal links, for communicators who mail them with their own tool."""

import csv
from collections.abc import Iterable, Iterator

from campaigns.models import Ambassador, StoryPage
from sharekits.kits.selectors import LinkCounts, clicks_per_link
from sharekits.kits.services import iter_personal_links

HEADER = [
    "ambassador",
    "email",
    "network",
    "short_link",
    "human_clicks",  # people: the only clicks that score
    "repeat_clicks",
    "suspect_clicks",  # first visits past the cap of people per network address
    "bot_fetches",
    "preview_fetches",  # link previews (before the split, counted in bot_fetches)
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote first."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def link_rows(*, story: StoryPage, ambassador: Ambassador | None = None) -> Iterator[list[str]]:
    """The header, then one row per personal link, every cell safe to open in a spreadsheet.

    An e-mail address such as `=cmd|'/Ccalc'!A0@exemple.fr` is valid: no cell is trusted.
    """
    yield HEADER
    counts = clicks_per_link(story=story, ambassador=ambassador)
    for link in iter_personal_links(story=story, ambassador=ambassador):
        count = counts.get((link.ambassador.pk, link.variant_id), LinkCounts())
        row = [
            link.ambassador.display_name,
            link.ambassador.email,
            link.network.key,
            link.url,
            *map(str, count),
        ]
        yield [_cell(value) for value in row]


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """Each row as one CSV line (for streaming responses and commands)."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)
