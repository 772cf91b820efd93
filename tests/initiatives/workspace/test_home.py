"""What a partner sees first after signing in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import ReportingPeriod
from tests import factories
from tests.factories_workspace import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_message_is_in_the_users_language(client, staff_a):
    staff_a.preferred_language = "en"
    staff_a.save()
    with translation.override("fr"):
        login = reverse("account_login")
    response = client.post(login, {"login": staff_a.email, "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Successfully signed in" in html
    assert "Connexion avec" not in html and "Session ouverte" not in html


def test_updates_due_only_for_periods_the_initiative_runs_in(client, lead_a, org_a):
    current = factories.InitiativeFactory(lead=org_a, title_en="Running now",
                                          start=datetime.date(2022, 1, 1), end=None)
    ended = factories.InitiativeFactory(lead=org_a, title_en="Ended long ago",
                                        start=datetime.date(2014, 1, 1),
                                        end=datetime.date(2015, 9, 30))
    ReportingPeriod.objects.create(name="2022-Q3", start=datetime.date(2022, 7, 1),
                                   end=datetime.date(2022, 9, 30), due=datetime.date(2022, 10, 30))
    client.force_login(lead_a)
    with translation.override("en"):
        html = client.get(reverse("workspace:home")).content.decode()
    due = html.split("Progress updates due")[1].split("</table>")[0]
    assert current.title_en in due
    assert ended.title_en not in due


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sign_out_keeps_the_language(client, staff_a, lang):
    client.force_login(staff_a)
    with translation.override(lang):
        logout = reverse("account_logout")
    response = client.post(logout)
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/"


@pytest.mark.parametrize("lang,expected", [("en", "Sept. 3, 2021"), ("fr", "3 sept. 2021")])
def test_workspace_tables_spell_dates_in_the_language_never_ambiguous(client, staff_a, org_a,
                                                                      lang, expected):
    factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_a),
                              date=datetime.date(2021, 9, 3))
    client.force_login(staff_a)
    with translation.override(lang):
        html = client.get(reverse("workspace:home")).content.decode()
    # ... with no-break spaces: a date never breaks across lines in a narrow cell.
    assert expected.replace(" ", "\u00a0") in html
    assert "09/03/2021" not in html and "03/09/2021" not in html


@pytest.mark.parametrize("lang,pages", [("en", "Page 2 of 2"), ("fr", "Page 2 sur 2")])
def test_a_coordinator_s_list_of_every_initiative_comes_a_page_at_a_time(
    client, coordinator, lang, pages
):
    from tests.factories_workspace import activate_totp

    activate_totp(coordinator)
    titles = sorted(f"Initiative {n:03}" for n in range(55))
    for title in titles:
        factories.InitiativeFactory(title_en=title, title_fr=title)
    client.force_login(coordinator)
    with translation.override(lang):
        url = reverse("workspace:home")
    first = client.get(url).content.decode().split('id="initiatives-heading"')[1]
    first = first.split("</section>")[0]
    assert titles[0] in first and titles[49] in first and titles[50] not in first
    second = client.get(url, {"page": 2}).content.decode().split('id="initiatives-heading"')[1]
    second = second.split("</section>")[0]
    assert titles[50] in second and titles[54] in second and titles[0] not in second
    assert pages in second and 'rel="prev"' in second
