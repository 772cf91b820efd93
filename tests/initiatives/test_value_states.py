"""An entered value is a number, "not reported", or "withheld for safety" with an internal
reason: chosen on the update form, stored by the services, required before submitting,
shown with its state in the workspace and the review, never published nor read as zero."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from initiatives import selectors, services
from initiatives.models import Indicator, IndicatorValue, ProgressUpdate
from tests import factories
from tests.factories_workspace import activate_totp, quarter, value_in

pytestmark = pytest.mark.django_db

REASON = "Only two shelters this quarter: the count would point at one of them."


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def world(org_a, org_b):
    initiative = factories.InitiativeFactory(lead=org_a)
    initiative.collaborators.add(org_b)
    women = factories.IndicatorFactory(initiative=initiative, name_en="Women accompanied",
                                       name_fr="Femmes accompagnées", target=20)
    share = factories.IndicatorFactory(initiative=initiative, name_en="Students who know help",
                                       name_fr="Élèves qui connaissent l'aide",
                                       unit=Indicator.Unit.PERCENT, target=80)
    return {"initiative": initiative, "women": women, "share": share,
            "period": quarter(2021, 2)}


def form_data(world, **fields) -> dict:
    women, share = world["women"].pk, world["share"].pk
    data = {"done_en": "Workshops held.", f"state_{women}": "reported",
            f"value_{women}": "", f"reason_{women}": "", f"state_{share}": "reported",
            f"value_{share}": "", f"reason_{share}": ""}
    data.update({key.format(women=women, share=share): v for key, v in fields.items()})
    return data


def addresses(world, lang="en"):
    kwargs = {"initiative_pk": world["initiative"].pk, "period_pk": world["period"].pk}
    return (url("workspace:update", lang, **kwargs),
            url("workspace:update_submit", lang, **kwargs))


def stored(world) -> dict:
    return {
        v.indicator_id: (v.state, v.value, v.withheld_reason)
        for v in IndicatorValue.objects.filter(update__initiative=world["initiative"])
    }


# --- The form --------------------------------------------------------------------------------


def test_the_form_offers_each_state_as_an_accessible_radio_group(client, world, lead_a):
    client.force_login(lead_a)
    html = client.get(addresses(world)[0]).content.decode()
    women = world["women"].pk
    group = html.split(f'id="id_state_{women}_0"')[0].rsplit("<fieldset", 1)[1]
    assert "<legend>Women accompanied</legend>" in group
    for index, label in enumerate(["A number", "Not reported", "Withheld for safety"]):
        assert f'<label for="id_state_{women}_{index}">{label}</label>' in html
    assert 'type="radio"' in html and f'name="state_{women}" value="reported"' in html
    assert f'<label for="id_value_{women}">Number' in html
    assert f'<label for="id_reason_{women}">Reason for withholding (internal)</label>' in html


def test_not_reported_and_withheld_are_stored_with_the_reason(client, world, lead_a):
    client.force_login(lead_a)
    response = client.post(addresses(world)[0], form_data(
        world, **{"state_{women}": "withheld", "reason_{women}": f"  {REASON} ",
                  "state_{share}": "not_reported"},
    ))
    assert response.status_code == 302
    assert stored(world) == {
        world["women"].pk: ("withheld", None, REASON),
        world["share"].pk: ("not_reported", None, ""),
    }
    # Shown again as chosen.
    html = client.get(addresses(world)[0]).content.decode()
    women = world["women"].pk
    assert f'name="state_{women}" value="withheld" id="id_state_{women}_2" checked' in html
    assert REASON in html


def test_withheld_needs_a_reason_and_nothing_is_saved_without(client, world, lead_a):
    client.force_login(lead_a)
    response = client.post(addresses(world)[0],
                           form_data(world, **{"state_{women}": "withheld"}))
    assert response.status_code == 400
    field = f"reason_{world['women'].pk}"
    assert response.context["form"].errors[field] == [
        "Say why the value is withheld: the reason stays within the partnership."
    ]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_number_with_another_state_is_refused(client, world, lead_a):
    client.force_login(lead_a)
    response = client.post(addresses(world)[0], form_data(
        world, **{"state_{women}": "not_reported", "value_{women}": "3"}))
    assert response.status_code == 400
    assert "Clear the number" in response.context["form"].errors[
        f"value_{world['women'].pk}"][0]
    assert not IndicatorValue.objects.exists()


def test_a_reason_left_over_from_withheld_is_not_kept(client, world, lead_a):
    client.force_login(lead_a)
    edit = addresses(world)[0]
    client.post(edit, form_data(world, **{"state_{women}": "withheld",
                                          "reason_{women}": REASON}))
    client.post(edit, form_data(world, **{"value_{women}": "4", "reason_{women}": REASON}))
    assert stored(world)[world["women"].pk] == ("reported", Decimal(4), "")


def test_submitting_needs_a_number_or_an_explicit_state(client, world, lead_a):
    client.force_login(lead_a)
    submit = addresses(world)[1]
    response = client.post(submit, form_data(world, **{"value_{women}": "3"}))
    assert response.status_code == 400
    assert response.context["form"].errors[f"numerator_{world['share'].pk}"] == [
        "Enter the count and the total before submitting, or choose “Not reported” or "
        "“Withheld for safety”."
    ]
    assert not ProgressUpdate.objects.exists()
    response = client.post(submit, form_data(world, **{"value_{women}": "3",
                                                       "state_{share}": "not_reported"}))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().status == ProgressUpdate.Status.SUBMITTED


# --- The services ----------------------------------------------------------------------------


def save(world, by, values):
    return services.update_save_draft(initiative=world["initiative"], period=world["period"],
                                      by=by, narrative={"done_en": "Done."}, values=values)


def test_the_service_refuses_withheld_without_reason_and_a_number_with_a_state(world, lead_a):
    women = world["women"].pk
    with translation.override("en"):
        with pytest.raises(ValidationError, match="Women accompanied: say why"):
            save(world, lead_a, {women: services.EnteredValue(state="withheld", reason=" ")})
        with pytest.raises(ValidationError, match="has no number"):
            save(world, lead_a, {women: services.EnteredValue(state="not_reported",
                                                              value=Decimal(2))})
        with pytest.raises(ValidationError, match="choose a number"):
            save(world, lead_a, {women: services.EnteredValue(state="zero")})
    assert not IndicatorValue.objects.exists()


def test_the_service_accepts_an_explicit_state_at_submission(world, lead_a):
    update = save(world, lead_a, {
        world["women"].pk: services.EnteredValue(state="withheld", reason=REASON),
        world["share"].pk: services.EnteredValue(state="not_reported"),
    })
    assert services.update_submit(update=update, by=lead_a).status == "submitted"


def test_a_number_changed_to_a_state_loses_its_number_and_flag(world, lead_a):
    women = world["women"]
    value_in(women, quarter(2020, 4), 10)
    value_in(women, quarter(2021, 1), 15)
    update = save(world, lead_a, {women.pk: Decimal(90)})
    assert update.values.get().is_flagged
    save(world, lead_a, {women.pk: services.EnteredValue(state="not_reported")})
    value = update.values.get()
    assert (value.state, value.value, value.flag_median) == ("not_reported", None, None)


# --- Where they are shown --------------------------------------------------------------------


@pytest.fixture
def withheld_update(world, lead_a):
    update = save(world, lead_a, {
        world["women"].pk: services.EnteredValue(state="withheld", reason=REASON),
        world["share"].pk: services.EnteredValue(state="not_reported"),
    })
    services.update_submit(update=update, by=lead_a)
    return update


def test_the_review_page_shows_the_state_and_the_reason(client, withheld_update, coordinator):
    activate_totp(coordinator)
    client.force_login(coordinator)
    html = client.get(url("coordination:review", pk=withheld_update.pk)).content.decode()
    assert "Withheld for safety" in html and "Not reported" in html
    assert REASON in html


def test_the_read_only_values_show_the_reason_to_its_writers_only(client, withheld_update,
                                                                  staff_a, staff_b):
    edit = addresses({"initiative": withheld_update.initiative,
                      "period": withheld_update.period})[0]
    client.force_login(staff_a)  # the lead organisation, who wrote it
    html = client.get(edit).content.decode()
    assert "Withheld for safety" in html and REASON in html
    client.force_login(staff_b)  # a collaborating organisation
    html = client.get(edit).content.decode()
    assert "Withheld for safety" in html and "Not reported" in html
    assert REASON not in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_public_pages_never_show_the_reason_nor_read_a_state_as_zero(client, world, lang):
    women, share = world["women"], world["share"]
    value_in(women, quarter(2021, 1), 15)
    value_in(share, quarter(2021, 1), 64)
    value_in(women, world["period"], state="withheld", reason=REASON)
    value_in(share, world["period"], state="not_reported")
    rows = {row.indicator.pk: row for row in selectors.approved_progress(world["initiative"])}
    # A sum over 15 and "withheld" is 15; the latest share is 64, not 0.
    assert rows[women.pk].figure.value == 15 and rows[women.pk].periods == 1
    share_row = rows[share.pk]
    share.aggregation = Indicator.Aggregation.LATEST
    share.save()
    rows = {row.indicator.pk: row for row in selectors.approved_progress(world["initiative"])}
    assert rows[share.pk].figure.value == 64 and share_row.periods == 1
    with translation.override(lang):
        html = client.get(world["initiative"].get_absolute_url()).content.decode()
    assert REASON not in html
    assert "Withheld" not in html and "Retenue" not in html



def test_the_history_never_shows_the_reason_to_anyone(client, world, lead_a, staff_b):
    update = save(world, lead_a, {
        world["women"].pk: services.EnteredValue(state="withheld", reason=REASON),
    })
    save(world, lead_a, {
        world["women"].pk: services.EnteredValue(state="withheld", reason="Another reason."),
    })
    edit = addresses({"initiative": update.initiative, "period": update.period})[0]
    client.force_login(staff_b)  # a collaborator sees the history, never the reason
    html = client.get(edit).content.decode()
    assert 'id="history-heading"' in html
    assert REASON not in html and "Another reason." not in html


# --- Shares are entered as a count out of a total ---------------------------------------------


def test_a_share_is_entered_as_a_count_out_of_a_total(client, world, lead_a):
    client.force_login(lead_a)
    edit = addresses(world, "fr")[0]
    form = client.get(edit).content.decode()
    share = world["share"].pk
    assert f'name="numerator_{share}"' in form and f'name="denominator_{share}"' in form
    assert f'name="value_{share}"' not in form  # no typed percentage
    response = client.post(edit, form_data(world, **{
        "value_{women}": "12", "numerator_{share}": "9", "denominator_{share}": "24"}))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=world["share"])
    assert (value.numerator, value.denominator, value.value) == (9, 24, Decimal("37.50"))
    # The form shows the counts again, as typed.
    again = client.get(edit).content.decode()
    assert re.search(rf'<input[^>]*name="numerator_{share}"[^>]*value="9"', again)
    assert re.search(rf'<input[^>]*name="denominator_{share}"[^>]*value="24"', again)


def test_a_share_from_small_counts_is_not_published(client, world):
    initiative, share = world["initiative"], world["share"]
    period = quarter(2021, 1)
    update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                             status=ProgressUpdate.Status.APPROVED)
    IndicatorValue.objects.create(update=update, indicator=share, value=Decimal("75.00"),
                                  numerator=3, denominator=4)
    rows = {row.indicator.pk: row for row in selectors.approved_progress(initiative)}
    assert rows[share.pk].figure.suppressed == "hidden"  # 3 of 4 people: not shown


def test_a_share_typed_without_its_counts_is_not_published(world):
    initiative, share = world["initiative"], world["share"]
    update = factories.ProgressUpdateFactory(initiative=initiative, period=quarter(2021, 1),
                                             status=ProgressUpdate.Status.APPROVED)
    IndicatorValue.objects.create(update=update, indicator=share, value=Decimal("64"))
    rows = {row.indicator.pk: row for row in selectors.approved_progress(initiative)}
    assert rows[share.pk].figure.suppressed == "hidden"  # it could hide 2 people of 3
