"""The catalogue of social networks a share kit can target. Adding a network is one entry.

Each entry says what its share intent accepts and how its text limit is counted, as the
network documents it or as it was seen to behave (checked in November 2026). Points that are
uncertain, or only reported by secondary sources, are resolved towards the stricter reading,
so a kit never overflows.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Where each ambassador's personal short link goes in a caption.
LINK_PLACEHOLDER = "{link}"


class Counting(StrEnum):
    """How a network measures the length of a post."""

    CHARS = "chars"  # Unicode code points
    UTF16 = "utf16"  # UTF-16 code units, what web composers count: an emoji weighs 2
    GRAPHEMES = "graphemes"  # user-perceived characters (Unicode extended grapheme clusters)
    TWITTER = "twitter"  # twitter-text v3 weights, every URL counts url_weight
    MASTODON = "mastodon"  # code points, every http(s) URL counts url_weight
    EMOJI_UTF8 = "emoji_utf8"  # characters, but an emoji counts as its UTF-8 bytes (Threads)


class HashtagStyle(StrEnum):
    """Where story and campaign hashtags go."""

    INLINE = "inline"  # "#tag" words at the end of the caption
    NONE = "none"  # hashtags are not links there: only the disclosure tag is written


class CaptionStyle(StrEnum):
    """How the blocks of a caption are laid out (see sharekits.kits.captions)."""

    SPACED = "spaced"  # a blank line between blocks: long-form feeds and e-mail
    COMPACT = "compact"  # one line per block: short posts and chats
    INLINE = "inline"  # a single line without emoji decoration: SMS


# A bare hostname: dot-separated labels of letters, digits and inner hyphens, ending in a
# label that starts with a letter (so IP addresses are refused too).
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOSTNAME = re.compile(rf"(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?")


def validate_instance(instance: str) -> str:
    """The lower-cased Mastodon hostname an ambassador typed, "" if blank; ValueError if not one."""
    host = instance.strip()
    if not host:
        return ""
    # ASCII first: lower() would turn some non-ASCII letters (the Kelvin sign) into ASCII ones.
    if not host.isascii() or len(host) > 253 or not _HOSTNAME.fullmatch(host.lower()):
        raise ValueError(f"Not a bare hostname such as mastodon.social: {instance!r}")
    return host.lower()


@dataclass(frozen=True, kw_only=True)
class Network:
    """One network a share kit can target: its limits, its image and how to open it."""

    key: str
    label: str | Promise  # brand names stay as they are; generic words go through gettext_lazy
    text_limit: int | None  # None: no limit worth fitting to
    counting: Counting = Counting.UTF16
    url_weight: int | None = None  # what any URL counts, whatever its length (X, Mastodon)
    byte_limit: int | None = None  # a second limit in UTF-8 bytes (Bluesky)
    max_hashtags: int | None = None  # story and campaign hashtags kept at most; None: no cap
    hashtag_style: HashtagStyle = HashtagStyle.INLINE
    caption_style: CaptionStyle = CaptionStyle.COMPACT
    image_format: str = "og"  # key of sharekits.kits.formats.FORMATS
    prefills_text: bool = True  # False: the intent ignores text, the button copies it first
    intent: bool = True  # False: no share URL exists, the kit offers download + copy
    needs_instance: bool = False  # the intent lives on the ambassador's own server
    # The intent as a template: {text} the caption with the link in it, {text_without_link},
    # {link}, {subject}, {instance} (a validated hostname). Values are percent-encoded.
    intent_url: str = ""
    line_break: str = "\n"  # mailto bodies want CRLF (RFC 6068)

    def share_url(
        self, *, caption: str, link: str, subject: str = "", instance: str = ""
    ) -> str | None:
        """The intent URL that opens this network's composer with the caption and the link."""
        if not self.intent or not self.intent_url:
            return None
        host = ""
        if self.needs_instance:
            host = validate_instance(instance)
            if not host:
                return None
        text = caption.replace(LINK_PLACEHOLDER, link)
        if link not in text:
            text = f"{text}\n{link}" if text else link
        values = {
            "text": text,
            "text_without_link": _without_link(text, link),
            "link": link,
            "subject": " ".join(subject.split()),  # a header value: one line
        }
        encoded = {
            name: quote(value.replace("\n", self.line_break), safe="")
            for name, value in values.items()
        }
        return self.intent_url.format(instance=host, **encoded)


def _without_link(text: str, link: str) -> str:
    """The text without the link, and without the line that only led to it (Telegram)."""
    lines = []
    for line in text.split("\n"):
        if link in line:
            line = " ".join(line.replace(link, " ").split())
            if not any(ch.isalnum() for ch in line):
                continue  # only decoration was left, such as an arrow emoji
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


