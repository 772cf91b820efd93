"""Open data: the datasets' page in both languages, CSV and JSON downloads that say exactly
what the public pages say (same suppression engine), nothing that is not public, a constant
number of queries, and cached downloads that are never stale."""

from __future__ import annotations

import csv
import datetime
import html as htmllib
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Indicator, IndicatorValue, Initiative, ProgressUpdate
from initiatives.selectors import approved_progress
from portal.core.figures import format_number, format_percent
from portal.demo.loader import demo_load
from portal.opendata.datasets import DATASETS, INDICATOR_VALUES, LIST_SEPARATOR
from tests import factories

pytestmark = pytest.mark.django_db

LANGS = ("fr", "en")
FEWER_THAN = {"fr": "moins de 5", "en": "fewer than 5"}


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def download_url(dataset: str, fmt: str, lang: str = "en") -> str:
    return url("portal:open_data_download", lang, dataset=dataset, fmt=fmt)


def body(response) -> bytes:
    """A download's bytes. The files are streamed (a cached copy comes whole), and a stream
    is read once: kept on the response for the next look."""
    if not hasattr(response, "_test_body"):
        response._test_body = response.getvalue()
    return response._test_body


def read_csv(response) -> list[dict[str, str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def csv_header(response) -> list[str]:
    return next(csv.reader(io.StringIO(body(response).decode("utf-8")[1:])))


def read_json(response) -> dict:
    return json.loads(body(response).decode("utf-8"))


def quarter(year: int, q: int):
    start = datetime.date(year, 3 * q - 2, 1)
    end = datetime.date(year + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1)
    return factories.ReportingPeriodFactory(start=start, end=end,
                                            due=end + datetime.timedelta(days=30))


@pytest.fixture
def world():
    """A public initiative with counts and shares in two approved quarters, and everything
    that must never be published beside it."""
    lead = factories.OrganisationFactory(name_fr="PACT-Ottawa", name_en="PACT-Ottawa",
                                         slug="pact-ottawa")
    shelter = factories.OrganisationFactory(name_fr="Refuge secret", name_en="Secret shelter",
                                            slug="secret-shelter", is_public=False)
    plan = factories.PlanFactory(owner=lead)
    area = factories.PriorityAreaFactory(plan=plan, title_fr="Les jeunes", title_en="Youth")
    initiative = factories.InitiativeFactory(
        title_fr="Projet imPACT", title_en="imPACT project", slug_fr="projet-impact",
        slug_en="impact-project", lead=lead, zone=Initiative.Zone.PREVENTION,
    )
    initiative.priority_areas.add(area)
    q1, q2, q3 = quarter(2021, 1), quarter(2021, 2), quarter(2021, 3)
    u1 = factories.ProgressUpdateFactory(initiative=initiative, period=q1,
                                         status=ProgressUpdate.Status.APPROVED)
    u2 = factories.ProgressUpdateFactory(initiative=initiative, period=q2,
                                         status=ProgressUpdate.Status.APPROVED)
    u3 = factories.ProgressUpdateFactory(initiative=initiative, period=q3,
                                         status=ProgressUpdate.Status.SUBMITTED)
    youth = factories.IndicatorFactory(initiative=initiative, name_fr="Jeunes joints",
                                       name_en="Youth reached", target=1000, order=1)
    factories.IndicatorValueFactory(update=u1, indicator=youth, value=612)  # 610
    factories.IndicatorValueFactory(update=u2, indicator=youth, value=3)  # fewer than 5
    factories.IndicatorValueFactory(update=u3, indicator=youth, value=777)  # not approved
    few = factories.IndicatorFactory(initiative=initiative, name_fr="Familles aidées",
                                     name_en="Families helped", target=20, order=2)
    factories.IndicatorValueFactory(update=u1, indicator=few, value=2)
    factories.IndicatorValueFactory(update=u2, indicator=few, state=IndicatorValue.State.WITHHELD,
                                    value=None, withheld_reason="Une seule famille.")
    share = factories.IndicatorFactory(initiative=initiative, name_fr="Part en français",
                                       name_en="Share in French", unit=Indicator.Unit.PERCENT,
                                       target=50, order=3)
    factories.IndicatorValueFactory(update=u1, indicator=share, value=Decimal("27.03"),
                                    numerator=10, denominator=37)
    factories.IndicatorValueFactory(update=u2, indicator=share, value=Decimal("25.00"),
                                    numerator=2, denominator=8)  # hidden
    small_share = factories.IndicatorFactory(initiative=initiative, name_fr="Part réussie",
                                             name_en="Share completed",
                                             unit=Indicator.Unit.PERCENT, target=80, order=4)
    factories.IndicatorValueFactory(update=u1, indicator=small_share, value=Decimal("75.00"),
                                    numerator=3, denominator=4)  # hidden, to date too
    factories.IndicatorFactory(initiative=initiative, name_fr="Pas encore", name_en="Not yet",
                               target=None, order=5)
    hidden = factories.IndicatorFactory(initiative=initiative, name_fr="Indicateur interne",
                                        name_en="Internal indicator", is_public=False, order=6)
    factories.IndicatorValueFactory(update=u1, indicator=hidden, value=444)
    private = factories.InitiativeFactory(title_fr="Projet confidentiel",
                                          title_en="Confidential project", is_public=False,
                                          lead=lead)
    private_update = factories.ProgressUpdateFactory(initiative=private, period=q1,
                                                     status=ProgressUpdate.Status.APPROVED)
    factories.IndicatorValueFactory(update=private_update, value=333,
                                    indicator__name_en="Confidential indicator",
                                    indicator__name_fr="Indicateur confidentiel")
    sheltered = factories.InitiativeFactory(title_fr="Hébergement", title_en="Housing",
                                            slug_fr="hebergement", slug_en="housing",
                                            lead=shelter)
    return {"initiative": initiative, "private": private, "sheltered": sheltered,
            "lead": lead, "shelter": shelter, "youth": youth, "few": few, "share": share,
            "small_share": small_share, "hidden": hidden, "u3": u3, "area": area}


def records_of(client, dataset: str, **query) -> list[dict]:
    response = client.get(download_url(dataset, "json"), query)
    assert response.status_code == 200
    return read_json(response)["records"]


def row(records, indicator, scope="to_date", period_start=None):
    found = [r for r in records if r["indicator_id"] == indicator.pk and r["scope"] == scope
             and (period_start is None or r["period_start"] == period_start)]
    assert len(found) == 1, found
    return found[0]


# --- The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_lists_every_dataset_with_its_dictionary_and_downloads(client, world, lang):
    response = client.get(url("portal:open_data", lang))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert page.count("<h1>") == 1
    for dataset in DATASETS.values():
        with translation.override(lang):
            assert f">{dataset.title}</h2>" in page
        for fmt in ("csv", "json"):
            assert f'href="{download_url(dataset.key, fmt, lang)}"' in page
        for column in dataset.columns:
            assert f'<th scope="row"><code translate="no">{column.name}</code></th>' in page
    assert page.count("<caption ") == len(DATASETS)
    assert page.count('<th scope="col">') == 3 * len(DATASETS)
    assert "&lt;5" in page  # the marker is documented


def test_the_french_page_has_its_french_address(client):
    """Depends on the French catalogue's "open-data/" → "donnees-ouvertes/" (hand-over)."""
    assert url("portal:open_data", "fr") == "/fr/donnees-ouvertes/"
    assert client.get("/fr/donnees-ouvertes/").status_code == 200


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_and_the_initiative_page_link_to_open_data(client, world, lang):
    initiative = world["initiative"]
    with translation.override(lang):
        page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'href="{url("portal:open_data", lang)}"' in page
    for fmt in ("csv", "json"):
        link = f"{download_url('indicator-values', fmt, lang)}?initiative={initiative.pk}"
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200
    home = client.get(url("portal:home", lang)).content.decode()
    assert f'href="{url("portal:open_data", lang)}"' in home


def test_an_unknown_dataset_or_format_is_a_404(client):
    xml = download_url("indicator-values", "json").replace(".json", ".xml")
    people = download_url("initiatives", "csv").replace("initiatives", "people")
    assert client.get(xml).status_code == 404
    assert client.get(people).status_code == 404


# --- The files: columns, languages, formats ----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", list(DATASETS))
def test_each_download_parses_with_the_stable_columns_in_both_languages(client, world, key,
                                                                         lang):
    dataset = DATASETS[key]
    as_csv = client.get(download_url(key, "csv", lang))
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{key}.csv"' in as_csv["Content-Disposition"]
    assert csv_header(as_csv) == dataset.names
    rows = read_csv(as_csv)
    assert rows

    as_json = client.get(download_url(key, "json", lang))
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    document = read_json(as_json)
    meta = document["metadata"]
    assert meta["dataset"] == key
    assert [c["name"] for c in meta["columns"]] == dataset.names
    assert all(set(c["description"]) == {"fr", "en"} and c["type"] for c in meta["columns"])
    assert meta["suppression"] == {**meta["suppression"], "marker": "<5", "threshold": 5,
                                   "rounding_base": 5, "withheld_share": None}
    assert meta["generated_at"] and meta["record_count"] == len(document["records"])
    assert all(list(record) == dataset.names for record in document["records"])
    assert len(document["records"]) == len(rows)
    # The same content whatever the language of the address.
    other = "en" if lang == "fr" else "fr"
    assert read_csv(client.get(download_url(key, "csv", other))) == rows


def test_labels_come_in_both_languages(client, world):
    (initiative,) = [r for r in records_of(client, "initiatives")
                     if r["initiative_id"] == world["initiative"].pk]
    assert initiative["title_fr"] == "Projet imPACT" and initiative["title_en"] == "imPACT project"
    assert initiative["priority_areas_fr"] == ["Les jeunes"]
    assert initiative["priority_areas_en"] == ["Youth"]
    assert initiative["priority_area_ids"] == [world["area"].pk]
    assert (initiative["zone"], initiative["zone_fr"], initiative["zone_en"]) == (
        "prevention", "Prévention", "Prevention")
    assert (initiative["status"], initiative["status_fr"], initiative["status_en"]) == (
        "active", "En cours", "Active")
    assert initiative["lead_organisation"] == "pact-ottawa"
    assert initiative["start"] == "2021-01-01" and initiative["end"] == "2022-12-31"
    assert initiative["url_fr"].endswith("/fr/initiatives/projet-impact/")
    assert initiative["url_en"].endswith("/en/initiatives/impact-project/")

    values = records_of(client, "indicator-values")
    youth = row(values, world["youth"], "period", "2021-01-01")
    assert (youth["indicator_name_fr"], youth["indicator_name_en"]) == ("Jeunes joints",
                                                                        "Youth reached")
    assert (youth["period_label_fr"], youth["period_label_en"]) == ("T1 2021", "Q1 2021")
    assert youth["initiative_title_fr"] == "Projet imPACT"

    (org,) = [r for r in records_of(client, "organisations") if r["organisation"] == "pact-ottawa"]
    assert org["kind"] == "community" and org["kind_fr"] == "Organisme communautaire"
    assert org["kind_en"] == "Community organisation"
    assert org["url_en"].endswith("/en/partners/pact-ottawa/")


def test_a_list_is_one_csv_cell(client, world):
    world["initiative"].priority_areas.add(
        factories.PriorityAreaFactory(title_en="Neighbourhoods", title_fr="Quartiers"))
    rows = read_csv(client.get(download_url("initiatives", "csv")))
    (imp,) = [r for r in rows if r["title_en"] == "imPACT project"]
    assert set(imp["priority_areas_en"].split(LIST_SEPARATOR)) == {"Youth", "Neighbourhoods"}


def test_text_cells_cannot_run_as_formulas(client, world):
    factories.InitiativeFactory(title_en='=HYPERLINK("http://evil.example","x")',
                                title_fr="+cmd|' /C calc'!A0")
    area = factories.PriorityAreaFactory(title_en="-2+3", title_fr="@SUM(1)")
    Initiative.objects.get(title_en__startswith="=").priority_areas.add(area)
    text = client.get(download_url("initiatives", "csv")).getvalue().decode()
    rows = read_csv(client.get(download_url("initiatives", "csv")))
    (evil,) = [r for r in rows if "HYPERLINK" in r["title_en"]]
    assert evil["title_en"].startswith("'=") and evil["title_fr"].startswith("'+")
    assert evil["priority_areas_en"] == "'-2+3" and evil["priority_areas_fr"] == "'@SUM(1)"
    assert "\n=" not in text and ",=" not in text
    # JSON is data, not a spreadsheet: kept as written.
    assert any(r["title_en"].startswith("=") for r in records_of(client, "initiatives"))


# --- Suppression: the same engine as the pages ------------------------------------------------


def test_small_counts_are_the_marker_where_the_page_says_fewer_than_5(client, world):
    values = records_of(client, "indicator-values")
    csv_rows = read_csv(client.get(download_url("indicator-values", "csv")))
    few = row(values, world["few"])
    assert (few["value"], few["value_status"]) == ("<5", "small")
    youth_q2 = row(values, world["youth"], "period", "2021-04-01")
    assert (youth_q2["value"], youth_q2["value_status"]) == ("<5", "small")
    assert {r["value"] for r in csv_rows if r["value_status"] == "small"} == {"<5"}
    for lang in LANGS:
        with translation.override(lang):
            page = client.get(world["initiative"].get_absolute_url()).content.decode()
        assert f'<td class="num">{FEWER_THAN[lang]}</td>' in page
    # The number itself is nowhere.
    for r in csv_rows:
        assert r["value"] not in {"2", "3"}


def test_counts_are_rounded_from_the_exact_values(client, world):
    values = records_of(client, "indicator-values")
    assert row(values, world["youth"], "period", "2021-01-01")["value"] == 610  # 612
    # To date: 612 + 3 = 615, rounded once, never summed from rounded parts.
    youth = row(values, world["youth"])
    assert (youth["value"], youth["value_status"]) == (615, "shown")
    assert (youth["period_start"], youth["period_end"]) == ("2021-01-01", "2021-06-30")
    assert youth["target"] == 1000
    csv_rows = read_csv(client.get(download_url("indicator-values", "csv")))
    assert "612" not in {r["value"] for r in csv_rows}


def test_hidden_shares_are_left_out(client, world):
    values = records_of(client, "indicator-values")
    q1 = row(values, world["share"], "period", "2021-01-01")
    assert (q1["value"], q1["value_status"]) == (27, "shown")  # 10 of 37, a whole percentage
    q2 = row(values, world["share"], "period", "2021-04-01")
    assert (q2["value"], q2["value_status"]) == (None, "hidden")  # 2 of 8
    assert row(values, world["share"])["value"] == 27  # 12 of 45
    small = row(values, world["small_share"])
    assert (small["value"], small["value_status"]) == (None, "hidden")
    csv_rows = read_csv(client.get(download_url("indicator-values", "csv")))
    hidden = [r for r in csv_rows if r["value_status"] == "hidden"]
    assert len(hidden) == 3 and {r["value"] for r in hidden} == {""}
    nothing_yet = [r for r in values if r["indicator_name_en"] == "Not yet"]
    assert [(r["scope"], r["value"], r["value_status"], r["target"]) for r in nothing_yet] == [
        ("to_date", None, "none", None)]


def test_nothing_that_is_not_public_or_not_approved_appears(client, world):
    everything = "".join(
        client.get(download_url(key, fmt)).getvalue().decode()
        for key in DATASETS for fmt in ("csv", "json")
    )
    for secret in ("Confidential", "confidentiel", "Internal indicator", "Indicateur interne",
                   "Secret shelter", "Refuge secret", "secret-shelter", "Une seule famille"):
        assert secret not in everything, secret
    # The values not approved or not public, as figures of any record (not as digits of a
    # timestamp or of an id, which a long session's sequences can reach).
    figures = {
        str(value)
        for key in DATASETS
        for record in records_of(client, key)
        for name, value in record.items()
        if not name.endswith("id") and isinstance(value, int | float | str)
    }
    assert not figures & {"444", "333", "777", "444.0", "333.0", "777.0"}
    values = records_of(client, "indicator-values")
    assert {r["initiative_id"] for r in values} == {world["initiative"].pk}
    assert {r["period_start"] for r in values if r["scope"] == "period"} == {
        "2021-01-01", "2021-04-01"}  # not the submitted third quarter
    # The withheld value is not a zero: only the approved, reported first quarter counts.
    assert [r["period_start"] for r in values
            if r["indicator_id"] == world["few"].pk and r["scope"] == "period"] == ["2021-01-01"]
    # An initiative led by an organisation that is not listed is published without its lead.
    (housing,) = [r for r in records_of(client, "initiatives") if r["slug_en"] == "housing"]
    assert (housing["lead_organisation"], housing["lead_organisation_fr"],
            housing["lead_organisation_en"]) == ("", "", "")
    organisations = {r["organisation"] for r in records_of(client, "organisations")}
    assert "secret-shelter" not in organisations and "pact-ottawa" in organisations
    initiatives = {r["initiative_id"] for r in records_of(client, "initiatives")}
    assert world["private"].pk not in initiatives and world["initiative"].pk in initiatives


def test_an_approval_publishes_the_new_quarter(client, world, coordinator):
    services.update_approve(update=world["u3"], by=coordinator)
    values = records_of(client, "indicator-values")
    assert row(values, world["youth"], "period", "2021-07-01")["value"] == 775  # 777
    assert row(values, world["youth"])["value"] == 1390  # 612 + 3 + 777 = 1392


# --- Every figure of the file is the page's ---------------------------------------------------


def page_text(record: dict, lang: str) -> str:
    """How the public page writes the figure a file holds, in ``lang``."""
    value, status = record["value"], record["value_status"]
    with translation.override(lang):
        if status == "small":
            assert value == "<5"
            return FEWER_THAN[lang]
        if status == "hidden":
            assert value in (None, "")
            return translation.gettext("not shown (small numbers)")
        if status == "none":
            assert value in (None, "")
            return translation.gettext("no figure yet")
        assert status == "shown"
        number = Decimal(str(value))
        return format_percent(number) if record["unit"] == "percent" else format_number(number)


def target_text(record: dict, lang: str) -> str:
    with translation.override(lang):
        if record["target"] in (None, ""):
            return translation.gettext("no target set")
        number = Decimal(str(record["target"]))
        return format_percent(number) if record["unit"] == "percent" else format_number(number)


PROGRESS_ROW = re.compile(
    r'<tr>\s*<th scope="row">(?P<name>.*?)(?:<span class="help">|\s*<details)'
    r'.*?<td class="num">(?P<figure>[^<]*)</td>\s*<td class="num">(?P<target>[^<]*)</td>',
    re.S,
)


def page_progress(client: Client, initiative: Initiative, lang: str) -> list[tuple[str, str, str]]:
    """(indicator name, figure, target) of each row of the page's progress table."""
    with translation.override(lang):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    table = response.content.decode().split('aria-labelledby="progress-heading"', 1)
    if len(table) == 1:
        return []
    table = table[1].split("</table>", 1)[0]
    return [
        (htmllib.unescape(re.sub(r"<[^>]+>", "", m["name"])).strip(),
         htmllib.unescape(m["figure"]).strip(), htmllib.unescape(m["target"]).strip())
        for m in PROGRESS_ROW.finditer(table)
    ]


def assert_file_matches_pages(client: Client) -> int:
    """Compare every figure of the indicator-values CSV with the public initiative pages, in
    both languages; return how many figures were compared."""
    rows = read_csv(client.get(download_url("indicator-values", "csv")))
    assert rows
    compared = 0
    initiatives = Initiative.objects.public().filter(pk__in={int(r["initiative_id"]) for r in rows})
    assert {i.pk for i in initiatives} == {int(r["initiative_id"]) for r in rows}
    for initiative in initiatives:
        mine = [r for r in rows if int(r["initiative_id"]) == initiative.pk]
        to_date = [r for r in mine if r["scope"] == "to_date"]
        progress = approved_progress(initiative)
        for lang in LANGS:
            page = page_progress(client, initiative, lang)
            # One to-date row per indicator of the page, in the page's order, same figures.
            assert [(r[f"indicator_name_{lang}"], page_text(r, lang), target_text(r, lang))
                    for r in to_date] == page, (initiative, lang)
            compared += 2 * len(page)
            # Each period's figure is the one the same selector gives the page's rows (the
            # page shows the progress to date; its rows carry their periods' figures).
            with translation.override(lang):
                expected = [
                    (str(row.indicator.pk), entry.period.start.isoformat(), str(entry.figure))
                    for row in progress for entry in row.by_period
                ]
            assert [(r["indicator_id"], r["period_start"], page_text(r, lang))
                    for r in mine if r["scope"] == "period"] == expected, (initiative, lang)
            compared += len(expected)
    return compared


def test_every_figure_of_the_csv_is_the_pages(client, world, coordinator):
    assert assert_file_matches_pages(client) > 10
    # ...and still after an approval changes them.
    services.update_approve(update=world["u3"], by=coordinator)
    assert assert_file_matches_pages(client) > 10


def test_every_figure_of_the_csv_is_the_pages_on_the_demo_data(client):
    demo_load()
    assert assert_file_matches_pages(client) > 50


def test_the_comparison_fails_when_file_and_page_disagree(client, world, monkeypatch):
    """The check above is not vacuous: a file that rounds differently is caught."""
    from portal.opendata import selectors

    real = selectors.figure_cell

    def off_by_one(figure):
        value = real(figure)
        return value + 1 if isinstance(value, Decimal) else value

    monkeypatch.setattr(selectors, "figure_cell", off_by_one)
    with pytest.raises(AssertionError):
        assert_file_matches_pages(client)


# --- Filter, queries, cache --------------------------------------------------------------------


def test_the_initiative_filter(client, world):
    other = factories.IndicatorValueFactory(
        update=factories.ProgressUpdateFactory(status=ProgressUpdate.Status.APPROVED), value=50)
    everything = records_of(client, "indicator-values")
    assert {r["initiative_id"] for r in everything} == {world["initiative"].pk,
                                                        other.update.initiative_id}
    initiative = world["initiative"]
    for key in (initiative.pk, initiative.slug_fr, initiative.slug_en):
        only = records_of(client, "indicator-values", initiative=key)
        assert only == [r for r in everything if r["initiative_id"] == initiative.pk]
    response = client.get(download_url("indicator-values", "csv"), {"initiative": initiative.pk})
    assert f'filename="indicator-values-initiative-{initiative.pk}.csv"' in (
        response["Content-Disposition"])
    document = read_json(client.get(download_url("indicator-values", "json"),
                                    {"initiative": initiative.pk}))
    assert document["metadata"]["filters"] == {"initiative_id": initiative.pk}
    for key in (world["private"].pk, "nothing-by-that-name", "0"):
        assert client.get(download_url("indicator-values", "json"),
                          {"initiative": key}).status_code == 404


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200
        response.getvalue()  # a streamed file reads its rows as it is sent
    return len(captured)


def more_of_everything():
    """Four more public initiatives with areas, indicators and approved values, and more
    organisations."""
    for _ in range(4):
        initiative = factories.InitiativeFactory()
        initiative.priority_areas.add(factories.PriorityAreaFactory(),
                                      factories.PriorityAreaFactory())
        for period in (quarter(2022, 1), quarter(2022, 2)) if _ == 0 else (quarter(2023, _),):
            update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                                     status=ProgressUpdate.Status.APPROVED)
            for indicator in factories.IndicatorFactory.create_batch(3, initiative=initiative):
                factories.IndicatorValueFactory(update=update, indicator=indicator, value=41)
        factories.OrganisationFactory()


@pytest.mark.parametrize("key", list(DATASETS))
def test_a_download_makes_the_same_queries_whatever_the_rows(client, world, key, settings):
    settings.PUBLIC_PAGE_CACHE = False
    paths = [download_url(key, fmt) for fmt in ("csv", "json")]
    if key == INDICATOR_VALUES.key:
        paths.append(download_url(key, "csv") + f"?initiative={world['initiative'].pk}")
    before = [queries_of(client, path) for path in paths]
    more_of_everything()
    after = [queries_of(client, path) for path in paths]
    assert before == after
    assert max(after) <= 5


def test_downloads_are_cached_and_never_stale(client, world, coordinator):
    path = download_url("indicator-values", "csv")
    first = client.get(path)
    sent = first.getvalue()  # streamed: kept once sent whole
    second = client.get(path)
    assert getattr(second, "public_page_hit", False)
    assert second.getvalue() == sent
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == "text/csv; charset=utf-8"

    services.update_approve(update=world["u3"], by=coordinator)

    after = client.get(path)
    assert not getattr(after, "public_page_hit", False)
    assert "2021-07-01" in after.getvalue().decode()


def test_a_filtered_download_is_rendered_each_time(client, world, coordinator):
    path = download_url("indicator-values", "csv") + f"?initiative={world['initiative'].pk}"
    client.get(path)
    assert not getattr(client.get(path), "public_page_hit", False)
    services.update_approve(update=world["u3"], by=coordinator)
    assert "2021-07-01" in client.get(path).getvalue().decode()
