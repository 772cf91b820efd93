"""The priority areas in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories


@pytest.mark.django_db
def test_two_priority_areas_without_an_english_slug_can_be_saved_in_the_admin(
    client, administrator
):
    from tests.factories_workspace import activate_totp

    activate_totp(administrator)
    client.force_login(administrator)
    plan = factories.PlanFactory()
    with translation.override("en"):
        add = reverse("admin:priorities_priorityarea_add")
    for n in (1, 2):
        response = client.post(add, {
            # Both titles and summaries (publishing needs both languages), no English slug.
            "plan": plan.pk, "title_fr": f"Priorité {n}", "title_en": f"Priority {n}",
            "slug_fr": f"p-{n}", "slug_en": "", "summary_fr": "Résumé.", "summary_en": "Summary.",
            "body_fr": "", "body_en": "",
            "order": n, "colour": "#1f4e79",
            "strategies-TOTAL_FORMS": "0", "strategies-INITIAL_FORMS": "0",
            "strategies-MIN_NUM_FORMS": "0", "strategies-MAX_NUM_FORMS": "1000",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    from priorities.models import PriorityArea

    assert list(PriorityArea.objects.values_list("slug_en", flat=True)) == [None, None]
