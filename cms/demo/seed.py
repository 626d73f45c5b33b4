"""Create (or top up) the demo territory. Safe to run twice: everything is looked up first."""

import datetime
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryIndexPage, StoryPage
from cms.models import HomePage
from sharekits.kits.networks import NETWORKS

from . import content
from .images import draw_landscape

DEMO_PASSWORD = "relais-demo-2026"  # noqa: S105 - demo data only; seed refuses production
DEMO_USERS = [
    # username, group, first name, is_superuser
    ("communicant", "Communicators", "Claire", False),
    ("moderateur", "Moderators", "Marc", False),
    ("admin", None, "Admin", True),
]


@dataclass
class SeedReport:
    campaigns: int
    stories: int
    ambassadors: int
    groups: int
    logins: list[tuple[str, str, str]]


def seed_demo() -> SeedReport:
    with transaction.atomic():
        logins = _seed_users()
        groups = _seed_groups()
        campaigns = _seed_campaigns(groups)
        _seed_ambassadors(groups)
        _seed_stories(campaigns)
    return SeedReport(
        campaigns=Campaign.objects.count(),
        stories=StoryPage.objects.live().count(),
        ambassadors=Ambassador.objects.count(),
        groups=AmbassadorGroup.objects.count(),
        logins=logins,
    )


def _seed_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    logins = []
    for username, group_name, first_name, is_superuser in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@relais.example"},
        )
        user.is_superuser = user.is_staff = is_superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        logins.append((username, DEMO_PASSWORD, group_name or "superuser"))
    return logins


def _seed_groups() -> dict[str, AmbassadorGroup]:
    groups = {}
    for name, slug, description in content.GROUPS:
        group, _ = AmbassadorGroup.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        groups[slug] = group
    return groups


def _seed_campaigns(groups: dict[str, AmbassadorGroup]) -> dict[str, Campaign]:
    today = timezone.localdate()
    campaigns = {}
    for data in content.CAMPAIGNS:
        campaign, _ = Campaign.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "goal": data["goal"],
                "hashtags": data["hashtags"],
                "disclosure_tag": "#ambassadeur",
                "enabled_networks": list(NETWORKS),
                "starts_on": today - datetime.timedelta(days=30),
                "ends_on": today + datetime.timedelta(days=150),
            },
        )
        campaign.groups.set([groups[slug] for slug in data["groups"]])
        campaigns[data["slug"]] = campaign
    return campaigns


def _seed_ambassadors(groups: dict[str, AmbassadorGroup]) -> None:
    group_list = list(groups.values())
    now = timezone.now()
    for i in range(50):
        first = content.FIRST_NAMES[i % len(content.FIRST_NAMES)]
        last = content.LAST_NAMES[(i * 7) % len(content.LAST_NAMES)]
        email = demo_email(first=first, last=last, number=i)
        # Demos seeded before kept the accents, which the login form refuses.
        accented = f"{first}.{last}.{i}@exemple.fr".lower()
        if accented != email:
            Ambassador.objects.filter(email=accented).update(email=email)
        ambassador, _ = Ambassador.objects.update_or_create(
            email=email,
            defaults={
                "display_name": f"{first} {last}",
                "commune": content.COMMUNES[i % len(content.COMMUNES)],
                "organisation": content.ORGANISATIONS[i % len(content.ORGANISATIONS)],
                "preferred_language": "en" if i % 10 == 9 else "fr",
                "consent_at": now if i % 5 else None,
                "leaderboard_opt_in": i % 3 == 0,
                "is_active": i % 17 != 16,
            },
        )
        ambassador.groups.set(
            [group_list[i % len(group_list)], group_list[(i // 4) % len(group_list)]]
        )


def demo_email(*, first: str, last: str, number: int) -> str:
    """An address the login form accepts: plain ASCII (Léa André → lea.andre.3@exemple.fr)."""
    local = unicodedata.normalize("NFKD", f"{first}.{last}.{number}")
    return f"{local.encode('ascii', 'ignore').decode()}@exemple.fr".lower()


def _story_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        home.intro = (
            f"Les bonnes nouvelles de l'emploi au {content.TERRITORY}, à partager avec vos réseaux."
        )
        home.title = f"Relais — {content.TERRITORY}"
        home.save_revision().publish()
        index = StoryIndexPage(
            title="Bonnes nouvelles",
            slug="bonnes-nouvelles",
            intro="Toutes les histoires d'emploi du territoire.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _seed_stories(campaigns: dict[str, Campaign]) -> None:
    index = _story_index()
    Image = get_image_model()
    today = timezone.localdate()
    for n, row in enumerate(content.STORIES):
        campaign_slug, slug, title, summary, employer, sector, place, contract, jobs, colour = row
        if StoryPage.objects.filter(slug=slug).exists():
            continue
        image = Image.objects.filter(title=f"demo-{slug}").first()
        if image is None:
            data = draw_landscape(seed=n, colour=colour)
            image = Image(title=f"demo-{slug}", description=title)
            image.file = ImageFile(_named_bytes(data, f"demo-{slug}.jpg"), name=f"demo-{slug}.jpg")
            image.save()
            image.set_focal_point(None)
            image.focal_point_x, image.focal_point_y = 800, 640
            image.focal_point_width, image.focal_point_height = 500, 300
            image.save()
        story = StoryPage(
            title=title,
            slug=slug,
            summary=summary,
            campaign=campaigns[campaign_slug],
            hero_image=image,
            employer=employer,
            sector=sector,
            place=place,
            contract_type=contract,
            job_count=jobs,
            apply_url=f"https://emploi.val-ormeau.example/offres/{slug}",
            job_starts_on=today + datetime.timedelta(days=30),
            job_expires_on=today + datetime.timedelta(days=120),
            hashtags="#recrutement",
            body=[
                (
                    "paragraph",
                    RichText(f"<p>{summary}</p><p>Candidatures ouvertes dès maintenant.</p>"),
                ),
                (
                    "quote",
                    {
                        "text": "Ici, on trouve du travail et une vraie qualité de vie.",
                        "author": employer,
                    },
                ),
            ],
        )
        index.add_child(instance=story)
        story.save_revision().publish()


def _named_bytes(data: bytes, name: str):
    import io

    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
