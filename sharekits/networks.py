"""The catalogue of social networks a share kit can target. Adding a network is one entry."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Network:
    key: str
    label: str


NETWORKS: dict[str, Network] = {
    n.key: n
    for n in [
        Network("linkedin", "LinkedIn"),
        Network("facebook", "Facebook"),
        Network("x", "X (Twitter)"),
        Network("whatsapp", "WhatsApp"),
        Network("telegram", "Telegram"),
        Network("bluesky", "Bluesky"),
        Network("mastodon", "Mastodon"),
        Network("threads", "Threads"),
        Network("email", str(_("Email"))),
        Network("sms", "SMS"),
        Network("instagram", "Instagram"),
        Network("tiktok", "TikTok"),
    ]
}


def network_choices() -> list[tuple[str, str]]:
    return [(n.key, n.label) for n in NETWORKS.values()]
