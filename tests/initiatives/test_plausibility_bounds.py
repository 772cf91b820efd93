"""Plausibility bounds: an implausible count of participants or indicator value is refused,
by the service (whatever the entry point) and on the form field, in the user's language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Activity, Indicator, IndicatorValue, ProgressUpdate
from portal.core.figures import format_number
from tests import factories
from tests.config.test_settings_and_health import run_django
from tests.factories_workspace import quarter

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def initiative(org_a):
    return factories.InitiativeFactory(lead=org_a)


@pytest.fixture
def period():
    return quarter(2021, 2)


@pytest.fixture
def share(initiative):
    return factories.IndicatorFactory(initiative=initiative, name_en="Students who can name help",
                                      name_fr="Élèves qui savent nommer une aide",
                                      unit=Indicator.Unit.PERCENT, target=80)


@pytest.fixture
def count(initiative):
    return factories.IndicatorFactory(initiative=initiative, name_en="Businesses engaged",
                                      name_fr="Établissements mobilisés")


# --- Settings --------------------------------------------------------------------------------


def test_bounds_have_defaults_and_come_from_the_environment():
    code = ("from django.conf import settings; "
            "print(settings.ACTIVITY_MAX_PARTICIPANTS, settings.INDICATOR_MAX_COUNT)")
    assert run_django(code, DEBUG="1").stdout.split() == ["10000", "1000000"]
    result = run_django(code, DEBUG="1", ACTIVITY_MAX_PARTICIPANTS="500",
                        INDICATOR_MAX_COUNT="2000")
    assert result.stdout.split() == ["500", "2000"]


# --- Activities ------------------------------------------------------------------------------


def test_activity_validate_refuses_more_participants_than_the_bound(initiative, settings):
    settings.ACTIVITY_MAX_PARTICIPANTS = 300
    services.activity_validate(initiative=initiative, date=datetime.date(2021, 5, 3),
                               participants=300)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.activity_validate(initiative=initiative, date=datetime.date(2021, 5, 3),
                                   participants=301)
    assert "at most 300" in caught.value.message_dict["participants"][0]


def test_activity_service_refuses_whatever_the_entry_point(initiative, staff_a):
    activity = factories.ActivityFactory(initiative=initiative, date=datetime.date(2021, 5, 3))
    with translation.override("en"):
        with pytest.raises(ValidationError, match="check the count"):
            services.activity_create(
                by=staff_a, initiative=initiative, organisation_id=initiative.lead_id,
                date=datetime.date(2021, 5, 3), kind="workshop", title="Typo",
                participants=12000, audience="youth", language="fr",
            )
        with pytest.raises(ValidationError, match="check the count"):
            services.activity_update(activity=activity, by=staff_a, participants=10001)
    activity.refresh_from_db()
    assert activity.participants == 12
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "10,001 participants is more than an activity can plausibly have (at most 10,000)"),
    ("fr", "10\u00a0001 participants, c’est plus qu’une activité ne peut vraisemblablement "
           "réunir (10\u00a0000 au plus)"),
])
def test_activity_form_shows_the_bound_on_the_field_in_the_users_language(
    client, initiative, staff_a, lang, text
):
    client.force_login(staff_a)
    response = client.post(url("workspace:activity_create", lang), {
        "date": "2021-05-03", "initiative": initiative.pk, "kind": "workshop",
        "title": "Typo", "participants": "10001", "audience": "youth", "language": "fr",
    })
    assert response.status_code == 200
    assert text in response.context["form"].errors["participants"][0]
    assert 'id="id_participants_error"' in response.content.decode()
    assert not Activity.objects.exists()


# --- Entered indicator values ----------------------------------------------------------------


def save(initiative, period, by, values, lang="en"):
    with translation.override(lang):
        return services.update_save_draft(initiative=initiative, period=period, by=by,
                                          narrative={"done_en": "Done."}, values=values)


@pytest.mark.parametrize("numerator,denominator", [(41, 40), (-1, 40), (5, 0), (None, 40)])
def test_a_share_is_a_count_out_of_a_larger_total(initiative, period, lead_a, share,
                                                  numerator, denominator):
    with pytest.raises(ValidationError) as caught:
        save(initiative, period, lead_a, {share.pk: services.EnteredValue(
            numerator=numerator, denominator=denominator)})
    assert "Students who can name help" in caught.value.messages[0]
    assert not IndicatorValue.objects.exists()
    assert not ProgressUpdate.objects.exists()  # refused before anything is written


def test_a_typed_percentage_is_refused_it_cannot_be_checked(initiative, period, lead_a, share):
    with pytest.raises(ValidationError) as caught:
        save(initiative, period, lead_a, {share.pk: Decimal(50)})
    assert caught.value.messages == [
        "Students who can name help: give the count and the total the share is computed "
        "from (for example 12 out of 40), not the percentage."
    ]


def test_a_count_must_not_exceed_the_maximum(initiative, period, lead_a, count, settings):
    settings.INDICATOR_MAX_COUNT = 5000
    with pytest.raises(ValidationError) as caught:
        save(initiative, period, lead_a, {count.pk: Decimal(5001)})
    assert caught.value.messages == [
        "Businesses engaged: 5,001 is more than the plausible maximum of 5,000: check the figure."
    ]
    update = save(initiative, period, lead_a, {count.pk: Decimal(5000)})
    assert update.values.get().value == 5000


def test_bounds_themselves_are_accepted(initiative, period, lead_a, share, count):
    update = save(initiative, period, lead_a, {
        share.pk: services.EnteredValue(numerator=40, denominator=40), count.pk: Decimal(0)})
    assert sorted(v.value for v in update.values.all()) == [0, 100]
    stored = update.values.get(indicator=share)
    assert (stored.numerator, stored.denominator) == (40, 40)


def test_the_service_error_is_in_the_users_language(initiative, period, lead_a, share):
    with pytest.raises(ValidationError) as caught:
        save(initiative, period, lead_a, {share.pk: services.EnteredValue(
            numerator=48, denominator=40)}, lang="fr")
    with translation.override("fr"):
        most = format_number(1_000_000)
    assert caught.value.messages == [
        "Élèves qui savent nommer une aide\u00a0: le nombre doit être compris entre 0 et le "
        f"total, et le total entre 1 et {most}."
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_update_form_shows_the_bound_on_the_field(client, initiative, period, lead_a,
                                                      share, lang):
    client.force_login(lead_a)
    response = client.post(
        url("workspace:update", lang, initiative_pk=initiative.pk, period_pk=period.pk),
        {"done_en": "Done.", f"numerator_{share.pk}": "48", f"denominator_{share.pk}": "40",
         f"state_{share.pk}": "reported"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors[f"numerator_{share.pk}"]
    expected = {"en": "The count cannot be larger than the total.",
                "fr": "Le nombre ne peut pas dépasser le total."}[lang]
    assert expected in errors[0]
    assert f'id="id_numerator_{share.pk}_error"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()
