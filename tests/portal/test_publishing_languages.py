"""Publishing needs both languages: a public plan, priority area, initiative or indicator
cannot be saved with a required content field empty in one language (the admin refuses it,
on the field, in the editor's language)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make,field", [
    (lambda: factories.PlanFactory.build(), "title_en"),
    (lambda: factories.PriorityAreaFactory.build(plan=factories.PlanFactory()), "summary_fr"),
    (lambda: factories.InitiativeFactory.build(lead=factories.OrganisationFactory()),
     "summary_en"),
    (lambda: factories.IndicatorFactory.build(initiative=factories.InitiativeFactory()),
     "name_fr"),
])
def test_a_public_object_needs_both_languages(make, field):
    obj = make()
    obj.full_clean(exclude=["plan", "initiative", "lead", "owner"])  # complete: fine
    setattr(obj, field, "")
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        obj.full_clean(exclude=["plan", "initiative", "lead", "owner"])
    assert refused.value.message_dict[field] == [
        f"Obligatoire en {'français' if field.endswith('_fr') else 'anglais'} pour publier\u00a0: "
        "les pages publiques montrent les deux langues."]


def test_an_unpublished_initiative_may_wait_for_its_translation():
    initiative = factories.InitiativeFactory.build(lead=factories.OrganisationFactory(),
                                                   is_public=False, summary_en="")
    initiative.full_clean(exclude=["lead"])


def test_the_admin_refuses_to_publish_half_an_initiative(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    initiative = factories.InitiativeFactory(is_public=False, summary_en="")
    with translation.override("fr"):
        change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(change).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()
            if not isinstance(v, list)}
    data.update({
        "lead": initiative.lead_id, "is_public": "on", "start": "2021-01-01",
        "end": "2022-12-31",
        "indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0",
    })
    response = client.post(change, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"summary_en": [
        "Obligatoire en anglais pour publier\u00a0: les pages publiques montrent les deux "
        "langues."]}
    initiative.refresh_from_db()
    assert not initiative.is_public


def _admin_form_data(client, change) -> dict:
    form = client.get(change).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()
            if not isinstance(v, list)}
    data.update({"indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0"})
    return data


def test_one_language_changed_flags_the_other_for_review_until_confirmed(client,
                                                                         administrator):
    from initiatives.models import Initiative

    activate_totp(administrator)
    client.force_login(administrator)
    initiative = factories.InitiativeFactory()
    with translation.override("en"):
        change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
        data = _admin_form_data(client, change)
        data.update(lead=initiative.lead_id, start="2021-01-01", end="2022-12-31")
        # French text changed, English not: the English is to review.
        response = client.post(change, {**data, "summary_fr": "Nouveau résumé."})
        assert response.status_code == 302
        assert Initiative.objects.get().translation_to_review == "en"
        listing = client.get(reverse("admin:initiatives_initiative_changelist")).content
        assert b"translation_to_review" in listing  # its column and filter
        # English changed alone: now the French is to review.
        data = _admin_form_data(client, change)
        data.update(lead=initiative.lead_id, start="2021-01-01", end="2022-12-31")
        client.post(change, {**data, "summary_en": "New summary."})
        assert Initiative.objects.get().translation_to_review == "fr"
        data = _admin_form_data(client, change)
        data.update(lead=initiative.lead_id, start="2021-01-01", end="2022-12-31")
        client.post(change, {**data, "summary_fr": "Résumé.", "summary_en": "Summary."})
        assert Initiative.objects.get().translation_to_review == ""
        # An editor may also confirm a translation by emptying the flag themselves.
        Initiative.objects.update(translation_to_review="fr")
        data = _admin_form_data(client, change)
        data.update(lead=initiative.lead_id, start="2021-01-01", end="2022-12-31",
                    translation_to_review="")
        client.post(change, data)
        assert Initiative.objects.get().translation_to_review == ""


def test_the_review_rule():
    from portal.core.translation_review import language_to_review

    fields = ("title", "summary")
    assert language_to_review({"title_fr"}, fields) == "en"
    assert language_to_review({"summary_en", "lead"}, fields) == "fr"
    assert language_to_review({"title_fr", "summary_en"}, fields) == ""
    assert language_to_review({"lead", "start"}, fields) is None
