"""People, campaigns and stories: what is run, by whom, and what ambassadors share.

The story pages live in `campaigns/pages.py`; they are imported here, as models of this app.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.search import index

from .fields import (
    HashtagsField,
    PlainTextAreaField,
    PlainTextField,
)


class AmbassadorGroup(models.Model):
    """A circle of ambassadors (Entrepreneurs, Expatriés…) that campaigns can target."""

    name = PlainTextField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = PlainTextAreaField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("ambassador group")
        verbose_name_plural = _("ambassador groups")

    def __str__(self) -> str:
        return self.name


class AmbassadorQuerySet(models.QuerySet):
    def active(self) -> AmbassadorQuerySet:
        return self.filter(is_active=True)

    def in_group(self, group: AmbassadorGroup | int) -> AmbassadorQuerySet:
        return self.filter(groups=group)

    def for_campaign(self, campaign: Campaign) -> AmbassadorQuerySet:
        """Active ambassadors a campaign reaches: its groups, or everyone if it targets none."""
        qs = self.active()
        group_ids = list(campaign.groups.values_list("pk", flat=True))
        if group_ids:
            qs = qs.filter(groups__in=group_ids).distinct()
        return qs


class Ambassador(index.Indexed, models.Model):
    """A volunteer who promotes the territory. Not a Django staff account."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    display_name = PlainTextField(_("display name"), max_length=120)
    email = models.EmailField(_("email"))
    phone = PlainTextField(_("phone"), max_length=30, blank=True)
    commune = PlainTextField(_("commune"), max_length=120, blank=True)
    organisation = PlainTextField(_("organisation"), max_length=160, blank=True)
    groups = models.ManyToManyField(
        AmbassadorGroup, verbose_name=_("groups"), related_name="ambassadors", blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    consent_at = models.DateTimeField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("When the ambassador agreed to click attribution. Empty: no consent yet."),
    )
    leaderboard_opt_in = models.BooleanField(
        _("name shown on leaderboards"),
        default=False,
        help_text=_("Off by default: the ambassador appears anonymously unless they opt in."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined on"), default=timezone.now)
    consent_answered_at = models.DateTimeField(
        _("consent question answered on"),
        null=True,
        blank=True,
        help_text=_("Empty until the ambassador has answered the consent question in the portal."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ambassador",
        help_text=_("Created at the first magic-link login; never a staff account."),
    )

    objects = AmbassadorQuerySet.as_manager()

    panels = [
        FieldPanel("display_name"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("commune"), FieldPanel("organisation")]),
        FieldPanel("groups"),
        FieldPanel("preferred_language"),
        MultiFieldPanel(
            [FieldPanel("consent_at"), FieldPanel("leaderboard_opt_in"), FieldPanel("is_active")],
            heading=_("Consent and status"),
        ),
    ]
    search_fields = [
        index.SearchField("display_name"),
        index.SearchField("email"),
        index.SearchField("commune"),
        index.SearchField("organisation"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        indexes = [
            # Leaderboards exclude the (few) inactive ambassadors cheaply.
            models.Index(fields=["id"], condition=Q(is_active=False), name="ambassador_inactive")
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="ambassador_email_unique_ci",
                violation_error_message=_("An ambassador with this email already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.email = (self.email or "").strip().lower()


def campaign_reaches(groups, *, via: str = "") -> Q:
    """The one rule of who a campaign is for: campaigns that target no group (everyone) or one
    of `groups` (ids or a queryset) reach an ambassador in those groups.

    Kits, shares and leaderboards decide with it which campaigns are an ambassador's. `via` is
    the lookup path from the model filtered to its campaign ("story__campaign__"); a row
    without a campaign then matches too: its kit is for everyone. Add `.distinct()`: a
    campaign targeting two of the groups matches twice.
    """
    return Q(**{f"{via}groups__isnull": True}) | Q(**{f"{via}groups__in": groups})


class CampaignQuerySet(models.QuerySet):
    def reaching(self, ambassador: Ambassador) -> CampaignQuerySet:
        """The campaigns the ambassador takes part in (see `campaign_reaches`), each once."""
        return self.filter(campaign_reaches(ambassador.groups.all())).distinct()


class Campaign(index.Indexed, models.Model):
    """A time-boxed push on a theme, with its hashtags, networks and target groups."""

    name = PlainTextField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used as utm_campaign in every tracked link."),
    )
    starts_on = models.DateField(_("starts on"), default=datetime.date.today)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goal = PlainTextAreaField(
        _("goal"), blank=True, help_text=_("What the campaign should achieve, in one sentence.")
    )
    hashtags = HashtagsField(
        _("default hashtags"),
        max_length=200,
        blank=True,
        help_text=_("Added to every caption, e.g. #Laval #emploi."),
    )
    disclosure_tag = HashtagsField(
        _("disclosure tag"),
        max_length=40,
        default="#ambassadeur",
        help_text=_("Always added to captions so readers know the post is an ambassador's."),
    )
    enabled_networks = models.JSONField(
        _("enabled networks"),
        default=list,
        blank=True,
        help_text=_("Networks for which share kits are prepared."),
    )
    groups = models.ManyToManyField(
        AmbassadorGroup,
        verbose_name=_("target groups"),
        related_name="campaigns",
        blank=True,
        help_text=_("Leave empty to reach every active ambassador."),
    )

    objects = CampaignQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.SearchField("goal")]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.disclosure_tag:
            raise ValidationError(
                {"disclosure_tag": _("A disclosure tag is required, e.g. #ambassadeur.")}
            )


from .pages import StoryIndexPage, StoryPage  # noqa: E402 - models of this app, in their module

__all__ = ["Ambassador", "AmbassadorGroup", "Campaign", "StoryIndexPage", "StoryPage"]
