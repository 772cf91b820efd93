"""Open data described for catalogues: schema.org Dataset JSON-LD on the page, a DCAT
catalogue whose every download works, the licence stated, and a Table Schema per CSV that
matches its header and its cells."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import translation

from initiatives import services
from portal.opendata.catalogue import script_json
from portal.opendata.datasets import DATASETS
from tests.portal.opendata import test_open_data
from tests.portal.opendata.test_open_data import csv_header, download_url, read_csv, url

pytestmark = pytest.mark.django_db

world = test_open_data.world
LANGS = ("fr", "en")
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def path_of(address: str) -> str:
    """The path (and query) of one of the portal's own absolute addresses."""
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}" == settings.SITE_URL.rstrip("/"), address
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_datasets(client, lang: str) -> list[dict]:
    response = client.get(url("portal:open_data", lang))
    assert response.status_code == 200
    return [json.loads(block) for block in JSONLD.findall(response.content.decode())]


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_describes_each_dataset_as_a_schema_org_dataset(client, world, lang):
    documents = page_datasets(client, lang)
    assert [d["identifier"] for d in documents] == list(DATASETS)
    other = "en" if lang == "fr" else "fr"
    for document, dataset in zip(documents, DATASETS.values(), strict=True):
        assert document["@context"] == "https://schema.org/"
        assert document["@type"] == "Dataset"
        # Google's Dataset Search requires name and description (50 to 5000 characters).
        with translation.override(lang):
            assert document["name"] == str(dataset.title)
            assert document["description"] == str(dataset.description)
        with translation.override(other):
            assert document["alternateName"] == str(dataset.title)
        assert 50 <= len(document["description"]) <= 5000
        assert document["license"] == settings.OPEN_DATA_LICENCE["url"][lang]
        assert document["publisher"]["@type"] == "Organization"
        assert document["publisher"]["name"]
        assert document["isAccessibleForFree"] is True
        assert document["variableMeasured"] == dataset.names
        assert [d["encodingFormat"] for d in document["distribution"]] == [
            "text/csv", "application/json"]
        for distribution in document["distribution"]:
            download = client.get(path_of(distribution["contentUrl"]))
            assert download.status_code == 200
            assert download["Content-Type"].startswith(distribution["encodingFormat"])
    coverage = {d["identifier"]: d.get("temporalCoverage") for d in documents}
    # Approved quarters only (Q1 and Q2 2021; Q3 is submitted, not approved).
    assert coverage["indicator-values"] == "2021-01-01/2021-06-30"
    assert coverage["initiatives"] == "2021-01-01/2022-12-31"
    assert coverage["organisations"] is None


def test_the_coverage_follows_an_approval_on_the_next_request(client, world, coordinator):
    assert page_datasets(client, "en")[0]["temporalCoverage"] == "2021-01-01/2021-06-30"
    services.update_approve(update=world["u3"], by=coordinator)
    assert page_datasets(client, "en")[0]["temporalCoverage"] == "2021-01-01/2021-09-30"


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", "selon la <a href=\"https://ottawa.ca/fr/"),
    ("en", "under the <a href=\"https://ottawa.ca/en/"),
])
def test_the_licence_is_stated_and_linked_in_each_language(client, lang, words):
    html = client.get(url("portal:open_data", lang)).content.decode()
    assert words in html
    assert settings.OPEN_DATA_LICENCE["name"][lang] in html


def test_json_ld_cannot_close_its_script_element():
    text = script_json({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!--"}


# --- The DCAT catalogue -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_dcat_catalogue_lists_every_dataset_with_working_downloads(client, world, lang):
    response = client.get(url("portal:open_data_catalogue", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert {t["@language"] for t in catalogue["dct:title"]} == set(LANGS)
    assert catalogue["dct:license"]["@id"] == settings.OPEN_DATA_LICENCE["url"][lang]
    entries = catalogue["dcat:dataset"]
    assert [e["dct:identifier"] for e in entries] == list(DATASETS)
    for entry in entries:
        dataset = DATASETS[entry["dct:identifier"]]
        for code in LANGS:
            with translation.override(code):
                assert {"@language": code, "@value": str(dataset.title)} in entry["dct:title"]
                assert {"@language": code, "@value": str(dataset.description)} in (
                    entry["dct:description"])
        formats = {}
        for distribution in entry["dcat:distribution"]:
            download = client.get(path_of(distribution["dcat:downloadURL"]["@id"]))
            assert download.status_code == 200, distribution
            formats[distribution["dct:format"]] = (download, distribution)
        assert set(formats) == {"CSV", "JSON"}
        csv_response, csv_distribution = formats["CSV"]
        schema = client.get(path_of(csv_distribution["dct:conformsTo"]["@id"])).json()
        assert [f["name"] for f in schema["fields"]] == csv_header(csv_response)
    temporal = entries[0]["dct:temporal"]
    assert temporal["dcat:startDate"] == {"@value": "2021-01-01", "@type": "xsd:date"}
    assert temporal["dcat:endDate"] == {"@value": "2021-06-30", "@type": "xsd:date"}


# --- Table Schemas ----------------------------------------------------------------------------


def cell_conforms(field: dict, value: str, missing: list[str]) -> bool:
    if value in missing:
        return True
    kind = field["type"]
    try:
        if kind == "integer":
            int(value)
        elif kind == "number":
            Decimal(value)
        elif kind == "date":
            datetime.date.fromisoformat(value)
        elif kind == "datetime":
            datetime.datetime.fromisoformat(value)
        elif field.get("format") == "uri":
            return value.startswith(("http://", "https://"))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("key", list(DATASETS))
@pytest.mark.parametrize("lang", LANGS)
def test_each_table_schema_matches_its_csv_header_and_cells(client, world, key, lang):
    response = client.get(url("portal:open_data_schema", lang, dataset=key))
    assert response.status_code == 200
    schema = response.json()
    csv_response = client.get(download_url(key, "csv", lang))
    assert [f["name"] for f in schema["fields"]] == csv_header(csv_response)
    assert schema["missingValues"] == ["", "<5"]
    rows = read_csv(csv_response)
    assert rows
    for row in rows:
        for field in schema["fields"]:
            assert cell_conforms(field, row[field["name"]], schema["missingValues"]), (
                field, row[field["name"]])
    with translation.override(lang):
        assert [f["description"].split(" “<5”")[0].split(" «\u00a0<5\u00a0»")[0]
                for f in schema["fields"]] == [str(c.description) for c in
                                               DATASETS[key].columns]


def test_the_marker_is_explained_where_it_can_appear(client):
    schema = client.get(url("portal:open_data_schema", "en",
                            dataset="indicator-values")).json()
    value = next(f for f in schema["fields"] if f["name"] == "value")
    assert value["type"] == "number"
    assert "“<5” marks a count below the threshold" in value["description"]
    french = client.get(url("portal:open_data_schema", "fr",
                            dataset="indicator-values")).json()
    assert "«\u00a0<5\u00a0» marque un nombre sous le seuil" in next(
        f for f in french["fields"] if f["name"] == "value")["description"]


def test_an_unknown_schema_is_a_404(client):
    assert client.get(url("portal:open_data_schema", "en", dataset="people")).status_code \
        == 404
