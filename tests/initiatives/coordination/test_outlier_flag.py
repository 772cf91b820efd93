"""The outlier flag: a value far from the indicator's approved history is saved, flagged,
shown to the lead on the update form and to the coordinator on the review page, and the flag
clears once the value is no longer unusual."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import quality, services
from initiatives.models import Indicator, IndicatorValue, ProgressUpdate
from tests import factories
from tests.factories_workspace import activate_totp, quarter, value_in

pytestmark = pytest.mark.django_db

D = Decimal


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


# --- The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "earlier", "expected"), [
    (D(40), [D(10), D(12)], D(11)),            # more than three times the median
    (D(33), [D(10), D(12)], None),             # three times is not "more than"
    (D(3), [D(10), D(12), D(20)], D(12)),      # less than a third
    (D(4), [D(10), D(12), D(20)], None),       # a third of 12 is 4: not less
    (D(100), [D(10)], None),                   # one earlier value is no history
    (D(100), [], None),
    (D(5), [D(0), D(0), D(1)], None),          # a median of 0 flags nothing
    (D(4), [D(1), D(1)], None),                # small numbers: within 5 of the median
    (D(7), [D(1), D(1)], D(1)),
    (D(0), [D(9), D(12)], D("10.50")),         # a sudden zero is worth checking
    (None, [D(10), D(12)], None),              # not a number: never flagged
])
def test_the_rule(value, earlier, expected):
    assert quality.outlier_reference(value, earlier) == expected


# --- Saved and shown -------------------------------------------------------------------------


@pytest.fixture
def world(org_a, lead_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    indicator = factories.IndicatorFactory(initiative=initiative, name_en="Referrals",
                                           name_fr="Orientations", target=200)
    q1, q2, q3, q4 = (quarter(2021, n) for n in (1, 2, 3, 4))
    value_in(indicator, q1, 10)
    value_in(indicator, q2, 12)
    return {"initiative": initiative, "indicator": indicator, "periods": (q1, q2, q3, q4)}


def save(world, by, value, period=None):
    return services.update_save_draft(
        initiative=world["initiative"], period=period or world["periods"][2], by=by,
        narrative={"done_en": "Done."}, values={world["indicator"].pk: value},
    )


def test_an_unusual_value_is_saved_with_the_median_and_cleared_when_corrected(world, lead_a):
    update = save(world, lead_a, D(40))
    value = update.values.get()
    assert value.value == 40 and value.is_flagged and value.flag_median == D(11)
    save(world, lead_a, D(13))
    value.refresh_from_db()
    assert value.value == 13 and not value.is_flagged


def test_only_earlier_approved_numbers_count(world, lead_a):
    indicator, (q1, _q2, _q3, q4) = world["indicator"], world["periods"]
    # A withheld approved value and a later approved quarter do not count; nor does a
    # draft.
    q1_update = ProgressUpdate.objects.get(period=q1)
    IndicatorValue.objects.filter(update=q1_update).update(state="withheld", value=None)
    value_in(indicator, q4, 500)
    value_in(indicator, quarter(2020, 4), 1, status="draft")
    update = save(world, lead_a, D(40))
    assert not update.values.get().is_flagged  # one earlier number left: no history


def test_the_flag_follows_the_history_at_submission(world, lead_a):
    q4 = world["periods"][3]
    # Q4's draft is saved while Q3 is still a draft: history Q1, Q2 (median 11).
    update = save(world, lead_a, D(31), period=q4)
    assert not update.values.get().is_flagged  # 31 is not more than 33
    # Q3 is approved meanwhile with a lower figure: the median of 10, 12, 8 is 10.
    q3_update = save(world, lead_a, D(8))
    q3_update.status = ProgressUpdate.Status.APPROVED
    q3_update.save()
    services.update_submit(update=update, by=lead_a)
    assert update.values.get().flag_median == D(10)


def test_a_value_in_range_is_never_flagged_and_percent_and_count_alike(world, lead_a):
    share = factories.IndicatorFactory(initiative=world["initiative"], target=80,
                                       unit=Indicator.Unit.PERCENT)
    q1, q2, q3, _q4 = world["periods"]
    value_in(share, q1, 60)
    value_in(share, q2, 64)
    update = services.update_save_draft(
        initiative=world["initiative"], period=q3, by=lead_a, narrative={},
        values={world["indicator"].pk: D(11),
                share.pk: services.EnteredValue(numerator=12, denominator=100)},
    )
    flags = {v.indicator_id: v.flag_median for v in update.values.all()}
    assert flags == {world["indicator"].pk: None, share.pk: D(62)}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "more than three times the median (11) of previous approved quarters — check it "
           "before submitting."),
    ("fr", "plus du triple de la médiane (11) des trimestres approuvés précédents — "
           "vérifiez-la avant de soumettre."),
])
def test_the_lead_sees_the_flag_on_the_update_form_after_saving(client, world, lead_a, lang,
                                                                 text):
    q3 = world["periods"][2]
    address = url("workspace:update", lang, initiative_pk=world["initiative"].pk,
                  period_pk=q3.pk)
    client.force_login(lead_a)
    response = client.post(address, {
        "done_en": "Done.", f"value_{world['indicator'].pk}": "40",
        f"state_{world['indicator'].pk}": "reported",
    })
    assert response.status_code == 302  # saved, not refused
    html = client.get(address).content.decode()
    assert text in html
    assert {"en": "<strong>Unusual:</strong>",
            "fr": "<strong>Valeur inhabituelle\u00a0:</strong>"}[lang] in html


def test_a_low_value_says_so(client, world, lead_a):
    save(world, lead_a, D(0))
    client.force_login(lead_a)
    html = client.get(url("workspace:update", initiative_pk=world["initiative"].pk,
                          period_pk=world["periods"][2].pk)).content.decode()
    assert "less than a third of the median (11) of previous approved quarters" in html


def test_the_coordinator_sees_the_flag_on_the_review_page(client, world, lead_a, coordinator):
    update = save(world, lead_a, D(40))
    services.update_submit(update=update, by=lead_a)
    activate_totp(coordinator)
    client.force_login(coordinator)
    html = client.get(url("coordination:review", pk=update.pk)).content.decode()
    assert "<strong>Unusual:</strong>" in html
    assert "more than three times the median (11) of previous approved quarters." in html
    assert "check it before submitting" not in html


def test_a_derived_value_is_flagged_on_the_review_page_by_the_same_rule(
    client, world, lead_a, coordinator
):
    from tests.factories_workspace import DerivedIndicatorFactory

    youth = DerivedIndicatorFactory(initiative=world["initiative"], name_en="Youth reached")
    q1, q2, q3, _q4 = world["periods"]
    value_in(youth, q1, 20)
    value_in(youth, q2, 24)
    factories.ActivityFactory(initiative=world["initiative"], date=q3.start,
                              participants=300, audience="youth")
    update = save(world, lead_a, D(11))
    services.update_submit(update=update, by=lead_a)
    activate_totp(coordinator)
    client.force_login(coordinator)
    html = client.get(url("coordination:review", pk=update.pk)).content.decode()
    row = html.split("Youth reached")[1].split("</tr>")[0]
    assert "more than three times the median (22) of previous approved quarters." in row
    # Approval keeps the flag the reviewer saw with the snapshot.
    services.update_approve(update=update, by=coordinator)
    assert update.values.get(indicator=youth).flag_median == D(22)
