"""The story editor's "Share kit" tab, added from this side: stories know nothing of kits."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface
from wagtail.models import Page

from sharekits.models import ShareKit


class ShareKitPanel(Panel):
    """Read-only: the kit's status and a link to its page, or why there is no kit yet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "sharekits/admin/kit_tab.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            context["kit"] = ShareKit.objects.filter(story_id=page.pk).first() if page.pk else None
            return context


def add_share_kit_tab(*, page_model: type[Page]) -> None:
    """Append a "Share kit" tab to the page type's editor, after its own tabs.

    Call it from `AppConfig.ready()`: Wagtail builds (and caches) each page type's editor from
    `edit_handler` the first time it is needed, so the tab must be there before.
    """
    handler = page_model.edit_handler
    panels = (panel for tab in handler.children for panel in getattr(tab, "children", ()))
    if any(isinstance(panel, ShareKitPanel) for panel in panels):
        return  # added already
    tab = ObjectList([ShareKitPanel()], heading=_("Share kit"))
    page_model.edit_handler = TabbedInterface(
        **{**handler.clone_kwargs(), "children": [*handler.children, tab]}
    )
