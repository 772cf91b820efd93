"""French typography by rule: the colon after a translated label comes from ``{% colon %}``
(narrow no-break space in French, none in English), never typed in a template; the
French catalogue never puts a breakable space before ``: ; ? ! »`` or after ``«``."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates"
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# A colon typed after a translated label or a displayed value, with or without a space
# (and a visually hidden span between): "{% translate "Status" %}:", "{{ x.get_y_display }}:".
GLUED = re.compile(r'(\{%\s*(translate|trans)\s+"[^"]*"[^%]*%\}|\{\{[^}]*\}\})'
                   r'(\s*<span[^>]*>[^<]*</span>)?\s?:(?!//)')
# Text inside {% blocktranslate %}…{% endblocktranslate %} is the catalogue's to punctuate.
BLOCKS = re.compile(r"\{%\s*blocktrans(late)?\b.*?\{%\s*endblocktrans(late)?\s*%\}", re.S)


def test_no_template_types_a_colon_after_a_translated_label():
    glued = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = BLOCKS.sub("", path.read_text())
        for match in GLUED.finditer(text):
            line = text[: match.start()].count("\n") + 1
            glued.append(f"{path.relative_to(ROOT)}:{line}: {match.group()}")
    assert not glued, "write {% colon %} instead:\n" + "\n".join(glued)


@pytest.mark.parametrize("lang, expected", [("fr", "Statut\u202f: Prêt"), ("en", "Status: Ready")])
def test_the_colon_tag_follows_the_pages_language(lang, expected):
    template = Template('{% load i18n portal_tags %}{% translate "Status" %}{% colon %} '
                        '{% translate "Ready" %}')
    with translation.override(lang):
        assert template.render(Context()) == expected


def french_strings():
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry.msgid, text


def test_french_catalogue_never_breaks_a_line_before_a_colon_or_inside_guillemets():
    """A normal space before : ; ? ! » or after « lets the line break there; "?" glued to a
    word (an address's query, "?initiative=") is not punctuation."""
    wrong = re.compile(r" [:;!»]| \?(?!\w)|« ")
    found = [f"{msgid!r}: {text!r}" for msgid, text in french_strings() if wrong.search(text)]
    assert not found, "\n".join(found)


def test_french_catalogue_sets_narrow_spaces_before_semicolons_questions_exclamations():
    wrong = re.compile(r"\u00a0[;!?]|\w[;!]( |$)|\w\?( |$)")
    found = [f"{msgid!r}: {text!r}" for msgid, text in french_strings() if wrong.search(text)]
    assert not found, "\n".join(found)


def test_a_french_date_and_time_on_the_hour_reads_h_without_zeros():
    import datetime

    from portal.core.i18n import format_date

    moment = datetime.datetime(2022, 3, 1, 14, 0)
    with translation.override("fr"):
        assert format_date(moment, "long_datetime") == "1er mars 2022, 14 h"
        assert format_date(moment.replace(minute=5), "long_datetime") == "1er mars 2022, 14 h 05"
    with translation.override("en"):
        assert format_date(moment, "long_datetime") == "March 1, 2022, 14:00"


def test_file_sizes_read_ko_in_french():
    from django.template.defaultfilters import filesizeformat

    with translation.override("fr"):
        assert filesizeformat(51405) == "50,2\u00a0Ko"
        assert filesizeformat(3 * 1024 * 1024) == "3,0\u00a0Mo"
    with translation.override("en"):
        assert filesizeformat(51405) == "50.2\u00a0KB"


def test_french_catalogue_uses_one_apostrophe_the_curly_one():
    straight = [f"{msgid!r}: {text!r}" for msgid, text in french_strings() if "'" in text]
    assert not straight, "\n".join(straight)
