"""Derived indicators and the suppression rule."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives.metrics import derived_values
from initiatives.models import Activity, Indicator
from portal.core.figures import public_figure
from tests import factories


@pytest.mark.django_db
def test_derived_values_in_one_query_for_many_initiatives():
    first, second = factories.InitiativeFactory.create_batch(2)
    for i in range(10):
        factories.ActivityFactory(initiative=first, participants=10,
                                  language="fr" if i < 3 else "en",
                                  audience="youth" if i % 2 else "adults")
    factories.ActivityFactory(initiative=first, kind=Activity.Kind.TRAINING, participants=6,
                              audience="professionals", language="en")
    factories.ActivityFactory(initiative=second, participants=4,
                              date=datetime.date(2021, 6, 1))
    with CaptureQueriesContext(connection) as ctx:
        values = derived_values(initiative_ids=[first.pk, second.pk])
    assert len(ctx.captured_queries) == 1
    d = Indicator.Derivation
    assert values[first.pk][d.PARTICIPANTS].value == 106
    assert values[first.pk][d.YOUTH_REACHED].value == 50
    assert values[first.pk][d.PEOPLE_TRAINED].value == 6
    assert values[first.pk][d.SESSIONS].value == 11
    share = values[first.pk][d.SHARE_FRENCH]
    assert (share.numerator, share.denominator) == (3, 11)
    assert share.value == Decimal("27.27")
    in_q1 = derived_values(initiative_ids=[second.pk], start=datetime.date(2021, 1, 1),
                           end=datetime.date(2021, 3, 31))
    assert second.pk not in in_q1


@pytest.mark.parametrize(
    ("value", "unit", "num", "den", "fr", "en"),
    [
        (0, "count", None, None, "0", "0"),
        (3, "count", None, None, "moins de 5", "fewer than 5"),
        (4, "count", None, None, "moins de 5", "fewer than 5"),
        (5, "count", None, None, "5", "5"),
        (1000, "count", None, None, "1\u00a0000", "1,000"),
        (Decimal("27.03"), "percent", 10, 37, "27\u00a0%", "27%"),
        (Decimal("75"), "percent", 3, 4, "non publié (petits nombres)",
         "not shown (small numbers)"),
        (Decimal("40"), "percent", 4, 10, "non publié (petits nombres)",
         "not shown (small numbers)"),
        (Decimal("100"), "percent", None, None, "100\u00a0%", "100%"),
    ],
)
def test_public_figure_suppresses_small_counts(value, unit, num, den, fr, en):
    figure = public_figure(value, unit=unit, numerator=num, denominator=den)
    with translation.override("fr"):
        assert str(figure) == fr
    with translation.override("en"):
        assert str(figure) == en


def test_threshold_is_a_setting(settings):
    settings.SUPPRESSION_THRESHOLD = 10
    with translation.override("en"):
        assert str(public_figure(7)) == "fewer than 10"
        assert str(public_figure(10)) == "10"
