"""Error pages in the site's layout, in the visitor's language, with a toggle that leads
somewhere (the other language's home page)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def assert_layout(html: str, lang: str, other_home: str, heading: str) -> None:
    assert f'<html lang="{lang}">' in html
    assert 'class="skip-link"' in html and '<main id="main"' in html
    assert f'class="lang-toggle" href="{other_home}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_403_for_a_partner_on_a_coordination_page(client, staff_a):
    client.force_login(staff_a)
    with translation.override("fr"):
        response = client.get(reverse("coordination:queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert_layout(html, "fr", "/en/", "Accès refusé")
    assert "Forbidden" not in html
    assert "Sign out" not in html and "Se déconnecter" in html  # their own menu


@pytest.mark.parametrize("path,lang,other,heading", [
    ("/fr/cette-page-nexiste-pas/", "fr", "/en/", "Page introuvable"),
    ("/en/no-such-page/", "en", "/fr/", "Page not found"),
])
def test_404_toggle_leads_to_the_other_home(client, path, lang, other, heading):
    response = client.get(path)
    assert response.status_code == 404
    assert_layout(response.content.decode(), lang, other, heading)


def test_400_for_a_refused_host_name():
    response = Client(HTTP_HOST="evil.example").get("/en/")
    assert response.status_code == 400
    assert_layout(response.content.decode(), "en", "/fr/", "Request not understood")


def test_the_sign_in_toggle_translates_where_it_leads_next(client):
    with translation.override("fr"):
        login = reverse("account_login")
    html = client.get(login + "?next=/fr/espace-partenaire/").content.decode()
    with translation.override("en"):
        expected = reverse("account_login") + "?next=/en/workspace/"
    assert f'class="lang-toggle" href="{expected}"' in html


def test_404_outside_both_languages_says_it_in_both_each_marked_with_its_language(client):
    response = client.get("/nothing/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_layout(html, "fr", "/en/", "Page introuvable")
    assert "Cette page n’existe pas" in html or "Cette page n'existe pas" in html
    english = html.split('<div lang="en">')[1].split("</div>")[0]
    assert "<h2>Page not found</h2>" in english
    assert "This page does not exist or is no longer published." in english
    assert '<a href="/en/" hreflang="en">Go to the home page</a>' in english


@pytest.mark.parametrize("path", ["/fr/cette-page-nexiste-pas/", "/en/no-such-page/"])
def test_404_inside_a_language_is_in_that_language_only(client, path):
    html = client.get(path).content.decode()
    assert "<div lang=" not in html
