"""The admin's page deletion, when a story has clicks or shares: archive, never lose history.

Wagtail asks every `before_delete_page` hook before it deletes a page (and its descendants);
answering with a response replaces its confirmation. Bulk deletion asks `before_bulk_action`.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from sharekits.kits.history import archive_instead_of_delete, history_of


def confirm_or_archive(request: HttpRequest, page) -> HttpResponse | None:
    """None lets Wagtail delete a page without history; otherwise confirm, then archive."""
    history = history_of(pages=[page])
    if not history:
        return None
    if request.method == "POST":
        count = archive_instead_of_delete(pages=[page], user=request.user)
        messages.success(request, _archived_message(history, count))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    context = {
        "page": page,
        "history": history,
        "page_title": _("Delete"),
        "header_title": _("Delete %(title)s") % {"title": page.get_admin_display_title()},
    }
    return TemplateResponse(request, "sharekits/admin/delete_with_history.html", context)


def refuse_bulk_delete(request: HttpRequest, action_type: str, objects, action) -> HttpResponse:
    """Bulk deletion of pages with history is refused; the pages can be archived one by one."""
    if action_type != "delete":
        return None
    pages = [page for page in objects if hasattr(page, "get_descendants")]
    history = history_of(pages=pages) if pages else None
    if not history:
        return None
    messages.error(
        request,
        _(
            "Not deleted: these pages hold stories with %(clicks)s people reached and "
            "%(shares)s shares. Delete them one by one to archive them instead."
        )
        % {"clicks": history.human_clicks, "shares": history.shares},
    )
    return redirect(request.GET.get("next") or "wagtailadmin_explore_root")


def _archived_message(history, count: int) -> str:
    return _(
        "Archived, not deleted: %(count)s page(s) unpublished. The %(clicks)s people reached "
        "and %(shares)s shares stay in the ambassadors' scores."
    ) % {"count": count, "clicks": history.human_clicks, "shares": history.shares}
