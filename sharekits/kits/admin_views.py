"""Wagtail admin pages for a story's share kit: overview, caption overrides, CSV export."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import StoryPage
from sharekits.kits.bursts import burst_warnings
from sharekits.kits.exports import csv_lines, link_rows
from sharekits.kits.forms import VariantCaptionForm
from sharekits.kits.selectors import (
    SAMPLE_TOKEN,
    can_change_captions,
    kit_for_story,
    variant_views,
)
from sharekits.kits.services import request_kit
from sharekits.links.short import short_url
from sharekits.models import KitVariant


def _editable_story(request: HttpRequest, page_id: int) -> StoryPage:
    story = get_object_or_404(StoryPage, pk=page_id)
    if not story.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return story


def kit_detail(request: HttpRequest, page_id: int) -> HttpResponse:
    story = _editable_story(request, page_id)
    kit = kit_for_story(story)
    sample_link = short_url(SAMPLE_TOKEN)
    context = {
        "story": story,
        "kit": kit,
        "variants": variant_views(kit=kit, sample_link=sample_link) if kit else [],
        "bursts": burst_warnings(kit=kit) if kit else [],
        "og_image": kit.images.filter(format="og").first() if kit else None,
        "can_change_captions": can_change_captions(story=story, user=request.user),
        "site_host": settings.SITE_URL.split("://", 1)[-1],
        "page_title": _("Share kit"),
        "header_title": _("Share kit: %(title)s") % {"title": story.title},
    }
    return TemplateResponse(request, "sharekits/admin/kit_detail.html", context)


def variant_edit(request: HttpRequest, variant_id: int) -> HttpResponse:
    variant = get_object_or_404(KitVariant.objects.select_related("kit"), pk=variant_id)
    story = _editable_story(request, variant.kit.story_id)
    if not can_change_captions(story=story, user=request.user):
        message = _("This story is live: only a moderator can change the captions of its kit.")
        context = {"story": story, "message": message, "page_title": _("Edit caption")}
        return TemplateResponse(request, "sharekits/admin/forbidden.html", context, status=403)
    form = VariantCaptionForm(request.POST or None, instance=variant)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Caption saved."))
        return redirect("sharekits_admin:kit", page_id=story.pk)
    context = {
        "story": story,
        "variant": variant,
        "form": form,
        "page_title": _("Edit caption"),
        "header_title": _("Edit caption"),
    }
    return TemplateResponse(request, "sharekits/admin/variant_edit.html", context)


@require_POST
def kit_rebuild(
    request: HttpRequest, page_id: int, enqueue_build: Callable[[int], object]
) -> HttpResponse:
    """Rebuild a live story's kit; `enqueue_build` (the Celery task) is passed in by the URL."""
    story = _editable_story(request, page_id)
    if not story.live:
        messages.error(request, _("Publish the story first: kits are built for live stories."))
    else:
        request_kit(story=story, enqueue_build=enqueue_build)
        messages.success(request, _("The kit is being rebuilt. Refresh in a few seconds."))
    return redirect(reverse("sharekits_admin:kit", args=[story.pk]))


def links_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    story = _editable_story(request, page_id)
    response = StreamingHttpResponse(
        csv_lines(link_rows(story=story)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="liens-{story.slug}.csv"'
    return response
