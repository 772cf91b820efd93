from django.conf import settings
from django.urls import translate_url

from portal.core.i18n import current_language, other_language
from portal.reports import permissions as report_permissions


def language_toggle(request):
    """The address of this page in the other language, for the toggle on every page."""
    lang = current_language()
    alternate = getattr(request, "alternate_url", None) or other_language_url(
        request, other_language(lang)
    )
    return layout_context(lang, alternate)


def other_language_url(request, other: str) -> str:
    """This page's address in ``other``, with a ``next`` address (the sign-in page's)
    translated too, so that switching language on the way in keeps the way out."""
    path = translate_url(request.path, other)
    query = request.GET.copy()
    if query.get("next", "").startswith("/"):
        query["next"] = translate_url(query["next"], other)
    return path + ("?" + query.urlencode(safe="/") if query else "")


def layout_context(lang: str, alternate: str) -> dict:
    """What the site's layout (``base.html``) needs besides the request: the language, the
    toggle to ``alternate``, and the privacy note's numbers (error pages use it alone)."""
    other = other_language(lang)
    return {
        "current_language": lang,
        "other_language": other,
        "other_language_name": {"fr": "Français", "en": "English"}[other],
        "alternate_url": alternate,
        "suppression_threshold": settings.SUPPRESSION_THRESHOLD,
        "rounding_base": settings.PUBLIC_ROUNDING_BASE,
    }


def roles(request):
    """What the navigation may offer; evaluated only when a template asks."""
    return {
        "can_request_reports": lambda: report_permissions.can_request_reports(request.user),
    }
