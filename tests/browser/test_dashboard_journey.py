"""The coordinator's dashboard in Chromium: filter by a priority area, open an indicator's
turn-the-curve chart, with an axe-core scan of each page in French and in English."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partners.models import User
from portal.demo.data import COORDINATOR
from priorities.models import PriorityArea

from ..factories_workspace import activate_totp
from .conftest import assert_no_axe_violations
from .test_workspace_journey import pass_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "fr": {"dashboard": "Tableau de bord", "area": "Domaine prioritaire",
           "apply": "Appliquer les filtres", "chart": "Graphique «\u00a0inverser la courbe\u00a0»",
           "numbers": "Les chiffres du graphique"},
    "en": {"dashboard": "Dashboard", "area": "Priority area", "apply": "Apply the filters",
           "chart": "Turn-the-curve chart", "numbers": "The numbers of the chart"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coordinator_filters_the_dashboard_and_opens_a_chart(live_server, page, axe, lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    base = live_server.url
    text = TEXT[lang]
    secret = activate_totp(User.objects.get(email=COORDINATOR))
    sign_in(page, base, lang, COORDINATOR)
    pass_totp(page, lang, secret)
    User.objects.filter(email=COORDINATOR).update(preferred_language=lang)

    # From the workspace's navigation to the dashboard.
    with translation.override(lang):
        page.goto(base + reverse("workspace:home"))
    page.locator(".subnav").get_by_role("link", name=text["dashboard"]).click()
    with translation.override(lang):
        assert page.url.startswith(base + reverse("coordination:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text() == text["dashboard"]
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_axe_violations(axe, page)

    # Filter by a priority area, with the keyboard-reachable form (no script).
    youth = PriorityArea.objects.get(slug_en="youth")
    with translation.override(lang):
        youth_title = str(youth.title)
    page.get_by_label(text["area"], exact=True).select_option(str(youth.pk))
    page.get_by_role("button", name=text["apply"]).click()
    assert f"area={youth.pk}" in page.url
    overview = page.locator("#overview-heading").locator("xpath=..").locator("tbody tr")
    assert overview.count() == 1
    assert youth_title in overview.first.inner_text()
    articles = page.locator("article.initiative-summary")
    assert articles.count() >= 1
    assert_no_axe_violations(axe, page)

    # Open the first indicator's chart: an SVG with its title, and the numbers beside it.
    articles.first.locator("tbody th a").first.click()
    assert "/indicat" in page.url and f"area={youth.pk}" in page.url
    svg = page.locator("svg.chart")
    assert svg.count() == 1
    assert text["chart"] in svg.locator("title").text_content()
    assert page.locator(".chart-table caption").inner_text().startswith(text["numbers"])
    assert page.locator(".chart-table tbody tr").count() >= 2
    assert_no_axe_violations(axe, page)

    # Back to the filtered dashboard through the breadcrumb: the filter is kept.
    page.locator(".breadcrumbs").get_by_role("link", name=text["dashboard"]).click()
    assert f"area={youth.pk}" in page.url
