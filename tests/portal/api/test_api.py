"""The public API (/api/v1/): the pages' content and figures, in the language asked for,
nothing that is not public, filters and pages, validators and 304, CORS, a rate limit, and
errors that say what is wrong in the client's language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives import services
from initiatives.models import Event, Initiative, ProgressUpdate, ReportingPeriod
from partners.models import Organisation
from portal.demo.loader import demo_load
from tests import factories
from tests.factories_events import EventFactory
from tests.portal.opendata import test_open_data
from tests.portal.opendata.test_open_data import (
    LANGS,
    download_url,
    more_of_everything,
    page_progress,
    page_text,
    read_json,
)

pytestmark = pytest.mark.django_db

# The open-data tests' public initiative and all that must never be published beside it.
world = test_open_data.world

API = "/api/v1/"
RESOURCES = ("plans", "priority-areas", "initiatives", "indicators", "organisations", "events")


def get(client, path: str, **query):
    headers = query.pop("headers", {})
    return client.get(path if path.startswith("/") else API + path, query, headers=headers)


def every(client, resource: str, **query) -> list[dict]:
    """All the results of a list, page after page."""
    results, page = [], 1
    while True:
        response = get(client, f"{resource}/", page=page, **query)
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        if not body["next"]:
            return results
        page += 1


# --- Language ---------------------------------------------------------------------------------


def test_french_by_default_english_by_parameter_or_header(client, world):
    initiative = world["initiative"]
    path = f"initiatives/{initiative.pk}/"
    french = get(client, path)
    assert french["Content-Language"] == "fr"
    assert french.json()["title"] == "Projet imPACT"
    assert french.json()["zone"] == {"code": "prevention", "label": "Prévention"}
    assert "Accept-Language" in french["Vary"]
    by_header = get(client, path, headers={"Accept-Language": "en-CA,en;q=0.9"})
    assert by_header["Content-Language"] == "en"
    assert by_header.json()["title"] == "imPACT project"
    assert by_header.json()["zone"]["label"] == "Prevention"
    by_parameter = get(client, path, lang="en", headers={"Accept-Language": "fr"})
    assert by_parameter.json()["title"] == "imPACT project"
    assert get(client, path, headers={"Accept-Language": "de"}).json()["title"] == (
        "Projet imPACT")
    # The parameter's name written with %-escapes is the same parameter.
    escaped = client.get(f"{API}{path}?%6Cang=en", headers={"Accept-Language": "fr"})
    assert escaped.json()["title"] == "imPACT project"


@pytest.mark.parametrize(("header", "message"), [
    ("fr", "Langue inconnue «\u00a0de\u00a0»\u00a0: utilisez fr ou en."),
    ("en", "Unknown language “de”: use fr or en."),
])
def test_an_unknown_language_is_a_400_in_the_clients_language(client, header, message):
    response = get(client, "plans/", lang="de", headers={"Accept-Language": header})
    assert response.status_code == 400
    assert response.json()["errors"] == {"lang": [message]}
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(("lang", "detail", "zone"), [
    ("fr", "Certains paramètres ne sont pas valides\u00a0: voir «\u00a0errors\u00a0».",
     "Sélectionnez un choix valide. nowhere n’en fait pas partie."),
    ("en", "Some parameters are not valid: see “errors”.",
     "Select a valid choice. nowhere is not one of the available choices."),
])
def test_a_bad_filter_says_which_and_why_in_the_language_asked(client, lang, detail, zone):
    response = get(client, "initiatives/", zone="nowhere", updated_since="yesterday",
                   lang=lang)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == detail
    assert body["errors"]["zone"] == [zone]
    assert set(body["errors"]) == {"zone", "updated_since"}


@pytest.mark.parametrize(("lang", "detail"), [
    ("fr", "Aucune ressource de ce nom dans l’API publique."),
    ("en", "No such resource in the public API."),
])
def test_unknown_objects_and_addresses_are_json_404s(client, world, lang, detail):
    for path in (f"initiatives/{world['private'].pk}/", "plans/999999/", "no-such-thing/",
                 "organisations/secret-shelter/"):
        response = get(client, path, lang=lang)
        assert response.status_code == 404, path
        assert response.json() == {"detail": detail, "code": "not_found"}, path


# --- Every figure is the page's and the open data's -------------------------------------------


def assert_api_matches_pages(client) -> int:
    """Compare every figure of the indicators endpoint (all pages) and of each initiative
    with the open-data file and the initiative pages, in both languages."""
    records = read_json(client.get(download_url("indicator-values", "json")))["records"]
    compared = 0
    for lang in LANGS:
        indicators = every(client, "indicators", lang=lang, page_size=7)
        assert {i["id"] for i in indicators} == {r["indicator_id"] for r in records}
        by_initiative: dict[int, list[dict]] = {}
        for item in indicators:
            by_initiative.setdefault(item["initiative"], []).append(item)
            mine = [r for r in records if r["indicator_id"] == item["id"]]
            to_date = next(r for r in mine if r["scope"] == "to_date")
            periods = [r for r in mine if r["scope"] == "period"]
            # The open data's number and status, and the page's words.
            assert item["to_date"]["status"] == to_date["value_status"]
            expected = to_date["value"] if to_date["value_status"] == "shown" else None
            assert item["to_date"]["value"] == expected
            assert item["to_date"]["text"] == page_text(to_date, lang)
            assert [(p["period"]["start"], p["figure"]["status"], p["figure"]["text"])
                    for p in item["periods"]] == [
                (r["period_start"], r["value_status"], page_text(r, lang)) for r in periods]
            assert [p["figure"]["value"] for p in item["periods"]] == [
                r["value"] if r["value_status"] == "shown" else None for r in periods]
            target = item["target"]["value"] if item["target"] else None
            assert target == to_date["target"]
            compared += 1 + len(periods)
        for initiative_id, items in by_initiative.items():
            initiative = Initiative.objects.get(pk=initiative_id)
            page = page_progress(client, initiative, lang)
            assert [(i["name"], i["to_date"]["text"]) for i in items] == [
                (name, figure) for name, figure, _target in page]
            detail = get(client, f"initiatives/{initiative_id}/", lang=lang).json()
            assert detail["indicators"] == items
            compared += len(page)
    return compared


def test_every_figure_of_the_api_is_the_pages(client, world, coordinator):
    assert assert_api_matches_pages(client) > 20
    services.update_approve(update=world["u3"], by=coordinator)
    assert assert_api_matches_pages(client) > 20


def test_every_figure_of_the_api_is_the_pages_on_the_demo_data(client):
    demo_load()
    assert assert_api_matches_pages(client) > 100


def test_the_comparison_fails_when_api_and_page_disagree(client, world, monkeypatch):
    from portal.api import serializers

    real = serializers.figure

    def off_by_five(value):
        result = real(value)
        if result and result["status"] == "shown":
            result = {**result, "value": result["value"] + 5}
        return result

    monkeypatch.setattr(serializers, "figure", off_by_five)
    with pytest.raises(AssertionError):
        assert_api_matches_pages(client)


def test_small_counts_and_hidden_shares_are_never_numbers(client, world):
    items = {i["id"]: i for i in every(client, "indicators", lang="en")}
    youth = items[world["youth"].pk]
    assert [p["figure"] for p in youth["periods"]] == [
        {"value": 610, "status": "shown", "text": "610"},
        {"value": None, "status": "small", "text": "fewer than 5"},
    ]
    assert youth["to_date"] == {"value": 615, "status": "shown", "text": "615"}
    few = items[world["few"].pk]
    assert few["to_date"] == {"value": None, "status": "small", "text": "fewer than 5"}
    small_share = items[world["small_share"].pk]
    assert small_share["to_date"]["status"] == "hidden"
    assert small_share["to_date"]["value"] is None
    assert world["hidden"].pk not in items


def test_an_approval_changes_the_figures_on_the_very_next_request(client, world, coordinator):
    path = f"indicators/{world['youth'].pk}/"
    before = get(client, path)
    assert before.json()["to_date"]["value"] == 615
    assert get(client, path, headers={"If-None-Match": before["ETag"]}).status_code == 304
    services.update_approve(update=world["u3"], by=coordinator)
    after = get(client, path, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["to_date"]["value"] == 1390  # 612 + 3 + 777 = 1392
    assert after["ETag"] != before["ETag"]


# --- Nothing that is not public ---------------------------------------------------------------


def test_nothing_unpublished_and_no_hidden_location(client, world):
    shelter = factories.OrganisationFactory(
        slug="open-shelter", kind=Organisation.Kind.SHELTER, latitude=Decimal("45.4"),
        longitude=Decimal("-75.7"), ward_en="Somerset", ward_fr="Somerset")
    shown = factories.OrganisationFactory(slug="mapped", latitude=Decimal("45.41"),
                                          longitude=Decimal("-75.69"), ward="Rideau")
    world["initiative"].collaborators.add(world["shelter"], shelter)
    EventFactory(organisers=[world["shelter"]], is_public=False, title_en="Private meeting")
    content = b"".join(get(client, f"{r}/", lang="en", page_size=200).content
                       for r in RESOURCES)
    content += get(client, f"initiatives/{world['initiative'].pk}/").content
    for secret in (b"Confidential", b"Secret shelter", b"secret-shelter", b"Internal indicator",
                   b"Private meeting", b"45.4,", b"-75.7,", b"Somerset"):
        assert secret not in content, secret
    organisations = {o["slug"]: o for o in every(client, "organisations")}
    assert organisations["open-shelter"]["location"] is None
    assert organisations["mapped"]["location"] == {
        "latitude": 45.41, "longitude": -75.69, "ward": "Rideau"}
    detail = get(client, f"initiatives/{world['initiative'].pk}/").json()
    assert [c["slug"] for c in detail["collaborators"]] == ["open-shelter"]
    sheltered = get(client, f"initiatives/{world['sheltered'].pk}/").json()
    assert sheltered["lead"] is None
    assert shown.slug in organisations


# --- Filters and pages ------------------------------------------------------------------------


def test_initiative_filters(client, world):
    other_area = factories.PriorityAreaFactory()
    other = factories.InitiativeFactory(status=Initiative.Status.COMPLETED,
                                        zone=Initiative.Zone.SOCIAL_DEVELOPMENT,
                                        start=datetime.date(2019, 1, 1),
                                        end=datetime.date(2019, 12, 31))
    other.priority_areas.add(other_area)
    other.collaborators.add(world["lead"])
    mine, sheltered = world["initiative"].pk, world["sheltered"].pk

    def ids(**query) -> set[int]:
        return {i["id"] for i in every(client, "initiatives", **query)}

    assert ids() == {mine, sheltered, other.pk}
    assert ids(area=world["area"].pk) == {mine}
    assert ids(plan=other_area.plan_id) == {other.pk}
    assert ids(zone="social_development") == {other.pk}
    assert ids(status="completed") == {other.pk}
    assert ids(organisation="pact-ottawa") == {mine, other.pk}
    assert ids(organisation="secret-shelter") == set()  # not in the public directory
    q2 = ReportingPeriod.objects.get(start=datetime.date(2021, 4, 1))
    assert ids(period=q2.pk) == {mine, sheltered}
    Initiative.objects.filter(pk=other.pk).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    assert ids(updated_since="2029-12-31T00:00:00Z") == {other.pk}
    assert get(client, "initiatives/", period=999999).status_code == 400


def test_indicator_filters_and_the_period(client, world, coordinator):
    q1 = world["youth"].values.first().update.period

    def ids(**query) -> set[int]:
        return {i["id"] for i in every(client, "indicators", **query)}

    everything = ids()
    assert world["youth"].pk in everything
    assert ids(initiative=world["private"].pk) == set()
    assert ids(period=q1.pk) == {world["youth"].pk, world["few"].pk, world["share"].pk,
                                 world["small_share"].pk}
    only_q1 = get(client, f"indicators/{world['youth'].pk}/", period=q1.pk)
    assert [p["period"]["id"] for p in only_q1.json()["periods"]] == [q1.pk]
    assert ids(updated_since="2100-01-01T00:00:00Z") == set()
    since = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    services.update_approve(update=world["u3"], by=coordinator)
    assert ids(updated_since=since.isoformat()) == {world["youth"].pk}


def test_an_events_link_only_when_it_is_held_online(client):
    online = EventFactory(is_online=True, online_url="https://meet.example.org/a")
    offline = EventFactory(is_online=False, online_url="https://meet.example.org/old")
    events = {e["id"]: e for e in every(client, "events")}
    assert events[online.pk]["online_url"] == "https://meet.example.org/a"
    assert events[offline.pk]["online_url"] == ""


def test_event_and_area_filters(client, world):
    mine = EventFactory(organisers=[world["lead"]])
    mine.priority_areas.add(world["area"])
    other = EventFactory(kind=Event.Kind.FORUM_MEETING)
    assert {e["id"] for e in every(client, "events")} == {mine.pk, other.pk}
    assert [e["id"] for e in every(client, "events", organisation="pact-ottawa")] == [mine.pk]
    assert [e["id"] for e in every(client, "events", area=world["area"].pk)] == [mine.pk]
    assert [e["id"] for e in every(client, "events", kind="forum_meeting")] == [other.pk]
    areas = every(client, "priority-areas", plan=world["area"].plan_id)
    assert [a["id"] for a in areas] == [world["area"].pk]


def test_pages_of_a_chosen_size(client, world):
    more_of_everything()
    first = get(client, "indicators/", page_size=2).json()
    assert len(first["results"]) == 2
    assert first["count"] == len(every(client, "indicators"))
    assert first["next"].endswith("page=2&page_size=2")
    assert get(client, "indicators/", page=999).status_code == 404


# --- Queries, validators, CORS, rate ----------------------------------------------------------


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(API + path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", [
    "plans/", "priority-areas/", "initiatives/", "indicators/", "organisations/", "events/",
    "initiatives/?organisation=pact-ottawa&status=active",
])
def test_a_list_makes_the_same_queries_whatever_the_rows(client, world, path):
    EventFactory(organisers=[world["lead"]])
    before = queries(client, path)
    more_of_everything()
    for _ in range(3):
        EventFactory(organisers=[factories.OrganisationFactory()])
    assert queries(client, path) == before


def test_one_initiative_makes_the_same_queries_whatever_its_indicators(client, world):
    small = factories.IndicatorValueFactory(
        update=factories.ProgressUpdateFactory(status=ProgressUpdate.Status.APPROVED),
        value=50).update.initiative
    assert queries(client, f"initiatives/{small.pk}/") == queries(
        client, f"initiatives/{world['initiative'].pk}/")


def test_validators_give_304_until_public_content_changes(client, world):
    first = get(client, "initiatives/")
    assert first["Cache-Control"] == "no-cache"
    assert first["Last-Modified"]
    unchanged = get(client, "initiatives/", headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert get(client, "initiatives/", headers={
        "If-Modified-Since": first["Last-Modified"]}).status_code == 304
    # Another language, or other parameters, is another answer.
    assert get(client, "initiatives/", lang="en",
               headers={"If-None-Match": first["ETag"]}).status_code == 200
    assert get(client, "initiatives/", status="active",
               headers={"If-None-Match": first["ETag"]}).status_code == 200
    Organisation.objects.get(slug="pact-ottawa").save()
    assert get(client, "initiatives/", headers={"If-None-Match": first["ETag"]}).status_code \
        == 200


def test_any_site_may_read_it_from_a_browser(client):
    response = get(client, "plans/", headers={"Origin": "https://data.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(API + "plans/", headers={
        "Origin": "https://data.example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # Not the rest of the site.
    with translation.override("en"):
        page = client.get("/en/", headers={"Origin": "https://data.example.org"})
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Request was throttled. Expected available in 60 seconds."),
    ("fr", "Requête ralentie. Disponible à nouveau dans 60 secondes."),
])
def test_each_client_is_rate_limited(client, settings, monkeypatch, lang, message):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "api": "3/minute"})
    for _ in range(3):
        assert get(client, "plans/", lang=lang).status_code == 200
    refused = get(client, "plans/", lang=lang)
    assert refused.status_code == 429
    assert refused.json() == {"detail": message, "code": "throttled"}
    assert refused["Retry-After"] == "60"
    other = client.get(API + "plans/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_writes_are_refused(client, world):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(API + f"initiatives/{world['initiative'].pk}/")
        assert response.status_code == 405, method


# --- Schema and documentation -----------------------------------------------------------------


def test_the_schema_describes_every_resource(client):
    response = client.get(API + "schema.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"plan", "area", "zone", "organisation", "period", "status", "updated_since",
            "page", "page_size", "lang"} <= parameters
    from drf_spectacular.validation import validate_schema

    validate_schema(schema)


@pytest.mark.parametrize(("lang", "title"), [("fr", "API publique"), ("en", "Public API")])
def test_the_documentation_page_loads_only_the_portals_files(client, lang, title, settings):
    from django.contrib.staticfiles import finders

    response = client.get(API + "docs/", {"lang": lang})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'data-schema-url="/api/v1/schema.json"' in html
    assert "<script>" not in html and "style=" not in html and "https://" not in html
    for name in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
                 "js/api-docs.js"):
        assert f"/static/{name}" in html
        assert finders.find(name)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
