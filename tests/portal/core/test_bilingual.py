"""The pages reached by a slug in each language (initiatives, plans, priority areas, forums,
events) share one block, portal/core/bilingual.py: unique slugs per language, str() as the
title, and the public address in the language shown."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import resolve
from django.utils import translation

from initiatives.models import Event, Forum, Initiative
from priorities.models import Plan, PriorityArea
from tests import factories, factories_events

PAGES = [
    (Initiative, factories.InitiativeFactory, "initiative", "initiatives:detail"),
    (Plan, factories.PlanFactory, "plan", "priorities:plan"),
    (PriorityArea, factories.PriorityAreaFactory, "priorityarea", "priorities:area"),
    (Forum, factories_events.ForumFactory, "forum", "events:forum"),
    (Event, factories_events.EventFactory, "event", "events:detail"),
]


@pytest.mark.parametrize("model, make, prefix, _view", PAGES)
def test_each_language_has_its_unique_slug_constraint_under_its_old_name(
    model, make, prefix, _view
):
    names = {c.name for c in model._meta.constraints}
    assert {f"{prefix}_slug_fr_unique", f"{prefix}_slug_en_unique"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("model, make, prefix, _view", PAGES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_pages_cannot_share_a_slug_in_one_language(model, make, prefix, _view, lang):
    first = make()
    with pytest.raises(IntegrityError), transaction.atomic():
        make(**{f"slug_{lang}": getattr(first, f"slug_{lang}")})


@pytest.mark.django_db
@pytest.mark.parametrize("model, make, prefix, view", PAGES)
def test_a_page_reads_as_its_title_and_lives_at_its_slug_in_the_language_shown(
    model, make, prefix, view
):
    page = make()
    for lang in ("fr", "en"):
        with translation.override(lang):
            assert str(page) == getattr(page, f"title_{lang}")
            url = page.get_absolute_url()
            match = resolve(url)
            assert url.startswith(f"/{lang}/")
            assert (match.view_name, match.kwargs) == (view, {"slug": page.slug})
            assert page.slug == getattr(page, f"slug_{lang}")
