"""How long a caption is, counted the way each network counts it.

X weighs code points 1 or 2 (twitter-text v3) and counts every URL as 23; Mastodon counts code
points and every http(s) URL as 23; Bluesky counts graphemes, and 3,000 UTF-8 bytes at most;
Threads counts characters but an emoji as its UTF-8 bytes; LinkedIn and most others count
UTF-16 units, as their composers do. Where a network's counting is uncertain the stricter
reading is used, so that a fitted caption never needs editing by the ambassador.
"""

import unicodedata

import regex

from sharekits.kits.networks import LINK_PLACEHOLDER, Counting, Network

_GRAPHEME = regex.compile(r"\X")
_EMOJI_ELEMENT = (
    r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
    r"|(?!\p{Regional_Indicator})\p{Emoji_Presentation}\ufe0f?"
    r"|\p{Extended_Pictographic}\ufe0f)"
)
# One emoji as twitter-text counts it: a flag, a keycap, a subdivision flag, or a ZWJ sequence
# of fully-qualified emoji (skin tones included). A cluster outside this grammar is weighed
# code point by code point, which is never less than what X counts for it.
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\ufe0f?\u20e3"
    r"|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
    r"|\p{Extended_Pictographic}\ufe0f?"
    rf"|{_EMOJI_ELEMENT}(?:\u200d{_EMOJI_ELEMENT})*"
)
# A cluster that any network would call an emoji (Threads counts those in UTF-8 bytes).
_EMOJI_ISH = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Emoji_Modifier}\u20e3\U000e0020-\U000e007f]"
)
# twitter-text v3 (config/v3.json): these code points weigh 1, every other one 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# http(s) URLs, and bare domains (X links "example.com" too). Trailing punctuation is trimmed
# after matching: "voir laval.fr." links "laval.fr".
_URL = regex.compile(
    r"(?P<scheme>https?://)\S+"
    r"|(?<![\w.@/-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,63}(?![\w-])"
    r"(?:[/?#:]\S*)?"
)
_URL_TRAILING = regex.compile(r"[.,;:!?'\"’»)\]}…]+$")


def _code_point_weight(char: str) -> int:
    point = ord(char)
    return 1 if any(start <= point <= end for start, end in _LIGHT_RANGES) else 2


def _twitter_plain(text: str) -> int:
    """Weighted length of text without URLs: an emoji weighs 2, other code points 1 or 2."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.fullmatch(cluster):
            total += 2
        else:
            total += sum(_code_point_weight(c) for c in cluster)
    return total


def _urls(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, has_scheme) of each URL in text, trailing punctuation excluded."""
    found = []
    for match in _URL.finditer(text):
        url = _URL_TRAILING.sub("", match.group())
        has_scheme = match.group("scheme") is not None
        if has_scheme and len(url) <= len(match.group("scheme")):
            continue  # "https://" alone
        found.append((match.start(), match.start() + len(url), has_scheme))
    return found


def _url_weighted(text: str, *, url_weight: int, twitter: bool) -> int:
    """Length where each URL counts url_weight (X: a bare domain counts at least that)."""
    text = unicodedata.normalize("NFC", text) if twitter else text
    plain = _twitter_plain if twitter else len
    total, position = 0, 0
    for start, end, has_scheme in _urls(text):
        if not has_scheme and not twitter:
            continue  # Mastodon only links http(s) URLs
        total += plain(text[position:start])
        # A bare domain is a link only if its TLD is real: count the worse of both cases.
        total += url_weight if has_scheme else max(url_weight, plain(text[start:end]))
        position = end
    return total + plain(text[position:])


def _emoji_utf8(text: str) -> int:
    """Threads: emoji count as their UTF-8 bytes, other text as UTF-16 units."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI_ISH.search(cluster):
            total += len(cluster.encode("utf-8", "surrogatepass"))
        else:
            total += _utf16(cluster)
    return total


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _plain_length(text: str, network: Network) -> int:
    url_weight = network.url_weight if network.url_weight is not None else 23
    match network.counting:
        case Counting.TWITTER:
            return _url_weighted(text, url_weight=url_weight, twitter=True)
        case Counting.MASTODON:
            return _url_weighted(text, url_weight=url_weight, twitter=False)
        case Counting.GRAPHEMES:
            return len(_GRAPHEME.findall(text))
        case Counting.EMOJI_UTF8:
            return _emoji_utf8(text)
        case Counting.UTF16:
            return _utf16(text)
        case _:
            return len(text)


def measure(text: str, *, network: Network, link_length: int) -> int:
    """The network's own length of a caption, its {link} placeholder counted as the link."""
    pieces = text.split(LINK_PLACEHOLDER)
    # Personal links are ASCII: link_length characters, graphemes, units and bytes alike.
    link = network.url_weight if network.url_weight is not None else link_length
    return sum(_plain_length(piece, network) for piece in pieces) + link * (len(pieces) - 1)


def measure_bytes(text: str, *, link_length: int) -> int:
    """UTF-8 size of a caption, its {link} placeholder counted as link_length bytes."""
    pieces = text.split(LINK_PLACEHOLDER)
    return sum(len(p.encode("utf-8", "surrogatepass")) for p in pieces) + link_length * (
        len(pieces) - 1
    )


def within_limits(text: str, *, network: Network, link_length: int) -> bool:
    """Whether a caption fits the network's text limit (and its byte limit, if any)."""
    if network.text_limit is not None and (
        measure(text, network=network, link_length=link_length) > network.text_limit
    ):
        return False
    return network.byte_limit is None or (
        measure_bytes(text, link_length=link_length) <= network.byte_limit
    )
