"""The shortcuts that make an uncached public page cheaper give exactly what Django gave."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from portal.links import slug_url

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
