"""Small numbers must not leak by subtraction.

Found by an attack: approve an update that adds 2 participants, and the public totals moved
616 → 618 and 5,851 → 5,853, disclosing the count of 2. Public counts are now rounded to a
base (5) from the unrounded data, so what is published before and after such an approval
never differs by less than the base.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from initiatives import services
from initiatives.models import Indicator, ProgressUpdate
from portal.core.figures import public_figure, round_to_base
from portal.reports import snapshot
from portal.reports.models import ProgressReport
from tests import factories
from tests.factories_workspace import DerivedIndicatorFactory

pytestmark = pytest.mark.django_db

BASE = 5


def quarter(year: int, q: int, **kwargs):
    start = datetime.date(year, 3 * q - 2, 1)
    end = (datetime.date(year + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1))
    return factories.ReportingPeriodFactory(start=start, end=end,
                                            due=end + datetime.timedelta(days=30), **kwargs)


def public_numbers(client: Client, initiative) -> dict[str, list[int]]:
    """Every number shown as a figure on the home page and the initiative's page, in both
    languages."""
    found = {}
    for lang in ("en", "fr"):
        with translation.override(lang):
            pages = {"home": f"/{lang}/", "initiative": initiative.get_absolute_url()}
        for name, url in pages.items():
            html = client.get(url).content.decode()
            cells = re.findall(r'<span class="figure-value">([^<]*)</span>', html)
            cells += re.findall(r'<td class="num">([^<]*)</td>', html)
            found[f"{lang} {name}"] = [
                int(re.sub(r"[^\d]", "", cell)) for cell in cells if re.search(r"\d", cell)
            ]
    return found


def report_numbers(report) -> list[int]:
    """The figures about people of a public report's snapshot (its activity totals and each
    indicator's progress)."""
    snap = snapshot.gather(report)
    numbers = []
    for initiative in snap["initiatives"]:
        entries = [initiative["activities"]["activities"],
                   initiative["activities"]["participants"]]
        entries += [indicator["progress"] for indicator in initiative["indicators"]]
        numbers += [int(Decimal(e["value"])) for e in entries
                    if e["value"] is not None and not e["suppressed"]]
    return numbers


@pytest.mark.parametrize("added", [1, 2, 3, 4])
def test_approving_a_few_more_people_changes_no_public_figure_by_less_than_the_base(
    added, coordinator,
):
    initiative = factories.InitiativeFactory(slug_en="safe-nights", slug_fr="nuits-sures")
    youth = DerivedIndicatorFactory(initiative=initiative, name_en="Youth reached", target=2000)
    q1, q2 = quarter(2021, 1), quarter(2021, 2)
    # 616 participants in an approved quarter (8 activities of 77).
    factories.ActivityFactory.create_batch(8, initiative=initiative, participants=77,
                                           audience="youth", date=datetime.date(2021, 2, 1))
    first = factories.ProgressUpdateFactory(initiative=initiative, period=q1,
                                            status=ProgressUpdate.Status.SUBMITTED)
    services.update_approve(update=first, by=coordinator)
    # The next quarter adds ``added`` people.
    factories.ActivityFactory(initiative=initiative, participants=added, audience="youth",
                              date=datetime.date(2021, 5, 1))
    second = factories.ProgressUpdateFactory(initiative=initiative, period=q2,
                                             status=ProgressUpdate.Status.SUBMITTED)
    report = ProgressReport.objects.create(scope="initiative", initiative=initiative,
                                           audience="public", language="en")
    report.periods.set([q1, q2])
    anonymous = Client()
    before = public_numbers(anonymous, initiative) | {"public report": report_numbers(report)}
    assert 615 in before["en initiative"]  # 616, published as 615
    assert 615 in before["public report"]

    services.update_approve(update=second, by=coordinator)

    after = public_numbers(anonymous, initiative) | {"public report": report_numbers(report)}
    assert before.keys() == after.keys()
    for page, numbers in after.items():
        assert len(numbers) == len(before[page]), page
        for old, new in zip(before[page], numbers, strict=True):
            change = abs(new - old)
            assert change == 0 or change >= BASE, (page, old, new)
            assert change != added, (page, old, new)
    assert youth.values.filter(update=second).get().value == added  # the data is exact


def test_counts_are_rounded_from_the_unrounded_total():
    # 3 + 3 + 3 = 9 people: each part alone would be "fewer than 5", the total is 10.
    assert str(public_figure(Decimal(9))) == "10"
    assert public_figure(Decimal(616)).value == 615
    assert public_figure(Decimal(618)).value == 620
    assert public_figure(Decimal(5)).value == 5
    assert public_figure(Decimal(7)).value == 5
    assert public_figure(Decimal(0)).value == 0
    assert public_figure(Decimal(4)).suppressed == "small"
    assert round_to_base(Decimal("12.5")) == 15  # halves up


def test_a_share_is_computed_from_the_exact_counts():
    figure = public_figure(Decimal("27.03"), unit=Indicator.Unit.PERCENT,
                           numerator=10, denominator=37)
    assert figure.value == Decimal("27.03")
    with translation.override("en"):
        assert str(figure) == "27%"


@pytest.mark.parametrize("lang,path,heading", [
    ("en", "/en/about-these-figures/", "About these figures"),
    ("fr", "/fr/a-propos-des-chiffres/", "À propos de ces chiffres"),
])
def test_the_method_is_explained_in_both_languages_and_linked_from_every_page(
    client, lang, path, heading,
):
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{heading}</h1>" in html and f'<html lang="{lang}"' in html
    assert "615" in html and "620" in html  # the worked example
    home = client.get(f"/{lang}/").content.decode()
    assert f'href="{path}"' in home
