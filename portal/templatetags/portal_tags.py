import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from partners.middleware import has_totp, needs_mfa
from portal.core.figures import Figure, format_number, format_percent
from portal.core.i18n import format_date, translated
from portal.core.typography import colon as typographic_colon

register = template.Library()

# Said on a page in the other language, of a passage only available in this one.
FALLBACK_NOTICES = {
    "fr": gettext_lazy("Available in French only"),
    "en": gettext_lazy("Available in English only"),
}


@register.simple_tag
def tr(obj, field: str, block: bool = False):
    """Render a translated field; text that fell back to the other language carries its lang.

    ``block=True`` renders paragraphs (in a ``div``), otherwise inline text (in a ``span``).
    """
    return _tr(obj, field, block)


def _tr(obj, field: str, block: bool = False, language: str | None = None):
    """:func:`tr`, in ``language`` (the active one) when the caller has read it already."""
    text, lang, fell_back = translated(obj, field, language)
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
def marked(obj, field: str = ""):
    """A translated object shown by its name (its ``title``, else its ``name``), with
    ``tr``'s ``lang`` when that name fell back to the other language:
    ``{{ update.initiative|marked }}`` where ``{{ update.initiative }}`` would show an
    English-only title unmarked on a French page (WCAG 3.1.2)."""
    return marked_in(obj, field)


def marked_in(obj, field: str = "", language: str | None = None):
    """:func:`marked`, in ``language`` (the active one, :func:`current_language`) when the
    caller has read it already: tables that mark a name per row read it once."""
    if obj is None or obj == "":
        return ""
    field = field or ("title" if hasattr(obj, "title_fr") else "name")
    if not hasattr(obj, f"{field}_fr"):
        return conditional_escape(obj)
    return _tr(obj, field, language=language)


# "Atelier / Workshop": how the activity form asks for a bilingual activity's title.
BILINGUAL_TITLE = re.compile(r"\s+/\s+")


@register.simple_tag
def activity_title(activity, wrap: bool = True):
    """An activity's title (one field, written by a partner) marked with the language it is
    written in: the whole title for a French or English activity (in a ``span``, or, with
    ``wrap=False``, bare, for an element that carries ``lang="{{ activity.text_lang }}"``);
    each half of a bilingual one written « French / English », as the form asks; nothing
    for another language."""
    title = activity.title
    if activity.text_lang:
        if not wrap:
            return conditional_escape(title)
        return format_html('<span lang="{}">{}</span>', activity.text_lang, title)
    halves = BILINGUAL_TITLE.split(title)
    if activity.language == "bilingual" and len(halves) == 2:
        return format_html('<span lang="fr">{}</span> / <span lang="en">{}</span>', *halves)
    return conditional_escape(title)


@register.simple_tag
def lead(organisation, link: bool = False):
    """An initiative's lead organisation (a forum's host): its name, linked to its page with
    ``link=True``, or, when it is not listed publicly, a phrase that does not name it.
    A tag rather than an included template, since lists write it on every row."""
    if not organisation.is_public:
        return gettext("a partner organisation not listed publicly")
    name = tr(organisation, "name")
    if not link:
        return name
    return format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), name)


@register.simple_tag
def leads_and_joins(led: int, joined: int) -> str:
    """"Leads 3 · joins 2 initiatives", under each partner of the directory: what
    ``{% blocktranslate %}`` wrote, the same message and whole numbers in plain digits, at
    a fraction of its cost (it is written for every partner)."""
    return gettext("Leads %(led)s · joins %(joined)s initiatives") % {
        "led": led, "joined": joined,
    }


# The page <title> cannot mark a passage's language: it says in the page's language that
# the title is only available in the other one.
FALLBACK_TITLES = {
    "fr": gettext_lazy("%(title)s (in French only)"),
    "en": gettext_lazy("%(title)s (in English only)"),
}


@register.simple_tag
def title_text(obj, field: str = "title") -> str:
    """A translated field for the page's <title>: plain text, and when it fell back to the
    other language, a note in the page's language that says so."""
    text, lang, fell_back = translated(obj, field)
    if not fell_back:
        return text
    return FALLBACK_TITLES[lang] % {"title": text}


@register.simple_tag(takes_context=True)
def text_in(context, text: str, lang: str) -> str:
    """Plain text written in ``lang`` (an activity's title), for the page's <title>: with a
    note in the page's language when ``lang`` is the other one."""
    page_lang = context.get("current_language") or translation.get_language()[:2]
    if not lang or lang == page_lang or lang not in FALLBACK_TITLES:
        return text
    return FALLBACK_TITLES[lang] % {"title": text}


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
def css_string(value) -> str:
    """``value`` as the inside of a CSS string ("…"): quotes, backslashes and line breaks
    escaped, and no ``<`` to close the style element it sits in."""
    text = str(value)
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\A "), ("<", "\\3C ")):
        text = text.replace(old, new)
    # The inside of <style> is not HTML: entities would print as they are written.
    return mark_safe(text)  # noqa: S308 (no "<" can close the element)


@register.simple_tag(name="colon")
def colon_tag() -> str:
    """The colon after a translated label: "Statut : Prêt" (narrow no-break space) in
    French, "Status: Ready" in English. Write ``{% translate "Status" %}{% colon %} …``,
    never a ``:`` typed after the label."""
    return typographic_colon()


@register.filter
def long_date(value) -> str:
    """"1er mars 2021" / "March 1, 2021"."""
    return format_date(value, "long")


@register.filter
def long_datetime(value) -> str:
    return format_date(value, "long_datetime")


def _unbroken(text: str) -> str:
    """A date that never breaks across lines in a narrow table cell (no-break spaces)."""
    return text.replace(" ", "\u00a0")


@register.filter
def medium_date(value) -> str:
    """"1er oct. 2022" / "Oct. 1, 2022": in tables and lists, never broken across lines."""
    return _unbroken(format_date(value, "medium"))


@register.filter
def medium_datetime(value) -> str:
    return _unbroken(format_date(value, "medium_datetime"))


# --- Two-factor set-up: say why each step is asked, and lead on ----------------------------

FIRST_CODES_MINUTES = 15


@register.simple_tag(takes_context=True)
def mfa_setup_pending(context) -> bool:
    """Whether the person is being made to set up two-factor authentication (a coordinator
    or administrator without an authenticator app yet)."""
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and needs_mfa(user) and not has_totp(user))


@register.simple_tag(takes_context=True)
def mfa_first_codes(context) -> bool:
    """Whether these recovery codes come right after the app was set up (the last step)."""
    import datetime

    from allauth.mfa.models import Authenticator
    from django.utils import timezone

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return False
    since = timezone.now() - datetime.timedelta(minutes=FIRST_CODES_MINUTES)
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP, created_at__gte=since
    ).exists()


@register.simple_tag(takes_context=True)
def next_id(context, prefix: str) -> str:
    """An id unique in the page being rendered ("table-1", "table-2"...), for the label of
    a region that a template included several times wraps."""
    holder = context.get("request") or context.render_context
    counters = getattr(holder, "_portal_ids", None)
    if counters is None:
        counters = {}
        holder._portal_ids = counters
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}-{counters[prefix]}"


@register.filter
def one_line(text) -> str:
    """Whitespace (newlines from a template's block) squeezed to single spaces."""
    return " ".join(str(text).split())
