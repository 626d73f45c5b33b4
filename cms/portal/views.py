"""The ambassador portal: sign-in by magic link, consent, kits, shares, stats, profile."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from sesame.utils import get_user

from campaigns.models import Ambassador
from sharekits.clicks.selfclick import SELF_COOKIE
from sharekits.kits.selectors import kits_for_ambassador
from sharekits.scores import shares
from sharekits.scores.leaderboards import board_for
from sharekits.scores.stats import ambassador_stats

from . import services
from .access import ambassador_required, remember_ambassador
from .auth import SCOPE, request_login_link
from .forms import ConsentForm, LoginForm, ProfileForm
from .tasks import send_login_link_task


def rate_limited(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "portal/rate_limited.html", status=429)


def email_rate_key(group: str, request: HttpRequest) -> str:
    """One counter per address, however it is typed (case, spaces)."""
    return request.POST.get("email", "").strip().lower()


# Pages outside `ambassador_required` are never cached either: they hold a CSRF token, a
# sign-in link's token or the address someone typed.
# block=False: without RatelimitMiddleware a blocked request would be a bare 403, not the 429 page.
@never_cache
@ratelimit(key="ip", rate="10/m", method="POST", block=False)
@ratelimit(key=email_rate_key, rate="5/h", method="POST", block=False)
def login_request(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_login_link(email=form.cleaned_data["email"], queue=send_login_link_task.delay)
        # The same answer whether or not the address is known.
        return render(request, "portal/login_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "portal/login.html", {"form": form})


@never_cache
def login_with_link(request: HttpRequest) -> HttpResponse:
    """The link from the mail: opening it shows a button; pressing it signs the person in.

    The one-time link is used up only by that POST. Mail security scanners (Safe Links and
    the like) open every link of a mail before the person does; if a GET signed in, they would
    use it up and the ambassador would find a dead link.
    """
    if request.method == "POST":
        token = request.POST.get(settings.SESAME_TOKEN_NAME, "")
        user = get_user(token, scope=SCOPE) if token else None
    else:
        token = request.GET.get(settings.SESAME_TOKEN_NAME, "")
        user = get_user(token, scope=SCOPE, update_last_login=False) if token else None
    ambassador = Ambassador.objects.filter(user=user, is_active=True).first() if user else None
    if ambassador is None:
        return render(request, "portal/link_invalid.html", {"form": LoginForm()}, status=403)
    if request.method != "POST":
        context = {
            "ambassador": ambassador,
            "token": token,
            "token_name": settings.SESAME_TOKEN_NAME,
        }
        response = render(request, "portal/link_confirm.html", context)
        # The page's own URL holds the token: never send it to another site.
        response["Referrer-Policy"] = "same-origin"
        return response
    login(request, user, backend="sesame.backends.ModelBackend")
    response = redirect("portal:home" if ambassador.consent_answered_at else "portal:welcome")
    remember_ambassador(response, ambassador)
    return response


@require_POST
@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("portal:login")
    response.delete_cookie(SELF_COOKIE)
    return response


@ambassador_required(consent_needed=False)
def welcome(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.answer_consent(
            ambassador=request.ambassador,
            attribution=form.cleaned_data["attribution"],
            leaderboard_opt_in=form.cleaned_data["leaderboard_opt_in"],
        )
        return redirect("portal:home")
    return render(request, "portal/welcome.html", {"form": form})


@ambassador_required
def home(request: HttpRequest) -> HttpResponse:
    cards = kits_for_ambassador(ambassador=request.ambassador)
    context = {"cards": cards, "ambassador": request.ambassador, "nav": "home"}
    return render(request, "portal/home.html", context)


@require_POST
@ambassador_required
def record_share(request: HttpRequest) -> JsonResponse:
    try:
        variant_id = int(request.POST.get("variant", ""))
    except ValueError:
        return JsonResponse({"error": _("Unknown kit.")}, status=400)
    method = request.POST.get("method", "intent")
    try:
        ok = shares.record_share(
            ambassador=request.ambassador, variant_id=variant_id, method=method
        )
    except shares.NotTargeted:
        return JsonResponse({"recorded": False}, status=403)
    return JsonResponse({"recorded": ok}, status=201 if ok else 400)


@ambassador_required
def stats(request: HttpRequest) -> HttpResponse:
    context = {"stats": ambassador_stats(ambassador=request.ambassador), "nav": "stats"}
    return render(request, "portal/stats.html", context)


@ambassador_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    board = board_for(
        ambassador=request.ambassador,
        period=request.GET.get("period"),
        campaign=request.GET.get("campaign"),
        group=request.GET.get("group"),
    )
    return render(request, "portal/leaderboard.html", {"board": board, "nav": "leaderboard"})


@ambassador_required
def profile(request: HttpRequest) -> HttpResponse:
    ambassador = request.ambassador
    form = ProfileForm(
        request.POST or None,
        instance=ambassador,
        initial={"attribution": ambassador.consent_at is not None},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        services.answer_consent(
            ambassador=ambassador,
            attribution=form.cleaned_data["attribution"],
            leaderboard_opt_in=form.cleaned_data["leaderboard_opt_in"],
        )
        messages.success(request, _("Your choices are saved."))
        response = redirect("portal:profile")
        remember_ambassador(response, ambassador)
        return response
    context = {"form": form, "ambassador": ambassador, "nav": "profile"}
    return render(request, "portal/profile.html", context)


@ambassador_required(consent_needed=False)
def export_data(request: HttpRequest) -> HttpResponse:
    data = services.export_ambassador_data(ambassador=request.ambassador)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="relais-mes-donnees.json"'
    return response


@require_POST
@ambassador_required(consent_needed=False)
def erase_data(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to erase your data."))
        return redirect("portal:profile")
    services.erase_ambassador(ambassador=request.ambassador)
    logout(request)
    response = render(request, "portal/erased.html")
    response.delete_cookie(SELF_COOKIE)
    return response
