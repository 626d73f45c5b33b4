"""Clicks sent through the real redirect, and what the tallies should then say."""

import random
import time

from django.db import OperationalError
from django.db.models import Sum

from sharekits.clicks.selfclick import SELF_COOKIE, self_cookie_value
from sharekits.models import ClickTally

BROWSERS = [
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
]
PREVIEWS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0 A",
    "curl/8.5.0",
]


def click(client, token, *, ip, ua, own=None):
    """One GET of a short link; `own`: the id in the browser's self-click cookie."""
    client.cookies.clear()
    if own is not None:
        client.cookies[SELF_COOKIE] = self_cookie_value(own)
    return client.get(f"/s/{token}", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)


def mixed_clicks(client, links, total=1000, seed=7):
    """Send `total` clicks through the redirect; return what each kind should count."""
    rng = random.Random(seed)
    expected = {"human": 0, "repeat": 0, "self": 0, "bot": 0}
    visited: set = set()
    for i in range(total):
        ambassador, _variant, token = rng.choice(links)
        roll = rng.random()
        if roll < 0.15:
            click(client, token, ip=f"198.51.100.{i % 200}", ua=rng.choice(PREVIEWS))
            expected["bot"] += 1
        elif roll < 0.20:
            click(client, token, ip="192.0.2.1", ua=BROWSERS[0], own=ambassador.pk)
            expected["self"] += 1
        else:
            visitor = (f"203.0.113.{rng.randrange(120)}", rng.choice(BROWSERS))
            response = click(client, token, ip=visitor[0], ua=visitor[1])
            assert response.status_code == 302
            key = (*visitor, token)
            expected["repeat" if key in visited else "human"] += 1
            visited.add(key)
    return expected


def add(*counts: dict) -> dict:
    return {kind: sum(c[kind] for c in counts) for kind in counts[0]}


def totals() -> dict:
    """What the per-link tallies count, by kind (bots and previews together)."""
    sums = ClickTally.objects.aggregate(
        human=Sum("human_clicks"),
        repeat=Sum("repeat_clicks"),
        own=Sum("self_clicks"),
        bot=Sum("bot_fetches"),
        preview=Sum("preview_fetches"),
    )
    return {
        "human": sums["human"] or 0,
        "repeat": sums["repeat"] or 0,
        "self": sums["own"] or 0,
        "bot": (sums["bot"] or 0) + (sums["preview"] or 0),  # bots and previews
    }


def wait_for(predicate, seconds=60) -> bool:
    """Poll `predicate` until it holds or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite's shared in-memory test DB: the worker is writing
            pass
        time.sleep(0.05)
    return False
