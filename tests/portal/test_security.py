"""The Content-Security-Policy header is on every kind of page."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'",
}


def policy_of(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_every_kind_of_page_has_the_policy(lead_a, administrator):
    initiative = factories.InitiativeFactory(slug_en="night-walks")
    anonymous = Client()
    with translation.override("en"):
        public = [reverse("portal:home"), initiative.get_absolute_url(),
                  reverse("account_login"), "/en/no-such-page/", "/", "/healthz"]
    responses = [anonymous.get(url) for url in public]
    responses.append(anonymous.get(public[0]))  # served from the page cache
    assert getattr(responses[-1], "public_page_hit", False)
    partner = Client()
    partner.force_login(lead_a)
    with translation.override("en"):
        responses.append(partner.get(reverse("workspace:home")))
    activate_totp(administrator)
    admin = Client()
    admin.force_login(administrator)
    responses.append(admin.get(f"/en/admin/initiatives/initiative/{initiative.pk}/change/"))
    for response in responses:
        assert policy_of(response) >= POLICY, response.wsgi_request.path


def test_pages_carry_no_inline_style_or_script(client):
    factories.PriorityAreaFactory(colour="#6b2c91")
    html = client.get("/en/").content.decode()
    assert 'style="' not in html and "<script>" not in html
    assert 'fill="#6b2c91"' in html  # the accent colour, as an SVG attribute
