"""The three maintained robot lists behind one Aho-Corasick pass say what their libraries say."""

import crawleruseragents
import pytest
import regex
import yaml_rs
from crawlerdetect import CrawlerDetect

from sharekits.clicks.robot_lists import (
    MATOMO_BOUNDED,
    MATOMO_WHOLE,
    ROBOT_LISTS,
    alternatives,
    needles,
)

from .corpus import sources


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Googlebot\/", {"googlebot/"}),
        (r"^Java\/", {"java/"}),
        (r"(?:crawl|spider)er", {"crawl", "spider"}),
        (r"(?:BuiltWith|BW/)", {"builtwith", "bw/"}),  # parsed as B(?:uiltWith|W/)
        (r"-(?:AI|Extended|User)/", {"-ai", "-extended", "-user"}),
        (r"Yandex(?!Search)", {"yandex"}),
        (r"(?:Seznam)+Bot", {"bot", "seznam"}),
        (r"[a-z]+ \d+", None),  # no literal every match holds: checked every time
        (r"ai", None),  # too short to spare any work
    ],
)
def test_each_pattern_needs_one_of_a_few_strings(pattern, expected):
    found = needles(pattern)
    if expected is None:
        assert found is None
    else:
        assert found is not None and set(found) <= expected and found & expected
        assert all(n in expected for n in found)


def test_long_alternations_are_cut_at_their_top_level_only():
    assert alternatives(r"a|(b|c)|d[|]|e\|f|[]|]x|g") == [
        "a",
        "(b|c)",
        "d[|]",
        r"e\|f",
        "[]|]x",
        "g",
    ]


def _matomo_reference():
    """Matomo's bots as device-detector matches them: one bounded, case-blind regex."""
    from importlib.resources import files
    from urllib.parse import unquote

    bots = yaml_rs.loads((files("device_detector") / "regexes/upstream/bots.yml").read_text())
    joined = "|".join(unquote(entry["regex"]) for entry in bots)
    return regex.compile(MATOMO_BOUNDED.format(joined), regex.I)


def test_the_lists_flag_exactly_what_their_own_libraries_flag():
    matomo = _matomo_reference()
    sample = [
        ua
        for entries in sources().values()
        for index, (_, ua, _) in enumerate(entries)
        if index % 20 == 0
    ]
    assert len(sample) > 1000
    for user_agent in sample:
        expected = (
            CrawlerDetect(user_agent=user_agent).is_crawler()
            or crawleruseragents.is_crawler(user_agent)
            or matomo.search(user_agent) is not None
            or user_agent.lower() in MATOMO_WHOLE
        )
        assert (ROBOT_LISTS.match(user_agent) is not None) == expected, user_agent
