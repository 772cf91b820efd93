"""The shortcuts that make an uncached public page cheaper give exactly what Django gave."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.template import engines
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from initiatives.models import Initiative
from portal.core.links import slug_url
from tests import factories

LANGS = ("fr", "en")
SLUG_VIEWS = ("priorities:plan", "priorities:area", "initiatives:detail", "partners:detail",
              "events:forum", "events:detail")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewname", SLUG_VIEWS)
@pytest.mark.parametrize("slug", ["youth", "projet-impact", "a_b-9", "x"])
def test_slug_url_is_what_reverse_gives(viewname, lang, slug):
    with translation.override(lang):
        assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        with translation.override("en"):
            assert slug_url("initiatives:detail", "x") == "/portal/en/initiatives/x/"
    finally:
        clear_script_prefix()
    with translation.override("en"):
        assert slug_url("initiatives:detail", "x") == "/en/initiatives/x/"


@pytest.mark.parametrize("slug", ["", "é", "a b", "a/b"])
def test_slug_url_refuses_what_reverse_refuses(slug):
    with pytest.raises(NoReverseMatch):
        reverse("initiatives:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_url("initiatives:detail", slug)


# The included template the lead tag replaced (templates/includes/lead.html), less the
# newline that ended the file.
LEAD_INCLUDE = (
    '{% load i18n portal_tags %}{% if lead.is_public %}{% if link %}<a href="'
    '{{ lead.get_absolute_url }}">{% tr lead "name" %}</a>{% else %}{% tr lead "name" %}'
    '{% endif %}{% else %}{% translate "a partner organisation not listed publicly" %}'
    "{% endif %}"
)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("is_public", [True, False])
@pytest.mark.parametrize("names", [("Maison d'Ottawa", "Ottawa's House <&>"), ("", "Only")])
def test_lead_tag_writes_what_the_included_template_wrote(lang, is_public, names):
    organisation = factories.OrganisationFactory(name_fr=names[0], name_en=names[1],
                                                 is_public=is_public)
    engine = engines["django"]
    old = engine.from_string(LEAD_INCLUDE)
    new = engine.from_string("{% load portal_tags %}{% lead lead link=link %}")
    with translation.override(lang):
        for link in (False, True):
            context = {"lead": organisation, "link": link}
            assert new.render(context) == old.render(context)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("counts", [(0, 0), (1, 12), (3, 2), (1234, 56789)])
def test_leads_and_joins_writes_what_blocktranslate_wrote(lang, counts):
    engine = engines["django"]
    old = engine.from_string(
        "{% load i18n %}{% blocktranslate trimmed with led=org.led joined=org.joined %}"
        "Leads {{ led }} · joins {{ joined }} initiatives{% endblocktranslate %}"
    )
    new = engine.from_string("{% load portal_tags %}{% leads_and_joins org.led org.joined %}")
    context = {"org": {"led": counts[0], "joined": counts[1]}}
    with translation.override(lang):
        assert new.render(context) == old.render(context)
        assert "Initiatives dirigées" in new.render(context) or lang == "en"


# A value of each field whose label is known, to check Django's answer itself.
KNOWN_LABELS = {
    ("status", "active"): {"fr": "En cours", "en": "Active"},
    ("zone", "prevention"): {"fr": "Prévention", "en": "Prevention"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "value"), [
    *[("status", value) for value in [*Initiative.Status.values, "unknown", ""]],
    *[("zone", value) for value in [*Initiative.Zone.values, "unknown", ""]],
])
def test_choice_labels_are_what_django_gives(lang, name, value):
    initiative = Initiative(**{name: value})
    field = Initiative._meta.get_field(name)
    with translation.override(lang):
        # Django's own get_FOO_display(), which the model's replaces.
        expected = Model._get_FIELD_display(initiative, field)
        assert getattr(initiative, f"get_{name}_display")() == expected
    if (name, value) in KNOWN_LABELS:
        assert expected == KNOWN_LABELS[name, value][lang]
