from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy

from portal.figures import Figure, format_number, format_percent
from portal.i18n import format_date, translated

register = template.Library()

# Said on a page in the other language, of a passage only available in this one.
FALLBACK_NOTICES = {
    "fr": _lazy("Available in French only"),
    "en": _lazy("Available in English only"),
}


@register.simple_tag
def tr(obj, field: str, block: bool = False):
    """Render a translated field; text that fell back to the other language carries its lang.

    ``block=True`` renders paragraphs (in a ``div``), otherwise inline text (in a ``span``).
    """
    text, lang, fell_back = translated(obj, field)
    html = linebreaks_filter(text) if block else conditional_escape(text)
    if not fell_back:
        return mark_safe(html)
    if not block:
        return format_html('<span lang="{}">{}</span>', lang, mark_safe(html))
    # A passage in the other language says so, visibly, in the page's language.
    notice = FALLBACK_NOTICES[lang]
    return format_html('<p class="fallback-note">{}</p><div lang="{}">{}</div>',
                       notice, lang, mark_safe(html))


@register.filter
def number(value):
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def figure(value: Figure) -> str:
    return str(value)


@register.filter
def percent(value):
    """A share in the active language's format: "27 %" in French, "27%" in English."""
    if value is None or value == "":
        return "—"
    return format_percent(value)


@register.filter
def long_date(value) -> str:
    """"1er mars 2021" / "March 1, 2021"."""
    return format_date(value, "long")


@register.filter
def long_datetime(value) -> str:
    return format_date(value, "long_datetime")


@register.filter
def medium_date(value) -> str:
    """"1er oct. 2022" / "Oct. 1, 2022": in tables and lists."""
    return format_date(value, "medium")


@register.filter
def medium_datetime(value) -> str:
    return format_date(value, "medium_datetime")
