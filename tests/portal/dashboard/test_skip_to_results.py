"""After applying the dashboard's filters, the results are one Tab and Enter away: a skip
link right after "Skip to main content" leads to them (not 58 Tabs through the header,
the menus and every filter)."""

import re

import pytest

from tests.portal.dashboard.test_views import dashboard, signed_in, world  # noqa: F401

pytestmark = pytest.mark.django_db


def focusable_in_order(html: str) -> list[str]:
    """The links, fields and buttons of the page in Tab order (none has a positive
    tabindex), each as its opening tag."""
    return re.findall(r"<(?:a\s[^>]*href|input(?![^>]*type=\"hidden\")|select|textarea|button)"
                      r"[^>]*>", html)


@pytest.mark.parametrize("lang, skip", [("fr", "Passer aux résultats"),
                                        ("en", "Skip to the results")])
def test_the_second_tab_stop_after_filtering_leads_to_the_results(
        signed_in, world, lang, skip):  # noqa: F811
    html = dashboard(signed_in, lang, area=world["elders"].pk).content.decode()
    stops = focusable_in_order(html)
    assert 'href="#main"' in stops[0]
    assert stops[1] == '<a class="skip-link" href="#results">'
    assert f'<a class="skip-link" href="#results">{skip}</a>' in html
    # The target takes the focus, and what follows it is the results, not the filters.
    target = html.index('<div id="results" tabindex="-1">')
    assert html.index("</form>", html.index('class="filters"')) < target
    assert target < html.index('id="overview-heading"') < html.index('id="initiatives-heading"')
    after = html[target:]
    assert getattr(world["i2"], f"title_{lang}") in after
