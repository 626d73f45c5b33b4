"""StreamField blocks of the site's own pages (the home page)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from sharekits.scores.leaderboards import public_leaderboard

PUBLIC_TOP = 10


class LeaderboardBlock(blocks.StructBlock):
    """This month's top 10 ambassadors, for everyone to see.

    Public: only ambassadors who chose to show their name are listed, ranked among themselves;
    the others are left out entirely (not even as "anonymous").
    """

    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        help_text=_("For example: Our ambassadors of the month."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Ambassadors of the month")
        help_text = _(
            "The 10 ambassadors with the best score this month. Only those who agreed to show "
            "their name on leaderboards appear."
        )
        template = "cms/blocks/leaderboard.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["entries"] = public_leaderboard(limit=PUBLIC_TOP)
        return context
