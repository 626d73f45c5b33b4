"""Who may open what: every URL we serve, for every role, with the answer each one must get.

Roles: a visitor, ambassadors A and B (each in their own group, signed in to the portal by
magic link), a communicator, a moderator and a superuser. The table is checked against the URL
resolver: a URL added to the portal, the API, the share-kit admin or our snippets without a
line here fails `test_every_url_we_serve_has_a_line_in_the_table`.

Below the table, object-level checks: what one ambassador may do with the other's data, and
what the staff roles may do with pages (only moderators and admins publish).
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from campaigns.models import StoryPage
from sharekits.models import AmbassadorTally, Share

from .conftest import ROLES, World

pytestmark = pytest.mark.reliability


# --- what a response may be -------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """An expected answer: a status and, for redirects, the path it must lead to."""

    label: str
    status: int
    to: Callable[[World, str], str] | None = None  # (world, requested URL) -> target path
    login_next: bool = False  # the target must bring the person back to the requested URL

    def mismatch(self, response, world: World, url: str) -> str | None:
        """None when the response is this answer, else what it was instead."""
        location = response.get("Location", "")
        seen = f"{response.status_code} {location}".strip()
        if response.status_code != self.status:
            return seen
        if self.to is None:
            return None
        target = urlsplit(location.removeprefix(settings.SITE_URL))
        if target.path != self.to(world, url):
            return seen
        if self.login_next and parse_qs(target.query).get("next") != [url]:
            return seen
        return None


OK = Expect("200", 200)
CREATED = Expect("201", 201)
UNAUTHORIZED = Expect("401", 401)
FORBIDDEN = Expect("403", 403)
NOT_FOUND = Expect("404", 404)
PORTAL_LOGIN = Expect("portal login", 302, lambda w, url: "/portal/login/", login_next=True)
ADMIN_LOGIN = Expect("admin login", 302, lambda w, url: "/admin/login/", login_next=True)
# Wagtail answers a signed-in editor's forbidden request with a redirect to the dashboard
# and a "Sorry, you do not have permission" message.
ADMIN_REFUSED = Expect("admin refused", 302, lambda w, url: "/admin/")
TO_PORTAL_LOGIN = Expect("to portal login", 302, lambda w, url: "/portal/login/")
TO_PROFILE = Expect("to profile", 302, lambda w, url: "/portal/profile/")
TO_STORY_A = Expect("to story A", 302, lambda w, url: w.a.story.url)
TO_KIT_A = Expect("to kit A", 302, lambda w, url: f"/admin/sharekits/story/{w.a.story.pk}/")

#              anonymous      ambassador A  ambassador B  communicator   moderator  superuser
EVERYONE = (OK, OK, OK, OK, OK, OK)
PORTAL = (PORTAL_LOGIN, OK, OK, PORTAL_LOGIN, PORTAL_LOGIN, PORTAL_LOGIN)
API = (UNAUTHORIZED, OK, OK, UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED)
STAFF = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK)
MODERATORS = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_REFUSED, OK, OK)


@dataclass(frozen=True)
class Line:
    """One URL of the table: how it is called and what each role gets, in ROLES order."""

    expect: tuple[Expect, ...]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    url: Callable[[World], str] | None = None  # for URLs the resolver cannot name alone
    ends_session: bool = False  # checked after the other lines of its group


# --- the table ----------------------------------------------------------------------------

SNIPPET_VIEWS = {
    "wagtailsnippets_campaigns_{model}": [
        "list",
        "list_results",
        "add",
        "edit",
        "usage",
        "history",
        "history_results",
        "copy",
    ],
    "wagtailsnippetchoosers_campaigns_{model}": [
        "choose",
        "choose_results",
        "chosen",
        "chosen_multiple",
        "create",
    ],
}

TABLE: dict[str, Line] = {
    "healthz": Line(EVERYONE),
    "robots_txt": Line(EVERYONE),
    "sitemap": Line(EVERYONE),
    # Anyone who is given a personal link may follow it: that is what it is for.
    "sharekits:short_link": Line((TO_STORY_A,) * 6),
    "portal:home": Line(PORTAL),
    "portal:login": Line(EVERYONE),
    # Without a token, the sign-in link page says the link is not valid, for everyone.
    "portal:auth": Line((FORBIDDEN,) * 6),
    "portal:logout": Line((TO_PORTAL_LOGIN,) * 6, method="post", ends_session=True),
    "portal:welcome": Line(PORTAL),
    # A's kit: A may record a share of it; B is not in the campaign's group.
    "portal:share": Line(
        (PORTAL_LOGIN, CREATED, FORBIDDEN, PORTAL_LOGIN, PORTAL_LOGIN, PORTAL_LOGIN),
        method="post",
        data=lambda w: {"variant": w.a.variant.pk, "method": "intent"},
    ),
    "portal:stats": Line(PORTAL),
    "portal:leaderboard": Line(PORTAL),
    "portal:profile": Line(PORTAL),
    "portal:export": Line(PORTAL),
    # Without the confirmation box ticked nothing is erased: back to the profile.
    "portal:erase": Line(
        (PORTAL_LOGIN, TO_PROFILE, TO_PROFILE, PORTAL_LOGIN, PORTAL_LOGIN, PORTAL_LOGIN),
        method="post",
    ),
    "api:openapi-json": Line(EVERYONE),
    "api:openapi-view": Line(EVERYONE),
    "api:api-root": Line((NOT_FOUND,) * 6),
    "api:leaderboard": Line(API),
    "api:my_kits": Line(API),
    "api:my_stats": Line(API),
    "sharekits_admin:kit": Line(STAFF),
    "sharekits_admin:rebuild": Line(
        (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, TO_KIT_A, TO_KIT_A, TO_KIT_A), method="post"
    ),
    "sharekits_admin:links_csv": Line(STAFF),
    # Story A is live: only those who may publish it change its captions (issue 11).
    "sharekits_admin:variant_edit": Line(
        (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, OK, OK)
    ),
    **{
        f"{namespace.format(model=model)}:{view}": Line(STAFF)
        for model in ("campaign", "ambassador", "ambassadorgroup")
        for namespace, views in SNIPPET_VIEWS.items()
        for view in views
    },
    # Communicators may not delete campaigns, ambassadors or groups (campaigns 0002).
    **{
        f"wagtailsnippets_campaigns_{model}:delete": Line(MODERATORS)
        for model in ("campaign", "ambassador", "ambassadorgroup")
    },
}

# Wagtail's own screens and the public pages: not ours to enumerate, checked all the same.
EXTRA: dict[str, Line] = {
    "forged short link": Line((NOT_FOUND,) * 6, url=lambda w: f"/s/{w.a.token[::-1]}"),
    "home page": Line(EVERYONE, url=lambda w: "/"),
    "story page": Line(EVERYONE, url=lambda w: w.a.story.url),
    # A draft has no public URL, not even for those who wrote it (they preview in the admin).
    "draft story": Line((NOT_FOUND,) * 6, url=lambda w: "/bonnes-nouvelles/brouillon/"),
    "wagtailadmin_explore_root": Line(STAFF),
    "story editor": Line(
        STAFF, url=lambda w: reverse("wagtailadmin_pages:edit", args=[w.a.story.pk])
    ),
    "wagtailimages:index": Line(STAFF),
    "wagtaildocs:index": Line(STAFF),
}

# Where today's code answers wrongly (strict xfails, listed in issue 11's report).
NO_SITEMAP = (
    "/sitemap.xml answers 500 (TemplateDoesNotExist: sitemap.xml): django.contrib.sitemaps "
    "is not in INSTALLED_APPS, yet robots.txt points to it"
)
NO_COLLECTIONS = (
    "Communicators are refused the {library}: campaigns 0002 grants them model permissions "
    "(add/change/choose), but Wagtail reads image and document permissions per collection"
)
KNOWN_WRONG: dict[tuple[str, str | None], str] = {  # (line, role or None for all) -> why
    ("sitemap", None): NO_SITEMAP,
    ("wagtailimages:index", "communicator"): NO_COLLECTIONS.format(library="image library"),
    ("wagtaildocs:index", "communicator"): NO_COLLECTIONS.format(library="documents"),
}


# --- the URLs we serve, from the resolver -------------------------------------------------

OUR_NAMESPACES = {"portal", "api", "sharekits", "sharekits_admin"}
OUR_SNIPPETS = re.compile(r"^wagtailsnippet(s|choosers)_(cms|campaigns|sharekits)_")
OUR_PACKAGES = {"cms", "campaigns", "sharekits"}


def _walk(resolver: URLResolver, namespaces: tuple = ()) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, (*namespaces, *([entry.namespace] if entry.namespace else [])))
        else:
            yield ":".join((*namespaces, entry.name or "")), entry


def _is_ours(name: str, pattern: URLPattern, top_level: set) -> bool:
    namespace = name.split(":", 1)[0] if ":" in name else ""
    module = getattr(pattern.callback, "__module__", "") or ""
    return (
        id(pattern) in top_level  # written in cms/urls.py itself
        or namespace in OUR_NAMESPACES
        or bool(OUR_SNIPPETS.match(namespace))
        or module.split(".", 1)[0] in OUR_PACKAGES
    )


@cache
def our_urls() -> dict[str, URLPattern]:
    """Every URL pattern of ours, by its namespaced name."""
    root = get_resolver()
    top_level = {id(p) for p in root.url_patterns if isinstance(p, URLPattern)}
    return {name: p for name, p in _walk(root) if _is_ours(name, p, top_level)}


def _url_of(name: str, world: World) -> str:
    """The URL of a named line, its arguments taken from A's side of the world."""
    line = TABLE.get(name) or EXTRA[name]
    if line.url is not None:
        return line.url(world)
    pattern = our_urls().get(name)
    arguments = re.findall(
        r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(pattern.pattern) if pattern else ""
    )
    values = {
        "page_id": world.a.story.pk,
        "variant_id": world.a.variant.pk,
        "token": world.a.token,
    }
    if "_campaigns_" in name:
        model = name.split(":", 1)[0].rsplit("_", 1)[1]
        values["pk"] = {
            "campaign": world.a.campaign.pk,
            "ambassador": world.a.ambassador.pk,
            "ambassadorgroup": world.a.group.pk,
        }[model]
    return reverse(name, kwargs={key: values[key] for pair in arguments for key in pair if key})


