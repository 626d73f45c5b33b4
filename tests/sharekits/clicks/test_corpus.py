"""The classifier measured on ~22,000 real user agents from maintained public lists.

Targets, on each source: at least 99.5 % of its robots set apart (bot or preview) and at
most 0.1 % of its people flagged. The corpus and its sources: corpus/README.md.
"""

import re

import pytest

from sharekits.clicks.classify import Verdict, classify_user_agent

from .corpus import HERE, sources

SOURCES = sources()
MIN_ROBOTS_SET_APART = 0.995
MAX_PEOPLE_FLAGGED = 0.001


def _measure(entries):
    robots = [(ua, note) for expected, ua, note in entries if expected != "human"]
    people = [(ua, note) for expected, ua, note in entries if expected == "human"]
    missed = [(ua, note) for ua, note in robots if classify_user_agent(ua)[0] == Verdict.HUMAN]
    flagged = [(ua, note) for ua, note in people if classify_user_agent(ua)[0] != Verdict.HUMAN]
    return robots, people, missed, flagged


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_each_source_meets_the_targets(source):
    robots, people, missed, flagged = _measure(SOURCES[source])
    set_apart = 1 - len(missed) / len(robots) if robots else 1.0
    share_flagged = len(flagged) / len(people) if people else 0.0
    assert set_apart >= MIN_ROBOTS_SET_APART, missed[:20]
    assert share_flagged <= MAX_PEOPLE_FLAGGED, flagged[:20]


def test_the_corpus_holds_thousands_of_robots_and_of_people_in_a_few_megabytes():
    entries = [entry for found in SOURCES.values() for entry in found]
    robots = sum(expected != "human" for expected, _, _ in entries)
    assert robots >= 8_000
    assert len(entries) - robots >= 10_000
    assert sum(p.stat().st_size for p in HERE.glob("*.tsv")) < 4_000_000


def test_previews_in_the_corpus_get_the_card():
    previews = [
        ua for found in SOURCES.values() for expected, ua, _ in found if expected == "preview"
    ]
    assert previews
    for user_agent in previews:
        assert classify_user_agent(user_agent)[0] == Verdict.PREVIEW, user_agent


def test_each_correction_changes_entries_and_says_why():
    rows = [
        line.split("\t")
        for line in (HERE / "corrections.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert 0 < len(rows) <= 10
    for source, expected, pattern, reason in rows:
        corrected = [
            ua
            for verdict, ua, note in SOURCES[source]
            if re.search(pattern, ua) and note.startswith("corrected: ")
        ]
        assert corrected, (source, pattern)
        assert all(
            verdict == expected for verdict, ua, _ in SOURCES[source] if ua in set(corrected)
        )
        assert len(reason) > 20
