"""Under the `make run` settings (DEBUG on) the site's own error pages show, in the
visitor's language, as in production; Django's technical pages only with DEBUG_PAGES=1."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_client(settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = False
    return Client()  # a new handler: its middleware is loaded under these settings


def test_a_french_404_is_the_sites_french_page(debug_client):
    response = debug_client.get("/fr/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html and "<h1>Page introuvable</h1>" in html
    assert "Using the URLconf" not in html and "Page not found at" not in html


def test_a_view_raising_404_and_403_show_the_sites_pages(debug_client, staff_a):
    response = debug_client.get("/en/initiatives/no-such-initiative/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
    debug_client.force_login(staff_a)
    response = debug_client.get("/fr/coordination/")
    assert response.status_code in (403, 404)
    assert '<html lang="fr">' in response.content.decode()


def test_a_refused_host_is_the_sites_400(settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = False
    response = Client(HTTP_HOST="evil.example").get("/en/")
    assert response.status_code == 400
    assert "<h1>Request not understood</h1>" in response.content.decode()


def test_a_server_error_is_the_sites_500(debug_client):
    with override_settings(ROOT_URLCONF="tests.urls_boom"):
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html and "RuntimeError" not in html
    assert '<html lang="fr">' in html  # the default language: the address has none


def test_a_developer_can_ask_for_the_technical_pages(settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = True
    response = Client().get("/fr/nexiste-pas/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()