# --- the matrix ---------------------------------------------------------------------------


def _area(name: str) -> str:
    """Lines are checked in a few groups (one world per group keeps the suite quick)."""
    namespace = name.split(":", 1)[0] if ":" in name else ""
    if namespace.startswith("wagtailsnippet"):
        return "snippets-" + namespace.rsplit("_", 1)[1]
    if namespace in ("portal", "api", "sharekits_admin"):
        return namespace
    return "admin" if namespace.startswith("wagtail") or name == "story editor" else "public"


LINES = {**TABLE, **EXTRA}
AREAS = sorted({_area(name) for name in LINES})


def _check(world: World, clients: dict[str, Client], name: str, roles) -> list[str]:
    """What each role got where it differs from the table, as readable lines."""
    line = LINES[name]
    url = _url_of(name, world)
    data = line.data(world) if line.data else {}
    wrong = []
    for role in roles:
        expected = line.expect[ROLES.index(role)]
        response = getattr(clients[role], line.method)(url, data)
        seen = expected.mismatch(response, world, url)
        if seen is not None:
            wrong.append(
                f"{line.method.upper()} {url} as {role}: expected {expected.label}, got {seen}"
            )
    return wrong


@pytest.mark.parametrize("area", AREAS)
def test_each_role_gets_the_expected_answer(world, clients, area):
    wrong = []
    names = sorted(
        (name for name in LINES if _area(name) == area), key=lambda n: LINES[n].ends_session
    )
    for name in names:
        roles = [
            role
            for role in ROLES
            if (name, role) not in KNOWN_WRONG and (name, None) not in KNOWN_WRONG
        ]
        wrong += _check(world, clients, name, roles)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        pytest.param(
            name,
            role,
            id=f"{name}-{role or 'everyone'}",
            marks=pytest.mark.xfail(strict=True, reason=why),
        )
        for (name, role), why in KNOWN_WRONG.items()
    ],
)
def test_what_the_code_answers_wrongly_today(world, clients, name, role):
    wrong = _check(world, clients, name, [role] if role else ROLES)
    assert not wrong, "\n".join(wrong)


