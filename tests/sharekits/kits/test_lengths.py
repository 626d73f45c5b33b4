"""Caption lengths, counted the way each network counts them."""

import pytest

from sharekits.kits.lengths import measure
from sharekits.kits.networks import LINK_PLACEHOLDER, NETWORKS

ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"

# twitter-text 3.x conformance (validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest),
# plus X's own figures: French accents weigh 1, CJK and emoji 2, every URL 23.
X_LENGTHS = [
    ("a" * 280, 280),
    ("é" * 280, 280),  # French accents weigh 1
    ("中" * 140, 280),  # CJK weighs 2
    ("👨‍👩‍👧‍👦", 2),  # a ZWJ family is one emoji
    ("👍🏽", 2),  # a skin tone does not add
    ("🇫🇷", 2),
    ("Hi http://test.co", 26),
    ("http://test.co", 23),
    ("https://example.com/" + "a" * 200, 23),  # every URL counts 23
    ("https://www.twitter.com/aloha " * 10, 240),
    ("example.com", 23),  # X links bare domains
    ("H🐱☺👨‍👩‍👧‍👦", 7),
    ("😷👾😡🔥💩", 10),
    ("🙋🏽👨‍🎤", 4),
    ("1⃣", 2),
    ("Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; " + ENGLAND, 34),
    ("Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),
    ("A\u0301B", 2),  # counted after NFC
    (LINK_PLACEHOLDER, 23),
    (f"Voir {LINK_PLACEHOLDER}.", 29),
]


@pytest.mark.parametrize("text,expected", X_LENGTHS)
def test_x_weighted_length_matches_twitter_text(text, expected):
    assert measure(text, network=NETWORKS["x"], link_length=60) == expected


def test_mastodon_counts_characters_and_http_links_as_23():
    mastodon = NETWORKS["mastodon"]
    assert measure("é" * 10, network=mastodon, link_length=60) == 10
    assert measure("voir https://example.com/" + "a" * 100, network=mastodon, link_length=0) == 28
    assert measure("voir laval.fr", network=mastodon, link_length=0) == 13  # not a link there
    assert measure(LINK_PLACEHOLDER, network=mastodon, link_length=60) == 23


def test_bluesky_counts_graphemes_and_the_link_at_its_length():
    bluesky = NETWORKS["bluesky"]
    assert measure("👨‍👩‍👧‍👦🇫🇷é", network=bluesky, link_length=0) == 3
    assert measure(f"a {LINK_PLACEHOLDER}", network=bluesky, link_length=37) == 39


def test_threads_counts_emoji_as_their_utf8_bytes():
    threads = NETWORKS["threads"]
    assert measure("été", network=threads, link_length=0) == 3
    assert measure("🚀", network=threads, link_length=0) == 4
    assert measure("👨‍👩‍👧‍👦", network=threads, link_length=0) == 25


def test_linkedin_counts_utf16_units_like_its_composer():
    assert measure("é🚀", network=NETWORKS["linkedin"], link_length=0) == 3
