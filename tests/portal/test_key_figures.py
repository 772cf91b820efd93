"""The home page's key figures: approved activity only, cached, refreshed by a Celery task."""

import datetime

import pytest
from django.core.cache import cache

from initiatives.models import ProgressUpdate
from portal.services import key_figures_cache_key
from portal.tasks import refresh_key_figures
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_quarter():
    initiative = factories.InitiativeFactory()
    period = factories.ReportingPeriodFactory(start=datetime.date(2021, 1, 1),
                                              end=datetime.date(2021, 3, 31))
    factories.ActivityFactory.create_batch(3, initiative=initiative, participants=20,
                                           date=datetime.date(2021, 2, 1))
    # Outside any approved period: never counted.
    factories.ActivityFactory(initiative=initiative, participants=500,
                              date=datetime.date(2021, 5, 1))
    update = factories.ProgressUpdateFactory(initiative=initiative, period=period,
                                             status=ProgressUpdate.Status.APPROVED)
    return update


def test_home_counts_only_activities_of_approved_periods(client, approved_quarter):
    html = client.get("/en/").content.decode()
    assert '<span class="figure-value">60</span> participants' in html
    assert '<span class="figure-value">fewer than 5</span> activities' in html


def test_task_refreshes_the_cached_figures(approved_quarter):
    cache.set(key_figures_cache_key(), {"stale": True})
    figures = refresh_key_figures.delay().get(timeout=10)
    assert figures["participants"] == 60
    assert cache.get(key_figures_cache_key())["participants"] == 60


def test_figures_computed_across_a_change_are_not_kept_for_after_it(monkeypatch):
    """A change committed while the figures are computed: they are filed under the version
    from before it, so the next home page computes them again."""
    from initiatives import selectors
    from portal.services import key_figures_cached

    compute = selectors.key_figures
    computed = []

    def change_meanwhile():
        figures = compute()
        computed.append(figures)
        if len(computed) == 1:
            factories.InitiativeFactory()  # published meanwhile: bumps the public version
        return figures

    monkeypatch.setattr(selectors, "key_figures", change_meanwhile)
    before = key_figures_cached()["initiatives"]
    assert key_figures_cached()["initiatives"] == before + 1
    assert len(computed) == 2