NETWORKS: dict[str, Network] = {
    n.key: n
    for n in [
        # Only url= is honoured (the card comes from the Open Graph tags); 3,000 characters;
        # 3-5 hashtags by convention.
        Network(
            key="linkedin",
            label="LinkedIn",
            text_limit=3000,
            max_hashtags=3,
            caption_style=CaptionStyle.SPACED,
            prefills_text=False,
            intent_url="https://www.linkedin.com/sharing/share-offsite/?url={link}",
        ),
        # Only u= works (title and picture went in 2017, quote in 2022); the text limit is
        # from a secondary source.
        Network(
            key="facebook",
            label="Facebook",
            text_limit=63206,
            max_hashtags=3,
            caption_style=CaptionStyle.SPACED,
            prefills_text=False,
            intent_url="https://www.facebook.com/sharer/sharer.php?u={link}",
        ),
        # 280 weighted (twitter-text v3), URLs 23, 1-2 hashtags. The link travels inside text=
        # (not url=) so that the post reads exactly like the caption, disclosure tag last.
        Network(
            key="x",
            label="X (Twitter)",
            text_limit=280,
            counting=Counting.TWITTER,
            url_weight=23,
            max_hashtags=2,
            intent_url="https://x.com/intent/tweet?text={text}",
        ),
        # No url parameter, the link goes inside the text; hashtags are not links.
        Network(
            key="whatsapp",
            label="WhatsApp",
            text_limit=None,
            max_hashtags=0,
            hashtag_style=HashtagStyle.NONE,
            intent_url="https://wa.me/?text={text}",
        ),
        # Telegram writes url, then text on the next line: the link is not repeated.
        Network(
            key="telegram",
            label="Telegram",
            text_limit=4096,
            max_hashtags=3,
            intent_url="https://t.me/share/url?url={link}&text={text_without_link}",
        ),
        # 300 graphemes and 3,000 bytes; the link goes in the text.
        Network(
            key="bluesky",
            label="Bluesky",
            text_limit=300,
            counting=Counting.GRAPHEMES,
            byte_limit=3000,
            max_hashtags=3,
            intent_url="https://bsky.app/intent/compose?text={text}",
        ),
        # 500 by default per server, every URL 23; the share page is on the user's server.
        Network(
            key="mastodon",
            label="Mastodon",
            text_limit=500,
            counting=Counting.MASTODON,
            url_weight=23,
            max_hashtags=3,
            needs_instance=True,
            intent_url="https://{instance}/share?text={text}",
        ),
        # threads.com per Meta's 2026 docs; 500 characters, emoji as UTF-8 bytes; one tag.
        Network(
            key="threads",
            label="Threads",
            text_limit=500,
            counting=Counting.EMOJI_UTF8,
            max_hashtags=1,
            intent_url="https://www.threads.com/intent/post?text={text}",
        ),
        # mailto (RFC 6068): %20 for spaces, CRLF line breaks; plain text, no limit.
        Network(
            key="email",
            label=_("Email"),
            text_limit=None,
            counting=Counting.CHARS,
            max_hashtags=0,
            hashtag_style=HashtagStyle.NONE,
            caption_style=CaptionStyle.SPACED,
            intent_url="mailto:?subject={subject}&body={text}",
            line_break="\r\n",
        ),
        # sms:?&body= works on Android and iOS. 134 UTF-16 units is two concatenated
        # UCS-2 segments (2 x 67): at most two segments whatever the characters.
        Network(
            key="sms",
            label="SMS",
            text_limit=134,
            max_hashtags=0,
            hashtag_style=HashtagStyle.NONE,
            caption_style=CaptionStyle.INLINE,
            intent_url="sms:?&body={text}",
        ),
        # No web intent; 2,200 characters; 5 hashtags (the newer, stricter rule).
        Network(
            key="instagram",
            label="Instagram",
            text_limit=2200,
            max_hashtags=5,
            caption_style=CaptionStyle.SPACED,
            image_format="portrait",
            prefills_text=False,
            intent=False,
        ),
        # No web intent; 2,200 characters (4,000 for photo posts per some APIs).
        Network(
            key="tiktok",
            label="TikTok",
            text_limit=2200,
            max_hashtags=5,
            image_format="story",
            prefills_text=False,
            intent=False,
        ),
    ]
}


def network_choices() -> list[tuple[str, str | Promise]]:
    """(key, label) pairs for form fields, in catalogue order."""
    return [(n.key, n.label) for n in NETWORKS.values()]


def enabled_networks(keys: list[str]) -> list[Network]:
    """The networks named in keys, in catalogue order; unknown keys are ignored."""
    wanted = set(keys)
    return [n for n in NETWORKS.values() if n.key in wanted]
