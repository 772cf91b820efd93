"""The partner map of the directory: who may be located, and that nobody else ever is.

An organisation that asks not to be located (a women's centre or shelter by default, or any
organisation whose "show on the map" says no) gives neither its point nor its ward to the
page, the map's data, the list by ward, its own page or open data.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from config.settings import tile_origin
from partners.models import Organisation
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
Kind = Organisation.Kind
DIRECTORY = {"fr": "/fr/partenaires/", "en": "/en/partners/"}


def located(**kwargs) -> Organisation:
    values = {"latitude": Decimal("45.411000"), "longitude": Decimal("-75.686500")}
    values.update(kwargs)
    return factories.OrganisationFactory(**values)


@pytest.fixture
def partners():
    """Two located partners in two wards, one city-wide, and three that must stay unlocated:
    a shelter by its kind, a community organisation by its own flag, and one left out of
    the public directory."""
    return {
        "police": located(name_fr="Service de police d'Ottawa", name_en="Ottawa Police Service",
                          slug="ottawa-police-service", kind=Kind.POLICE),
        "vanier": located(name_fr="Maison communautaire Vanier", name_en="Vanier Community House",
                          slug="vanier-community-house", latitude=Decimal("45.439500"),
                          longitude=Decimal("-75.663500"), ward_fr="Rideau-Vanier",
                          ward_en="Rideau-Vanier"),
        "capital": located(name_fr="Centre Capitale", name_en="Capital Centre",
                           slug="capital-centre", latitude=Decimal("45.393500"),
                           longitude=Decimal("-75.682500"), ward_fr="Capitale",
                           ward_en="Capital"),
        "ward_only": factories.OrganisationFactory(
            name_fr="Réseau des aînés", name_en="Seniors' Network", slug="seniors-network",
            ward_fr="Capitale", ward_en="Capital"),
        "shelter": located(name_fr="Refuge Aurore", name_en="Aurora Shelter",
                           slug="aurora-shelter", kind=Kind.SHELTER,
                           latitude=Decimal("45.424377"), longitude=Decimal("-75.684511"),
                           ward_fr="Côte-de-Sable", ward_en="Sandy Hill"),
        "asked": located(name_fr="Maison Hirondelle", name_en="Swallow House",
                         slug="swallow-house", show_on_map=False,
                         latitude=Decimal("45.387713"), longitude=Decimal("-75.755219"),
                         ward_fr="Baie", ward_en="Bay"),
        "unlisted": located(name_fr="Organisme discret", name_en="Quiet Agency",
                            slug="quiet-agency", is_public=False, show_on_map=True,
                            latitude=Decimal("45.301122"), longitude=Decimal("-75.912233"),
                            ward_fr="Kanata-Nord", ward_en="Kanata North"),
    }


HIDDEN = ("shelter", "asked", "unlisted")


def traces(org: Organisation) -> list[str]:
    """Every way its location could show in a page or a file."""
    lat, lng = f"{org.latitude:f}", f"{org.longitude:f}"
    found = [lat, lng, lat.rstrip("0"), lng.rstrip("0"), lat.replace(".", ","),
             lng.replace(".", ","), lat[:7], lng[:8]]
    return found + [org.ward_fr, org.ward_en]


def map_data(html: str) -> dict:
    match = re.search(r'<script id="partner-map-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, "the map's data block is missing"
    return json.loads(match.group(1))


def ward_list(html: str) -> str:
    start = html.index('id="partners-by-ward"')
    return html[start:html.index("</section>", start)]


def ward_headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(r"<h4>(.*?)</h4>", ward_list(html), re.S)]


# --- The rule: who may be located ---------------------------------------------------------


@pytest.mark.parametrize(("kind", "flag", "shown"), [
    (Kind.COMMUNITY, None, True),
    (Kind.POLICE, None, True),
    (Kind.SHELTER, None, False),
    (Kind.SHELTER, True, True),
    (Kind.COMMUNITY, False, False),
    (Kind.POLICE, False, False),
])
def test_the_flag_defaults_by_kind_and_wins_when_set(kind, flag, shown):
    org = located(kind=kind, show_on_map=flag)
    assert org.location_is_public is shown
    assert Organisation.objects.locatable().filter(pk=org.pk).exists() is shown


def test_a_new_organisation_follows_its_kind_until_told():
    assert Organisation(kind=Kind.SHELTER).show_on_map is None
    assert not Organisation(kind=Kind.SHELTER).location_is_public
    assert Organisation(kind=Kind.COMMUNITY).location_is_public


def test_an_organisation_out_of_the_directory_is_never_located():
    org = located(is_public=False, show_on_map=True)
    assert not org.location_is_public
    assert not Organisation.objects.locatable().filter(pk=org.pk).exists()


# --- Constraints ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lng", "message"), [
    (Decimal("45.4"), None, "both the latitude and the longitude"),
    (None, Decimal("-75.7"), "both the latitude and the longitude"),
    (Decimal("91"), Decimal("-75.7"), "latitude must be between -90 and 90"),
    (Decimal("-90.5"), Decimal("-75.7"), "latitude must be between -90 and 90"),
    (Decimal("45.4"), Decimal("-180.5"), "longitude must be between -180 and 180"),
    (Decimal("45.4"), Decimal("181"), "longitude must be between -180 and 180"),
])
def test_a_point_is_whole_and_on_earth(lat, lng, message):
    org = factories.OrganisationFactory.build(latitude=lat, longitude=lng)
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        org.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        org.save()


def test_a_point_or_none_is_accepted():
    factories.OrganisationFactory.build(latitude=None, longitude=None).full_clean()
    org = factories.OrganisationFactory.build(latitude=Decimal("-90"), longitude=Decimal("180"))
    org.full_clean()
    org.save()


# --- The directory ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_hidden_location_reaches_the_page_or_the_map(client, partners, lang):
    html = client.get(DIRECTORY[lang]).content.decode()
    data = map_data(html)
    listed = ward_list(html)
    for key in HIDDEN:
        org = partners[key]
        for trace in traces(org):
            assert trace not in html, f"{key}: {trace!r} is in the page"
        assert org.slug not in json.dumps(data) and org.slug not in listed
        assert org.name_fr not in json.dumps(data) and org.name_en not in json.dumps(data)
    # The shelter and the organisation that asked stay in the directory itself.
    name = "name_fr" if lang == "fr" else "name_en"
    assert getattr(partners["shelter"], name) in html
    assert getattr(partners["asked"], name) in html
    assert getattr(partners["unlisted"], name) not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_map_data_has_every_located_partner_and_links_in_the_page_language(
        client, partners, lang):
    data = map_data(client.get(DIRECTORY[lang]).content.decode())
    markers = {m["url"]: m for m in data["markers"]}
    prefix = "/fr/partenaires/" if lang == "fr" else "/en/partners/"
    assert set(markers) == {f"{prefix}{partners[k].slug}/"
                            for k in ("police", "vanier", "capital")}
    police = markers[f"{prefix}ottawa-police-service/"]
    assert (police["lat"], police["lng"]) == (45.411, -75.6865)
    assert police["name"] == ("Service de police d'Ottawa" if lang == "fr"
                              else "Ottawa Police Service")
    capital = markers[f"{prefix}capital-centre/"]
    assert capital["ward"] == ("Capitale" if lang == "fr" else "Capital")
    # No tile server in the tests: markers on a blank map, nothing fetched from the web.
    assert data["tiles"] is None
    assert data["icon"]["iconUrl"].endswith("vendor/leaflet/images/marker-icon.png")


def test_the_list_groups_partners_by_ward_in_each_language(client, partners):
    french = client.get(DIRECTORY["fr"]).content.decode()
    assert ward_headings(french) == ["Capitale", "Rideau-Vanier", "Dans toute la ville"]
    capital = ward_list(french).split("<h4>")[1]
    assert capital.index("Centre Capitale") < capital.index("Réseau des aînés")
    assert 'href="/fr/partenaires/seniors-network/"' in capital
    assert 'href="/fr/partenaires/ottawa-police-service/"' in ward_list(french).split("<h4>")[3]

    english = client.get(DIRECTORY["en"]).content.decode()
    assert ward_headings(english) == ["Capital", "Rideau-Vanier", "Across the city"]
    assert 'href="/en/partners/vanier-community-house/"' in ward_list(english)


def test_a_name_or_ward_only_in_the_other_language_says_so(client):
    located(name_fr="Maison du Quartier", name_en="", slug="maison", ward_fr="Overbrook",
            ward_en="")
    html = client.get(DIRECTORY["en"]).content.decode()
    assert '<span lang="fr">Overbrook</span>' in ward_list(html)
    assert 'lang="fr">Maison du Quartier</a>' in ward_list(html)
    (marker,) = map_data(html)["markers"]
    assert (marker["lang"], marker["wardLang"]) == ("fr", "fr")


def test_without_script_the_list_is_the_content_and_the_map_waits_hidden(client, partners):
    html = client.get(DIRECTORY["en"]).content.decode()
    assert re.search(r'<div class="partner-map-figure" id="partner-map-figure" hidden>', html)
    assert 'role="region" aria-label="Map of the partners"' in html
    assert "vendor/leaflet/leaflet.js" in html and "js/partner-map.js" in html
    assert 'style="' not in html and "<script>" not in html


def test_no_map_and_no_leaflet_when_nobody_is_located(client):
    factories.OrganisationFactory(kind=Kind.SHELTER, ward_fr="Baie", ward_en="Bay")
    html = client.get(DIRECTORY["en"]).content.decode()
    assert "partners-by-ward" not in html and "leaflet" not in html
    assert "Bay" not in html


def test_the_directory_costs_the_same_queries_whatever_the_number_of_partners(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DIRECTORY["fr"]).status_code == 200
        return len(queries)

    located(ward_fr="Baie", ward_en="Bay")
    factories.OrganisationFactory(kind=Kind.SHELTER)
    few = count()
    for n in range(6):
        located(ward_fr=f"Quartier {n}", ward_en=f"Ward {n}", show_on_map=n % 2 == 0)
        factories.OrganisationFactory(kind=Kind.POLICE)
    assert count() == few


def test_hiding_a_partner_takes_it_off_the_cached_page(client, partners):
    first = client.get(DIRECTORY["en"])
    assert "Capital Centre" in json.dumps(map_data(first.content.decode()))
    assert getattr(client.get(DIRECTORY["en"]), "public_page_hit", False)

    capital = partners["capital"]
    capital.show_on_map = False
    capital.save()

    html = client.get(DIRECTORY["en"]).content.decode()
    assert "Capital Centre" not in json.dumps(map_data(html))
    assert "capital-centre" not in ward_list(html)


# --- The organisation's page and open data --------------------------------------------------


def test_an_organisation_page_names_its_ward_only_when_located(client, partners):
    assert "Capitale" in client.get("/fr/partenaires/capital-centre/").content.decode()
    for key in ("shelter", "asked"):
        html = client.get(f"/en/partners/{partners[key].slug}/").content.decode()
        for trace in traces(partners[key]):
            assert trace not in html


def test_open_data_never_carries_a_location(client, partners):
    for fmt in ("csv", "json"):
        for lang, path in (("fr", "/fr/donnees-ouvertes/"), ("en", "/en/open-data/")):
            response = client.get(f"{path}organisations.{fmt}")
            assert response.status_code == 200
            text = response.getvalue().decode()  # streamed
            assert "latitude" not in text and "longitude" not in text
            for key in HIDDEN:
                for trace in traces(partners[key]):
                    assert trace not in text, (lang, fmt, key, trace)


# --- Settings: the tile server and the Content-Security-Policy -------------------------------


def test_tile_origin_of_the_tile_server():
    assert tile_origin("") == ""
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org")
    assert tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org")
    with pytest.raises(ImproperlyConfigured):
        tile_origin("javascript:alert(1)")


def policy_with(**env: str) -> str:
    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    environment = {k: v for k, v in os.environ.items() if k not in {"MAP_TILE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", **env)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_policy_allows_the_tile_server_for_images_only_when_set():
    img = [p.strip() for p in policy_with().split(";") if p.strip().startswith("img-src")]
    assert img == ["img-src 'self' data: https://tile.openstreetmap.org"]
    custom = policy_with(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tiles.example.org;" in custom
    assert custom.count("tiles.example.org") == 1  # images only: no script, no connect
    none = policy_with(MAP_TILE_URL="")
    assert "img-src 'self' data:;" in none


def test_the_map_is_given_the_tile_server_when_set(client, partners, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "&copy; Example"
    data = map_data(client.get(DIRECTORY["en"]).content.decode())
    assert data["tiles"] == {"url": "https://tiles.example.org/{z}/{x}/{y}.png",
                             "attribution": "&copy; Example"}


# --- Admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


def admin_form(org: Organisation, **changes) -> dict:
    data = {
        "name_fr": org.name_fr, "name_en": org.name_en, "acronym_fr": "", "acronym_en": "",
        "slug": org.slug, "kind": org.kind, "description_fr": org.description_fr,
        "description_en": org.description_en, "website": "", "is_public": "on",
        "show_on_map": "", "latitude": "", "longitude": "", "ward_fr": "", "ward_en": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_shows_the_location_with_its_rule(admin_client):
    org = factories.OrganisationFactory()
    html = admin_client.get(f"/en/admin/partners/organisation/{org.pk}/change/").content.decode()
    for name in ("id_show_on_map", "id_latitude", "id_longitude", "id_ward_fr", "id_ward_en"):
        assert name in html
    assert "As usual for its kind (hidden for women&#x27;s centres and shelters)" in html
    assert "Do not show its location" in html
    assert "neither the point nor the ward appears anywhere public" in html


def test_admin_sets_the_flag_and_refuses_half_a_point(admin_client):
    org = factories.OrganisationFactory()
    url = f"/en/admin/partners/organisation/{org.pk}/change/"
    response = admin_client.post(url, admin_form(org, latitude="45.42"))
    assert response.status_code == 200
    assert "Give both the latitude and the longitude, or neither." in response.content.decode()
    org.refresh_from_db()
    assert org.latitude is None

    response = admin_client.post(url, admin_form(org, latitude="45.42", longitude="-75.69",
                                                 show_on_map="False", ward_en="Bay",
                                                 ward_fr="Baie"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.latitude, org.longitude) == (Decimal("45.42"), Decimal("-75.69"))
    assert org.show_on_map is False and not org.location_is_public

    admin_client.post(url, admin_form(org, show_on_map=""))
    org.refresh_from_db()
    assert org.show_on_map is None


# --- Demo data ------------------------------------------------------------------------------


def test_the_demo_places_public_partners_and_never_the_womens_centre(client):
    from django.core.management import call_command

    call_command("load_demo", allow_without_debug=True, verbosity=0)
    stjoes = Organisation.objects.get(slug="st-joes-womens-centre")
    assert stjoes.kind == Kind.SHELTER and stjoes.show_on_map is False
    for lang in ("fr", "en"):
        html = client.get(DIRECTORY[lang]).content.decode()
        data = map_data(html)
        assert len(data["markers"]) == Organisation.objects.locatable().filter(
            latitude__isnull=False).count() >= 4
        assert any(m["url"].endswith("/ottawa-police-service/") for m in data["markers"])
        assert "st-joes" not in json.dumps(data) and "st-joes" not in ward_list(html)
        for trace in traces(stjoes):
            assert trace not in html