def test_every_url_we_serve_has_a_line_in_the_table():
    served = set(our_urls())
    assert served - set(TABLE) == set(), "URLs without a line in TABLE"
    assert set(TABLE) - served == set(), "lines of TABLE the resolver does not know"


def test_the_table_has_one_answer_per_role():
    assert {len(line.expect) for line in [*TABLE.values(), *EXTRA.values()]} == {len(ROLES)}


# --- ambassadors: one cannot see or act on the other's data --------------------------------


def _score(ambassador) -> int:
    return sum(
        AmbassadorTally.objects.filter(ambassador=ambassador, scope="all").values_list(
            "score", flat=True
        )
    )


def test_a_share_of_a_kit_meant_for_another_group_is_refused_and_does_not_score(world, clients):
    response = clients["ambassador_b"].post(
        "/portal/share/", {"variant": world.a.variant.pk, "method": "intent"}
    )

    assert response.status_code == 403
    assert not Share.objects.filter(ambassador=world.b.ambassador).exists()
    assert _score(world.b.ambassador) == 0


def test_an_ambassador_sees_only_the_kits_of_their_campaigns(world, clients):
    kits = clients["ambassador_a"].get("/api/me/kits").json()
    page = clients["ambassador_a"].get("/portal/").content.decode()

    assert [kit["story_id"] for kit in kits] == [world.a.story.pk]
    assert "Histoire A" in page and "Histoire B" not in page


