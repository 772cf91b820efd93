"""The mailing list's pages: sign-up, confirmation, unsubscribe (public, without signing
in), and the coordinators' counts and export. Thin: authorise, validate, call a service."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature, SignatureExpired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from portal.core import spreadsheets
from portal.core.i18n import current_language
from portal.core.pagecache import public_page
from portal.mailing.models import Subscription

from . import consent, permissions, ratelimit, selectors, services, tokens
from .forms import SignupForm

logger = logging.getLogger("portal.mailing")


def client_ip(request: HttpRequest) -> str:
    """The visitor's address as allauth's rate limits see it (``TRUSTED_PROXY_COUNT``)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:
        return ""


def _days() -> dict[str, int]:
    return {"confirmation_days": settings.MAILING_CONFIRMATION_DAYS,
            "unconfirmed_days": settings.MAILING_UNCONFIRMED_DAYS}


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "mailing/too_many.html", status=429)
    response["Retry-After"] = str(ratelimit.HOUR)
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    lang = current_language()
    topics = selectors.topic_choices()
    if request.method == "POST":
        ip = client_ip(request)
        if not ratelimit.allow_ip(ip):
            return too_many(request)
        form = SignupForm(request.POST, topics=topics)
        if form.is_valid():
            data = form.cleaned_data
            if not ratelimit.allow_address(data["email"]):
                return too_many(request)
            services.subscription_request(
                email=data["email"], language=data["language"], topics=data["topics"],
                all_topics=data["all_topics"], consent_language=lang,
                source_url=request.build_absolute_uri(request.path), ip=ip,
            )
            # The same answer whatever the address was: new, waiting, or confirmed.
            return redirect("mailing:check_email")
    else:
        form = SignupForm(topics=topics, initial={"language": lang})
    return render(request, "mailing/signup.html", {
        "form": form, "consent_text": consent.consent_text(lang),
        "consent_version": consent.VERSION, **_days(),
    })


@public_page
@require_GET
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "mailing/check_email.html", _days())


def _unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "mailing/link_unusable.html", {"reason": reason, **_days()},
                  status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button, POST confirms (so a mail scanner that opens every link does
    not subscribe anyone); a link works once, and says so the second time."""
    try:
        subscription = selectors.subscription_for_confirmation(token)
    except SignatureExpired:
        return _unusable(request, "expired")
    except BadSignature:
        return _unusable(request, "invalid")
    if subscription is None:
        return _unusable(request, "expired")
    if subscription.status == Subscription.Status.UNSUBSCRIBED:
        return _unusable(request, "withdrawn")
    if subscription.status == Subscription.Status.CONFIRMED:
        return render(request, "mailing/confirmed.html", {"already": True})
    if request.method == "GET":
        return render(request, "mailing/confirm.html")
    done = services.subscription_confirm(subscription=subscription, ip=client_ip(request))
    return render(request, "mailing/confirmed.html", {"already": not done})


@csrf_exempt  # the one-click POST of an email program carries no CSRF token; the link does
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST unsubscribes: from the page's button, or in one click from the email
    program (RFC 8058: ``List-Unsubscribe=One-Click``). No sign-in: the signed link is the
    proof. Unsubscribing twice is not an error."""
    try:
        key = tokens.unsubscribe_key(token)
    except BadSignature:
        return _unusable(request, "invalid")
    if request.method == "GET":
        if not selectors.address_is_subscribed(key):
            return render(request, "mailing/unsubscribed.html")
        return render(request, "mailing/unsubscribe.html")
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    services.subscription_unsubscribe(
        key=key, method=Subscription.Method.ONE_CLICK if one_click else Subscription.Method.PAGE
    )
    return render(request, "mailing/unsubscribed.html")


# --- Coordinators ----------------------------------------------------------------------------


@require_GET
@permissions.view_requires(permissions.can_view_mailing_list)
def coordination(request: HttpRequest) -> HttpResponse:
    return render(request, "mailing/coordination.html", {
        "counts": selectors.mailing_counts(viewer=request.user),
        "statuses": selectors.STATUSES,
    })


@require_GET
@permissions.view_requires(permissions.can_export_mailing_list)
def export(request: HttpRequest) -> HttpResponse:
    """The confirmed addresses as CSV for a mailing tool, every text cell neutralised."""
    table = selectors.confirmed_export_table(viewer=request.user)
    logger.info("Mailing list exported by user %s: %s confirmed addresses.",
                request.user.pk, len(table.rows))
    name = slugify(_("mailing-list-confirmed")) + timezone.localdate().strftime("-%Y-%m-%d")
    response = spreadsheets.as_csv(table, name)
    response["Cache-Control"] = "no-store"
    return response
