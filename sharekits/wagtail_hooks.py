from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from campaigns.models import StoryPage
from sharekits.kits import admin_delete, admin_views
from sharekits.tasks import build_kit_task

admin_urls = (
    [
        path("story/<int:page_id>/", admin_views.kit_detail, name="kit"),
        path(
            "story/<int:page_id>/rebuild/",
            admin_views.kit_rebuild,
            {"enqueue_build": build_kit_task.delay_on_commit},
            name="rebuild",
        ),
        path("story/<int:page_id>/links.csv", admin_views.links_csv, name="links_csv"),
        path("variant/<int:variant_id>/", admin_views.variant_edit, name="variant_edit"),
    ],
    "sharekits_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("sharekits/", include(admin_urls))]


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, StoryPage):
        yield Button(
            _("Share kit"),
            reverse("sharekits_admin:kit", args=[page.pk]),
            icon_name="link",
            priority=15,
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_buttons(page, user, next_url=None):
    if isinstance(page.specific_deferred, StoryPage):
        yield Button(
            _("Share kit"),
            reverse("sharekits_admin:kit", args=[page.pk]),
            icon_name="link",
            priority=15,
        )


hooks.register("before_delete_page", admin_delete.confirm_or_archive)
hooks.register("before_bulk_action", admin_delete.refuse_bulk_delete)
