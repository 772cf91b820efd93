"""``QuickSelect`` writes the same HTML as Django's ``Select``, faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from partners.models import Organisation
from portal.core.widgets import QuickSelect
from tests import factories

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _form(widget):
    class Form(forms.Form):
        organisation = forms.ModelChoiceField(
            queryset=Organisation.objects.order_by("name"), empty_label="All organisations",
            required=False, help_text="Initiatives it leads or joins.", widget=widget,
        )
        zone = forms.ChoiceField(
            choices=[("", "All zones"), ("a", "Zone <A> & co"),
                     ("Grouped", [("b", "B"), ("c", "C")])],
            widget=widget,
        )

    return Form


def test_quick_select_writes_what_django_writes():
    orgs = [factories.OrganisationFactory(name_fr=name, name_en=name)
            for name in ("Zèbre & Cie", "<Alpha>")]
    for data in ({"organisation": str(orgs[0].pk), "zone": "c"}, {"zone": "nope"}, None):
        slow = _form(forms.Select)(data)
        quick = _form(QuickSelect)(data)
        if data is not None:
            assert slow.is_valid() == quick.is_valid()
        for name in ("organisation", "zone"):
            assert _normalised(quick[name]) == _normalised(slow[name])
    html = _normalised(_form(QuickSelect)({"organisation": str(orgs[0].pk), "zone": "c"})[
        "organisation"])
    assert f'<option value="{orgs[0].pk}" selected>Zèbre &amp; Cie</option>' in html
    assert "&lt;Alpha&gt;" in html and 'aria-describedby="id_organisation_helptext"' in html
    invalid = _normalised(_form(QuickSelect)({"zone": "nope"})["zone"])
    assert 'aria-invalid="true"' in invalid


def test_fetched_choices_read_their_list_once(django_assert_num_queries):
    """The list, the chosen value and a second field of the same list: one query."""
    from portal.core.widgets import FetchedModelChoiceField

    orgs = [factories.OrganisationFactory(name_fr=name, name_en=name) for name in ("A", "B")]

    class Form(forms.Form):
        first = FetchedModelChoiceField(
            queryset=Organisation.objects.order_by("name"), required=False)
        last = FetchedModelChoiceField(
            queryset=Organisation.objects.order_by("name"), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["last"].share_fetch(self.fields["first"])

    with django_assert_num_queries(1):
        form = Form({"first": str(orgs[1].pk), "last": str(orgs[0].pk)})
        assert form.is_valid()
        html = str(form["first"]) + str(form["last"])
    assert form.cleaned_data == {"first": orgs[1], "last": orgs[0]}
    assert f'<option value="{orgs[1].pk}" selected>B</option>' in html
    for wrong in ("999999", "abc"):
        form = Form({"first": wrong})
        assert not form.is_valid()
        assert form.has_error("first", "invalid_choice")


def test_an_option_whose_name_fell_back_carries_its_lang_in_both_selects():
    """WCAG 3.1.2: on a French page, an organisation named in English only is an option
    marked lang="en"; QuickSelect writes what LanguageMarkedSelect writes."""
    from django.utils import translation

    from portal.core.widgets import LanguageMarkedSelect

    english = factories.OrganisationFactory(name_fr="", name_en="Zebra Collective")
    both = factories.OrganisationFactory(name_fr="Organisme Zèbre", name_en="Zebra Group")
    with translation.override("fr"):
        slow = _normalised(_form(LanguageMarkedSelect)(None)["organisation"])
        quick = _normalised(_form(QuickSelect)(None)["organisation"])
    assert quick == slow
    assert f'<option value="{english.pk}" lang="en">Zebra Collective</option>' in quick
    assert f'<option value="{both.pk}">Organisme Zèbre</option>' in quick


def test_one_fetched_list_rendered_in_french_then_english_shows_each_languages_names():
    """The labels (and the lang of a name that fell back) are worked out once per list
    and language: the same form rendered in French, then in English, then in French again
    shows each language's names (the list keeps the order it was fetched in)."""
    from django.utils import translation

    from portal.core.widgets import FetchedModelChoiceField

    only_english = factories.OrganisationFactory(name_fr="", name_en="Beta Collective")
    only_french = factories.OrganisationFactory(name_fr="Alpha Collectif", name_en="")
    both = factories.OrganisationFactory(name_fr="Zèbre Organisme", name_en="Aardvark Group")

    class Form(forms.Form):
        organisation = FetchedModelChoiceField(
            queryset=Organisation.objects.all(), required=False, collate=True,
            empty_label=None)

    form = Form({"organisation": str(both.pk)})
    assert form.is_valid()
    rendered = {}
    for lang in ("fr", "en", "fr"):
        with translation.override(lang):
            html = _normalised(form["organisation"])
        assert rendered.setdefault(lang, html) == html
    assert sorted(re.findall(r"<option[^>]*>[^<]*</option>", rendered["fr"])) == sorted([
        f'<option value="{only_french.pk}">Alpha Collectif</option>',
        f'<option value="{only_english.pk}" lang="en">Beta Collective</option>',
        f'<option value="{both.pk}" selected>Zèbre Organisme</option>',
    ])
    assert sorted(re.findall(r"<option[^>]*>[^<]*</option>", rendered["en"])) == sorted([
        f'<option value="{both.pk}" selected>Aardvark Group</option>',
        f'<option value="{only_french.pk}" lang="fr">Alpha Collectif</option>',
        f'<option value="{only_english.pk}">Beta Collective</option>',
    ])


def test_a_name_read_once_per_list_is_the_name_each_language_shows():
    """field_reader gives what ``organisation.name`` gives in the active language, with
    the same fallbacks to the other language."""
    from django.utils import translation

    from portal.core.i18n import field_reader

    orgs = [factories.OrganisationFactory(name_fr=fr, name_en=en)
            for fr, en in (("Organisme", "Organisation"), ("", "English only"),
                           ("Français seulement", ""))]
    for lang in ("fr", "en"):
        with translation.override(lang):
            read = field_reader(Organisation, "name")
            assert [read(org) for org in orgs] == [org.name for org in orgs]
    with translation.override("fr"):
        assert [field_reader(Organisation, "name")(org) for org in orgs] == [
            "Organisme", "English only", "Français seulement"]
    with translation.override("en"):
        assert [field_reader(Organisation, "name")(org) for org in orgs] == [
            "Organisation", "English only", "Français seulement"]
