"""The site's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from campaigns.fields import PlainTextAreaField, sanitize_other_apps_fields
from campaigns.models import StoryPage

from .blocks import LeaderboardBlock


class HomePage(Page):
    """The territory's landing page: a welcome, then the latest stories."""

    intro = PlainTextAreaField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(label=_("Text"))),
            ("leaderboard", LeaderboardBlock()),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def clean(self) -> None:
        super().clean()
        sanitize_other_apps_fields(instance=self)  # title and promote fields, drafts too

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_stories"] = (
            StoryPage.objects.live()
            .select_related("hero_image")
            .order_by("-first_published_at")[:6]
        )
        return context