def test_an_ambassador_reads_only_their_own_stats_whatever_the_query(world, clients):
    clients["ambassador_b"].post("/portal/share/", {"variant": world.b.variant.pk})
    assert _score(world.b.ambassador) > 0
    api, portal = clients["ambassador_a"], clients["ambassador_a"]
    others = {"ambassador": world.b.ambassador.pk, "ambassador_id": world.b.ambassador.pk}

    stats = api.get("/api/me/stats", others).json()
    page = portal.get("/portal/stats/", others).content.decode()

    assert stats["total_shares"] == 0 and stats["stories"] == []
    assert stats["rank_all_time"] is None
    assert "Histoire B" not in page


def test_an_ambassadors_export_holds_only_their_own_data(world, clients):
    clients["ambassador_b"].post("/portal/share/", {"variant": world.b.variant.pk})

    exported = clients["ambassador_a"].get("/portal/profile/export/").content.decode()

    assert world.a.ambassador.email in exported
    assert world.b.ambassador.email not in exported
    assert "Groupe B" not in exported and json.loads(exported)["shares"] == []


def _b_on_the_board(world, clients):
    """B scores in this month's board; A then asks for B's group."""
    clients["ambassador_b"].post("/portal/share/", {"variant": world.b.variant.pk})
    return {"group": world.b.group.slug}


def test_the_api_leaderboard_offers_and_filters_only_the_ambassadors_own_groups(world, clients):
    query = _b_on_the_board(world, clients)

    response = clients["ambassador_a"].get("/api/leaderboard", query)

    # Either answer is right: a refusal, or a board among A's own groups only.
    mine = [{"slug": world.a.group.slug, "name": world.a.group.name}]
    if response.status_code == 200:
        assert response.json()["groups"] == mine
        assert response.json()["group"] in (None, mine[0])
    else:
        assert response.status_code in (403, 404)


def test_the_portal_leaderboard_offers_and_filters_only_the_ambassadors_own_groups(world, clients):
    query = _b_on_the_board(world, clients)

    response = clients["ambassador_a"].get("/portal/leaderboard/", query)
    page = response.content.decode()

    assert response.status_code in (200, 403, 404)
    # The slug typed in the address may be echoed in links; the group is neither offered nor
    # shown.
    assert f'value="{world.b.group.slug}"' not in page and "Groupe B" not in page


# --- staff: pages ---------------------------------------------------------------------------


def _latest_title(page: Page) -> str:
    """The title as last saved in the admin (the latest revision, else the page itself)."""
    page = Page.objects.get(pk=page.pk)
    revision = page.get_latest_revision()
    return revision.as_object().title if revision else page.title


def _edit_form(client: Client, page: Page) -> tuple[str, dict]:
    """The page's edit URL and what its form posts, as the browser would send it."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The body's StreamField is drawn by the browser's script: post it empty, as it is.
    return url, {**dict(form.lists()), **nested_form_data({"body": streamfield([])})}


@pytest.mark.parametrize(
    ("role", "goes_live"),
    [("communicator", False), ("moderator", True), ("superuser", True)],
)
def test_only_moderators_and_admins_can_publish(world, clients, role, goes_live):
    story = world.b.story
    story.unpublish()
    url, data = _edit_form(clients[role], story)

    clients[role].post(url, {**data, "action-publish": "publish"})

    story.refresh_from_db()
    assert story.live is goes_live
    assert (Client().get("/bonnes-nouvelles/histoire-b/").status_code == 200) is goes_live


def test_a_communicator_may_edit_a_story_another_communicator_wrote(world, clients, communicator):
    """Communicators hold "change" on the whole page tree (campaigns 0002): they share stories."""
    colleague_draft = world.draft
    assert colleague_draft.owner != communicator
    url, data = _edit_form(clients["communicator"], colleague_draft)

    response = clients["communicator"].post(url, {**data, "title": "Brouillon relu"})

    assert response.status_code == 302
    assert _latest_title(colleague_draft) == "Brouillon relu"


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_a_communicator_cannot_take_a_live_story_down(world, clients, action):
    url = reverse(f"wagtailadmin_pages:{action}", args=[world.a.story.pk])

    response = clients["communicator"].post(url)

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert StoryPage.objects.get(pk=world.a.story.pk).live


def test_a_locked_story_cannot_be_changed_by_a_communicator(world, clients, moderator):
    story = world.a.story
    url, data = _edit_form(clients["communicator"], story)
    story.locked, story.locked_by = True, moderator
    story.save()

    clients["communicator"].post(url, {**data, "title": "Changé en douce"})

    assert _latest_title(story) == "Histoire A"
