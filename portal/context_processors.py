from django.conf import settings
from django.urls import translate_url

from portal.i18n import current_language, other_language


def language_toggle(request):
    """The address of this page in the other language, for the toggle on every page."""
    lang = current_language()
    other = other_language(lang)
    alternate = getattr(request, "alternate_url", None) or translate_url(
        request.get_full_path(), other
    )
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
    from initiatives import permissions

    return {
        "can_request_reports": lambda: permissions.can_request_reports(request.user),
    }
