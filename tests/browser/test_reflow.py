"""WCAG 1.4.10 reflow: at 320 px, the coordinator's pages never scroll sideways (tables
scroll inside their own region): turn-the-curve charts, the mailing-list counts, the
recent invitations, the reports."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives.models import Indicator
from partners.models import User
from portal.demo.data import COORDINATOR

from ..factories_workspace import activate_totp
from .conftest import document_width
from .test_workspace_journey import pass_totp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The widest element, to say what overflows.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-scroll')) continue;
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = el; }
  }
  return widest ? [Math.round(right), widest.outerHTML.slice(0, 160)] : [0, ''];
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_coordinator_pages_fit_a_320_px_phone(live_server, browser, lang):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    secret = activate_totp(User.objects.get(email=COORDINATOR))
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-CA")
    page = context.new_page()
    base = live_server.url
    try:
        sign_in(page, base, lang, COORDINATOR)
        pass_totp(page, lang, secret)
        with translation.override(lang):
            addresses = [reverse("coordination:mailing_list"), reverse("invitations:list"),
                         reverse("reports:list"), reverse("coordination:dashboard")]
            addresses += [reverse("coordination:dashboard_indicator", args=[pk])
                          for pk in Indicator.objects.order_by("pk").values_list("pk", flat=True)]
        wide = []
        for address in addresses:
            page.goto(base + address)
            width, viewport = document_width(page)
            if width > viewport:
                wide.append(f"{address}: {width} px: {page.evaluate(WIDEST)}")
        assert not wide, "\n".join(wide)
    finally:
        context.close()
