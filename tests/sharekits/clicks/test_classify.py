"""Click classification: a verdict and a coarse family for every user agent, never the agent."""

import re

import pytest

from sharekits.clicks.agents import PREVIEW_FETCHER_TOKENS, is_preview_fetcher
from sharekits.clicks.classify import (
    CLASSIFIER_VERSION,
    MAX_FAMILY,
    Verdict,
    classify_user_agent,
    is_prefetch,
)

from .user_agents import IMESSAGE, USER_AGENTS

NOT_HUMAN = {Verdict.BOT, Verdict.PREVIEW, Verdict.SUSPECT}


def _id(entry: tuple[str, Verdict, str]) -> str:
    return f"{entry[1]}-{entry[2].split(';')[0]}"


@pytest.mark.parametrize(("user_agent", "expected", "note"), USER_AGENTS, ids=map(_id, USER_AGENTS))
def test_each_curated_user_agent_gets_its_verdict(user_agent, expected, note):
    verdict, family = classify_user_agent(user_agent)
    assert verdict == expected, f"{note}: got {verdict} ({family})"


def test_the_curated_set_is_large_enough_to_mean_something():
    humans = sum(expected == Verdict.HUMAN for _, expected, _ in USER_AGENTS)
    assert len(USER_AGENTS) - humans >= 40
    assert humans >= 25
    assert len({ua for ua, _, _ in USER_AGENTS}) == len(USER_AGENTS)


def test_not_human_precision_and_recall_are_perfect_on_the_curated_set():
    true_pos = false_pos = false_neg = 0
    for user_agent, expected, _ in USER_AGENTS:
        flagged = classify_user_agent(user_agent)[0] in NOT_HUMAN
        should = expected in NOT_HUMAN
        true_pos += flagged and should
        false_pos += flagged and not should
        false_neg += should and not flagged
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"not-human precision={precision:.3f} recall={recall:.3f} on {len(USER_AGENTS)} agents")  # noqa: T201
    assert (precision, recall) == (1.0, 1.0)


@pytest.mark.parametrize(("user_agent", "expected", "note"), USER_AGENTS, ids=map(_id, USER_AGENTS))
def test_the_family_is_coarse_and_never_the_user_agent(user_agent, expected, note):
    _, family = classify_user_agent(user_agent)
    assert 0 < len(family) <= MAX_FAMILY
    assert not re.search(r"\d+[._]\d+", family), family  # no minor version
    if user_agent.strip():
        assert user_agent not in family
        assert family != user_agent.strip()


@pytest.mark.parametrize(
    ("user_agent", "family"),
    [
        ("", "empty"),
        (IMESSAGE, "iMessage preview"),
        ("WhatsApp/2.23.20.0 A", "WhatsApp preview"),
        ("LinkedInBot/1.0 (compatible; Mozilla/5.0; +http://www.linkedin.com)", "LinkedInBot"),
        ("TelegramBot (like TwitterBot)", "TelegramBot"),
        ("facebookexternalhit/1.1;line-poker/1.0", "LINE preview"),
        (
            "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
            "Bluesky Cardyb",
        ),
        ("http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)", "Mastodon"),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot"),
        ("curl/8.4.0", "curl"),
        ("python-requests/2.31.0", "python-requests"),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Telegram-Android/11.0",
            "Telegram app",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0.0.33.117;]",
            "Facebook app",
        ),
        (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/138.0.0.0 Mobile Safari/537.36",
            "Chrome/Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari/iOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
            "Firefox/Windows",
        ),
        ("NCSA_Mosaic/2.0 (Windows 3.1)", "other"),
    ],
)
def test_families_name_the_fetcher_app_or_browser(user_agent, family):
    assert classify_user_agent(user_agent)[1] == family


def test_search_and_meta_crawlers_are_bots_but_still_get_the_card():

    for user_agent in ("Facebot/1.0", "meta-externalagent/1.1", "Googlebot/2.1"):
        assert classify_user_agent(user_agent)[0] == Verdict.BOT
        assert is_preview_fetcher(user_agent)


def test_in_app_browsers_never_get_the_card_instead_of_the_story():

    for user_agent, expected, _ in USER_AGENTS:
        if expected == Verdict.HUMAN:
            assert not is_preview_fetcher(user_agent), user_agent


def test_every_preview_token_classifies_as_a_preview():
    for token in PREVIEW_FETCHER_TOKENS:
        assert classify_user_agent(f"{token} 1")[0] == Verdict.PREVIEW, token


def test_an_app_name_outside_a_browser_string_is_not_taken_for_its_in_app_browser():
    assert classify_user_agent("Instagram 330.0 python-requests/2.31")[0] == Verdict.BOT


def test_repeated_user_agents_are_answered_from_the_cache():
    user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 cache"
    classify_user_agent(user_agent)
    before = classify_user_agent.cache_info()
    for _ in range(5):
        assert classify_user_agent(user_agent) == (Verdict.HUMAN, "Firefox/Linux")
    after = classify_user_agent.cache_info()
    assert after.hits == before.hits + 5
    assert after.misses == before.misses


def test_the_cache_key_is_the_first_512_characters():
    base = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/138.0.0.0 "
    head = base + "x" * (512 - len(base))
    classify_user_agent(head + " first tail")
    before = classify_user_agent.cache_info()
    classify_user_agent(head + " another tail, curl/8.4.0")
    assert classify_user_agent.cache_info().hits == before.hits + 1


def test_the_classifier_version_is_recorded_as_a_short_string():
    assert isinstance(CLASSIFIER_VERSION, str)
    assert CLASSIFIER_VERSION


def test_verdicts_are_plain_strings_for_the_database():
    assert [str(v) for v in Verdict] == ["human", "preview", "bot", "suspect"]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"HTTP_SEC_PURPOSE": "prefetch"}, True),
        ({"HTTP_SEC_PURPOSE": "prefetch;prerender"}, True),
        ({"HTTP_SEC_PURPOSE": "prefetch;anonymous-client-ip"}, True),
        ({"HTTP_PURPOSE": "prefetch"}, True),
        ({"HTTP_PURPOSE": "Prefetch"}, True),
        ({"HTTP_X_MOZ": "prefetch"}, True),
        ({"HTTP_X_PURPOSE": "preview"}, True),
        ({}, False),
        ({"HTTP_USER_AGENT": "prefetch"}, False),
        ({"HTTP_PURPOSE": "navigate"}, False),
        ({"HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "document"}, False),
    ],
)
def test_prefetch_and_prerender_requests_are_recognised(meta, expected):
    assert is_prefetch(meta) is expected
