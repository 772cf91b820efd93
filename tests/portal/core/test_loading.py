"""``portal.core.loading.instances`` builds model instances without ``Model.__init__``: they
must be the instances ``list(queryset)`` gives, loaded and deferred fields alike, in both
languages, and behave the same (related objects, deferred fields, saving)."""

from __future__ import annotations

import pytest
from django.db.models.signals import pre_init
from django.utils import translation

from initiatives.models import Indicator, Initiative
from partners.models import Organisation
from portal.core.loading import instances
from tests import factories

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


def _same(quick: list, plain: list) -> None:
    assert [type(o) for o in quick] == [type(o) for o in plain]
    assert [o.pk for o in quick] == [o.pk for o in plain]
    for a, b in zip(quick, plain, strict=True):
        assert _fields(a) == _fields(b)
        assert a.get_deferred_fields() == b.get_deferred_fields()
        assert (a._state.adding, a._state.db) == (b._state.adding, b._state.db) == (False,
                                                                                   "default")
        assert a == b
        for lang in ("fr", "en"):
            with translation.override(lang):
                assert str(a) == str(b)


@pytest.fixture
def world():
    lead = factories.OrganisationFactory(name_en="Lead", name_fr="")  # French falls back
    other = factories.OrganisationFactory(name_en="Other", name_fr="Autre")
    one = factories.InitiativeFactory(lead=lead, title_en="Nights", title_fr="Soirées")
    two = factories.InitiativeFactory(lead=other, title_en="Clinics", title_fr="")
    factories.IndicatorFactory(initiative=one, name_en="Reached", name_fr="Joints")
    factories.IndicatorFactory(initiative=two, name_en="Held", name_fr="")
    return {"lead": lead, "other": other, "one": one, "two": two}


def test_the_instances_are_those_of_the_queryset(world):
    for queryset in (
        Organisation.objects.only("pk", "name_fr", "name_en").order_by("pk"),
        Organisation.objects.order_by("pk"),
        Initiative.objects.only("id", "title", "zone", "status", "start", "end", "lead")
        .order_by("title", "pk"),
        Indicator.objects.only("id", "initiative_id", "name", "unit").order_by("pk"),
    ):
        quick, plain = instances(queryset), list(queryset)
        assert len(quick) >= 2
        _same(quick, plain)


def test_they_behave_as_the_queryset_s(world, django_assert_num_queries):
    [quick] = instances(Initiative.objects.filter(pk=world["one"].pk).only("id", "title",
                                                                            "lead"))
    with django_assert_num_queries(1):
        assert quick.lead == world["lead"]  # a related object, read when asked for
    with django_assert_num_queries(1):
        assert quick.summary == world["one"].summary  # a deferred field, read when asked for
    quick.title_en = "Nights out"
    quick.save(update_fields=["title_en"])
    world["one"].refresh_from_db()
    assert world["one"].title_en == "Nights out"
    assert world["one"].title_fr == "Soirées"


def test_anything_else_init_would_do_falls_back_to_the_queryset(world):
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    pre_init.connect(receiver, sender=Organisation)
    try:
        made = instances(Organisation.objects.order_by("pk"))
    finally:
        pre_init.disconnect(receiver, sender=Organisation)
    assert len(seen) == len(made) >= 2  # built by Model.__init__, which sent the signal
    with_lead = instances(Initiative.objects.select_related("lead").order_by("pk"))
    _same(with_lead, list(Initiative.objects.select_related("lead").order_by("pk")))
    assert all("lead" in o._state.fields_cache for o in with_lead)
    assert instances(Initiative.objects.none()) == []


def test_a_model_of_its_own_making_falls_back_to_the_queryset(world, monkeypatch):
    """A model whose ``from_db`` or ``__init__`` does more than Django's is built by them."""
    made = []
    original = Organisation.from_db.__func__

    def from_db(cls, db, field_names, values):
        made.append(values)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(Organisation, "from_db", classmethod(from_db))
    assert len(instances(Organisation.objects.order_by("pk"))) == len(made) >= 2
    monkeypatch.undo()

    init = Initiative.__init__

    def own_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.seen = True

    monkeypatch.setattr(Initiative, "__init__", own_init)
    assert all(i.seen for i in instances(Initiative.objects.order_by("pk")))
