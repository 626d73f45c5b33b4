"""Stories as Wagtail pages: the story index and the job-positive story every kit is made from.

They are models of the `campaigns` app (imported by `campaigns.models`), in their own module
because a page carries its panels, search fields and job facts.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StoryBodyBlock
from .fields import (
    HashtagsField,
    PlainTextAreaField,
    PlainTextField,
    sanitize_other_apps_fields,
)
from .jobs import ContractType, job_fact_line, job_posting
from .text import absolute_url


class StoryIndexPage(Page):
    """Lists live stories, newest first."""

    intro = PlainTextAreaField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index")

    def clean(self) -> None:
        super().clean()
        sanitize_other_apps_fields(instance=self)  # title and promote fields, drafts too

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            StoryPage.objects.live()
            .descendant_of(self)
            .select_related("hero_image", "campaign")
            .order_by("-first_published_at")
        )
        return context


class StoryPage(Page):
    """A job-positive story: the source of every share kit."""

    summary = PlainTextAreaField(
        _("summary"),
        max_length=300,
        help_text=_("Two sentences at most. Used in link previews and captions."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set its focal point: every network's crop is centred on it."),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    employer = PlainTextField(_("employer"), max_length=120, blank=True)
    sector = PlainTextField(_("sector"), max_length=120, blank=True)
    place = PlainTextField(
        _("commune or place"), max_length=120, blank=True, help_text=_("Where the jobs are.")
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    job_count = models.PositiveIntegerField(
        _("jobs offered"), null=True, blank=True, help_text=_("Number of positions, if known.")
    )
    apply_url = models.URLField(_("apply or learn-more link"), blank=True)
    job_starts_on = models.DateField(_("jobs start on"), null=True, blank=True)
    job_expires_on = models.DateField(
        _("offer expires on"),
        null=True,
        blank=True,
        help_text=_("After this date the story is no longer pushed to ambassadors."),
    )
    hashtags = HashtagsField(
        _("hashtags"),
        max_length=200,
        blank=True,
        help_text=_("Added to the campaign's hashtags in captions, e.g. #industrie #CDI."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("campaign"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("employer"), FieldPanel("sector")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("contract_type")]),
                FieldRowPanel([FieldPanel("job_count"), FieldPanel("apply_url")]),
                FieldRowPanel([FieldPanel("job_starts_on"), FieldPanel("job_expires_on")]),
            ],
            heading=_("Job facts"),
        ),
        FieldPanel("hashtags"),
    ]
    # Other apps may append their own tabs when they start (Wagtail reads this once).
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("employer"),
        index.SearchField("place"),
    ]
    parent_page_types = ["campaigns.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.CheckConstraint(
                condition=Q(job_expires_on__isnull=True)
                | Q(job_starts_on__isnull=True)
                | Q(job_expires_on__gte=models.F("job_starts_on")),
                name="story_job_expires_after_start",
                violation_error_message=_("The offer cannot expire before the jobs start."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        sanitize_other_apps_fields(instance=self)  # title and promote fields, drafts too
        errors: dict[str, str] = {}
        if self.campaign_id is None:
            errors["campaign"] = _("Choose the campaign this story belongs to.")
        if self.job_count is not None and self.job_count == 0:
            errors["job_count"] = _("Leave empty rather than 0 when the number is unknown.")
        if self.job_count and not self.employer:
            errors["employer"] = _("Name the employer when you give a number of jobs.")
        if self.job_starts_on and self.job_expires_on and self.job_expires_on < self.job_starts_on:
            errors["job_expires_on"] = _("The offer cannot expire before the jobs start.")
        if errors:
            raise ValidationError(errors)

    # --- Reads used by templates and other apps ---------------------------------------

    @property
    def has_job_facts(self) -> bool:
        return bool(self.employer and (self.contract_type or self.job_count))

    @property
    def is_expired(self) -> bool:
        return bool(self.job_expires_on and self.job_expires_on < timezone.localdate())

    def job_fact_line(self) -> str:
        """'12 CDI à Laval' — the key fact a caption or a job card leads with."""
        return job_fact_line(
            job_count=self.job_count, contract_type=self.contract_type, place=self.place
        )

    def canonical_url(self) -> str:
        return absolute_url(self.get_url(request=None) or self.url_path)

    def job_posting_data(self) -> dict | None:
        """schema.org JobPosting for search engines, or None without job facts."""
        return job_posting(self) if self.has_job_facts else None
