"""Browser fixtures: Playwright driving Debian's Chromium at a phone's size.

Never a downloaded browser: `/usr/bin/chromium` comes from Debian (`apt-get install chromium`,
which `.ci/run` does). Without it the browser tests are skipped locally, and fail under `CI=true`.

One Chromium serves every browser test, and stops when the last of them is done (package scope,
not session). While Playwright's sync API is started, an asyncio loop is running in the main
thread, and Django then (1) refuses ORM calls, and (2) hands the thread *other* database
connections (they are thread-local, but per-context under a running loop), which would lose the
test database's serialized contents that `serialized_rollback` restores. So, only while the
browser is up, DJANGO_ALLOW_ASYNC_UNSAFE is set and the thread keeps its own connections: the rest
of the suite runs with Django's check and connections untouched.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
PHONE_SIZE = {"width": 360, "height": 780}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36"
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Runs in every document before its own scripts: each Content-Security-Policy violation is
# written to the console, where the `csp_violations` fixture collects it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.effectiveDirective + " blocked " +
    (event.blockedURI || "inline") + " in " + event.documentURI);
});
"""


def _browser_unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser tests must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the page fixture can screenshot a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def chromium():
    """Debian's Chromium, headless, launched once for all the browser tests."""
    if not CHROMIUM.exists():
        _browser_unavailable(
            f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed: pip install -r requirements.txt")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        own_connections = {alias: connections[alias] for alias in connections}
        playwright = sync_playwright().start()
        for alias, connection in own_connections.items():
            connections[alias] = connection  # the same objects under the running loop
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
        finally:
            playwright.stop()


@pytest.fixture
def live_site(live_server, settings) -> str:
    """The live server's URL, also used as SITE_URL (personal links, magic links)."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def csp_violations() -> list[str]:
    """Every Content-Security-Policy violation in the test's browser contexts, as text."""
    return []


@pytest.fixture
def new_phone(chromium, live_site, settings, csp_violations):
    """`new_phone()`: a browser context that looks like an Android phone (360 × 780, touch,
    French, clipboard allowed). Nothing leaves the machine: other hosts are refused unless a test
    routes them; media files are served from MEDIA_ROOT (the test server does not, DEBUG is off)."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    contexts = []

    def stay_local(route):
        if route.request.url.startswith(live_site):
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def serve_media(route):
        relative = urlsplit(route.request.url).path.removeprefix(settings.MEDIA_URL)
        file = (media_root / relative).resolve()
        if file.is_file() and file.is_relative_to(media_root):
            route.fulfill(path=file)
        else:
            route.fulfill(status=404, body="not found")

    def make():
        context = chromium.new_context(
            base_url=live_site,
            viewport=PHONE_SIZE,
            screen=PHONE_SIZE,
            is_mobile=True,
            has_touch=True,
            user_agent=PHONE_USER_AGENT,
            locale="fr-FR",
            timezone_id="Europe/Paris",
        )
        contexts.append(context)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", lambda message: _keep_csp_violation(message, csp_violations))
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        # Later routes win: the catch-all goes first.
        context.route("**/*", stay_local)
        context.route(f"{live_site}{settings.MEDIA_URL}**", serve_media)
        return context

    yield make
    for context in contexts:
        context.close()


def _keep_csp_violation(message, violations: list[str]) -> None:
    text = message.text
    if text.startswith("CSP violation: ") or "Content Security Policy" in text:
        violations.append(text)


@pytest.fixture
def phone(new_phone):
    """The test's phone (a browser context); `page` is a tab in it."""
    return new_phone()


@pytest.fixture
def page(phone, request, shoot, csp_violations):
    """A page in the phone context; screenshotted as `<test>-failed.png` when the test fails.
    Whatever the test, a Content-Security-Policy violation in its browser is an error."""
    page = phone.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        shoot(page, "failed", check_width=False)
    assert csp_violations == [], "the Content-Security-Policy blocked something"


@pytest.fixture
def shoot(request):
    """`shoot(page, "2-welcome")`: a full-page screenshot kept in test-artifacts/screenshots/
    as `<test>-<step>.png`, and a check that the page does not scroll sideways on the phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page, step: str, *, check_width: bool = True) -> Path:
        path = SCREENSHOTS / f"{test_name}-{step}.png"
        page.wait_for_load_state("load")
        page.screenshot(path=path, full_page=True)
        if check_width:
            # Against the phone's width, not innerWidth: a mobile browser widens its layout
            # viewport (zooms out) to fit content that is too wide.
            content = page.evaluate("document.documentElement.scrollWidth")
            viewport = page.viewport_size["width"]
            assert content <= viewport, (
                f"{step}: the page is {content}px wide in a {viewport}px phone screen ({path})"
            )
        return path

    return take
