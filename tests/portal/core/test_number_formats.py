"""One way to write a number and a percentage in each language, on every page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Indicator
from tests import factories
from tests.factories_workspace import DerivedIndicatorFactory

pytestmark = pytest.mark.django_db

# A digit, a space of any kind, then a percent sign: French typography, wrong in English.
FRENCH_PERCENT = re.compile(r"\d[\s\u00a0\u202f]%")


@pytest.fixture
def update_page(org_a, staff_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    DerivedIndicatorFactory(initiative=initiative, name_en="Sessions in French",
                            unit=Indicator.Unit.PERCENT,
                            derivation=Indicator.Derivation.SHARE_FRENCH)
    period = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                              end=datetime.date(2021, 3, 31))
    for language in ("fr", "en", "en"):
        factories.ActivityFactory(initiative=initiative, language=language,
                                  date=datetime.date(2021, 2, 1))
    return initiative, period


@pytest.mark.parametrize("lang,expected", [("en", "33.3% (1 of 3)"),
                                           ("fr", "33,3\u00a0% (1 sur 3)")])
def test_a_share_is_written_the_language_s_way(client, staff_a, update_page, lang, expected):
    initiative, period = update_page
    client.force_login(staff_a)
    with translation.override(lang):
        html = client.get(reverse("workspace:update", kwargs={
            "initiative_pk": initiative.pk, "period_pk": period.pk})).content.decode()
    assert expected in html
    if lang == "en":
        assert not FRENCH_PERCENT.search(html)


@pytest.mark.parametrize("lang,start,span", [
    ("fr", "1er janvier 2021", "1er jan. 2021 – 31 mars 2021"),
    ("en", "January 1, 2021", "Jan. 1, 2021 – March 31, 2021"),
])
def test_dates_read_as_people_write_them(client, coordinator, lang, start, span):
    """The first of the month is "1er" in French; lists spell the month, never ISO."""
    from tests.factories_workspace import activate_totp

    initiative = factories.InitiativeFactory(start=datetime.date(2021, 1, 1))
    factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                     end=datetime.date(2021, 3, 31))
    with translation.override(lang):
        page = client.get(initiative.get_absolute_url()).content.decode()
    assert start in page
    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override(lang):
        periods = client.get(reverse("coordination:periods")).content.decode()
    # (no-break spaces inside each date: a date never breaks across lines in a cell)
    assert span in periods.replace("\u00a0", " ") and "2021-01-01" not in periods


def test_an_activity_title_is_marked_with_its_language(client, staff_a, org_a):
    """WCAG 3.1.2: a French title on an English page carries lang="fr"."""
    initiative = factories.InitiativeFactory(lead=org_a)
    french = factories.ActivityFactory(initiative=initiative, title="Atelier de quartier",
                                       language="fr")
    factories.ActivityFactory(initiative=initiative, title="Both languages",
                              language="bilingual")
    client.force_login(staff_a)
    with translation.override("en"):
        listing = client.get(reverse("workspace:activities")).content.decode()
        detail = client.get(reverse("workspace:activity", args=[french.pk])).content.decode()
    assert re.search(r'lang="fr">Atelier de quartier</a>', listing)
    both = re.search(r"<a [^>]*>Both languages</a>", listing).group(0)
    assert "lang=" not in both  # delivered in two languages: no single lang
    assert '<h1 lang="fr">Atelier de quartier</h1>' in detail


def test_a_review_comment_is_marked_with_the_language_it_was_written_in(client, staff_a,
                                                                       org_a, coordinator):
    """WCAG 3.1.2: an English comment on a French workspace page carries lang="en"."""
    from django.urls import reverse

    from initiatives.models import ProgressUpdate
    from tests.factories_workspace import activate_totp, quarter

    initiative = factories.InitiativeFactory(lead=org_a)
    update = ProgressUpdate.objects.create(initiative=initiative, period=quarter(2021, 2),
                                           status=ProgressUpdate.Status.SUBMITTED)
    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override("fr"):
        form = client.get(reverse("coordination:review", args=[update.pk])).context[
            "return_form"]
        assert form["language"].value() == "fr"  # the page's language, by default
        client.post(reverse("coordination:return", args=[update.pk]),
                    {"comment": "Please say more about the summer.", "language": "en"})
    update.refresh_from_db()
    assert (update.status, update.review_comment_language) == ("returned", "en")
    client.force_login(staff_a)
    with translation.override("fr"):
        page = client.get(reverse("workspace:home")).content.decode()
    assert '<blockquote lang="en"><p>Please say more about the summer.</p>' in page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_are_written_as_django_writes_them(lang):
    """``format_number`` writes numbers with Python's own formatting: the same text as
    Django's ``number_format``, for whole numbers, decimals, negatives and zero."""
    import random
    from decimal import Decimal

    from django.utils.formats import number_format

    from portal.core.figures import format_number, number_formatter, published_number

    rng = random.Random(7)
    values = [0, 5, -5, 999, 1000, -1000, 1234567, 12.5, -0.04, Decimal("0.05"),
              Decimal("99.95"), Decimal("-1234.56"), Decimal("1E+3"), Decimal("100.4")]
    values += [Decimal(rng.randint(-10**9, 10**9)) / Decimal(10 ** rng.randint(0, 4))
               for _ in range(2000)]
    with translation.override(lang):
        write = number_formatter()
        for value in values:
            published = published_number(value)
            places = max(0, -published.as_tuple().exponent)
            expected = number_format(published, decimal_pos=places, use_l10n=True,
                                     force_grouping=True)
            assert format_number(value) == write(value) == expected, value
        assert (format_number(Decimal("1234567.25")), format_number(Decimal("12.25"))) == (
            ("1\u00a0234\u00a0567", "12,3") if lang == "fr" else ("1,234,567", "12.3"))
