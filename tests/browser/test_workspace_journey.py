"""The issue's journey in Chromium: an activity logged by partner staff becomes a public figure.

Staff logs an activity, the lead submits the progress update, the coordinator (with TOTP)
approves it, and a visitor sees the new approved total on the initiative's public page in
French and in English. Then an axe-core scan of every workspace and review page type.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from initiatives import selectors
from initiatives.models import Activity, Initiative, ProgressUpdate, ReportingPeriod
from partners.models import User
from portal.core.figures import round_to_base
from portal.demo.data import COORDINATOR, DEMO_PASSWORD, PACT_LEAD, PACT_STAFF

from ..factories_workspace import activate_totp, current_totp_code
from .conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A PACT-Ottawa initiative whose 2022-Q4 update the demo leaves RETURNED, and whose public
# indicators include a count derived from activities: staff trained (the participants of
# training activities). The demo closes 2022-Q4 with the rest of its plan; the coordinator
# reopens it here (``demo``), so the lead may complete the update.
INITIATIVE_SLUG = "sensibilisation-hotellerie"
PERIOD = "2022-Q4"
PARTICIPANTS = 37
ACTIVITY_TITLE = "Formation du personnel de l'Hôtel du Canal (parcours navigateur)"

TEXT = {
    "fr": {
        "sign_in": "Connexion des partenaires",
        "email": "Courriel",
        "password": "Mot de passe",
        "submit_login": "Se connecter",
        "submit_totp": "Connexion",
        "sign_out": "Se déconnecter",
        "save_activity": "Enregistrer l’activité",
        "submit_update": "Soumettre pour examen",
        "return_update": "Renvoyer au partenaire",
        "toggle": "English",
    },
    "en": {
        "sign_in": "Partner sign-in",
        "email": "Email",
        "password": "Password",
        "submit_login": "Sign in",
        "submit_totp": "Sign In",
        "sign_out": "Sign out",
        "save_activity": "Save the activity",
        "submit_update": "Submit for review",
        "return_update": "Return to the partner",
        "toggle": "Français",
    },
}


@pytest.fixture
def demo():
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    reopen(PERIOD)


def reopen(name: str) -> None:
    """The coordinator reopens a period the demo closed."""
    from initiatives import services

    services.period_open(period=ReportingPeriod.objects.get(name=name),
                         by=User.objects.get(email=COORDINATOR))


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def in_language(lang: str, func, *args):
    with translation.override(lang):
        return str(func(*args))


def formatted(value: Decimal | int, lang: str) -> str:
    """A whole count as the public pages print it: 1 234 (no-break space) or 1,234."""
    grouped = f"{int(value):,}"
    return grouped.replace(",", "\u00a0") if lang == "fr" else grouped


def sign_in(page, base: str, lang: str, email: str) -> None:
    """Through the public site's sign-in link and the login form, in ``lang``."""
    text = TEXT[lang]
    page.goto(f"{base}/{lang}/")
    page.get_by_role("link", name=text["sign_in"]).click()
    page.get_by_label(text["email"]).fill(email)
    page.get_by_label(text["password"]).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=text["submit_login"]).click()


def pass_totp(page, lang: str, secret: str) -> None:
    """allauth's two-factor step: type the authenticator's current code."""
    assert "/2fa/authenticate/" in page.url, page.url
    # A code typed in the last seconds of its 30-second window may expire on the way.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.locator("main").get_by_role("button", name=TEXT[lang]["submit_totp"]).click()
    page.wait_for_url(lambda address: "/2fa/" not in address)


def sign_out(page, base: str, lang: str) -> None:
    """The header's POST button; people land on the home page in the same language."""
    page.get_by_role("button", name=TEXT[lang]["sign_out"]).click()
    page.wait_for_url(base + f"/{lang}/")
    assert not page.get_by_role("button", name=TEXT[lang]["sign_out"]).count()


def public_total(page, indicator_name: str) -> str:
    """The approved progress shown for an indicator on an initiative's public page."""
    row = page.locator("table tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile(re.escape(indicator_name)))
    )
    return row.locator("td").first.inner_text().strip()


def test_activity_to_public_figure_journey(live_server, browser, page, demo):
    base = live_server.url
    initiative = Initiative.objects.get(slug_fr=INITIATIVE_SLUG)
    period = ReportingPeriod.objects.get(name=PERIOD)
    assert not period.is_locked
    assert initiative.lead.slug == "pact-ottawa"
    update = ProgressUpdate.objects.get(initiative=initiative, period=period)
    assert update.status == ProgressUpdate.Status.RETURNED
    trained = initiative.indicators.get(name_en="Staff trained")
    assert trained.source == "derived" and trained.is_public
    title = {lang: in_language(lang, str, initiative) for lang in ("fr", "en")}
    label = {lang: in_language(lang, lambda p: p.label, period) for lang in ("fr", "en")}

    def approved_value() -> Decimal | None:
        rows = {row.indicator.pk: row for row in selectors.approved_progress(initiative)}
        return rows[trained.pk].figure.value

    def approved_total() -> Decimal:
        """The unrounded total the public figure is rounded from (portal/figures.py)."""
        return sum(v.value for v in trained.values.filter(
            update__status=ProgressUpdate.Status.APPROVED))

    # 1. Partner staff, in French: sign in, log a training activity, see it listed.
    sign_in(page, base, "fr", PACT_STAFF)
    assert page.url == base + url("workspace:home", "fr")
    assert page.get_by_role("heading", level=1).inner_text() == "Espace partenaire"
    page.locator("main").get_by_role("link", name="Consigner une activité").first.click()
    assert page.url == base + url("workspace:activity_create", "fr")
    page.get_by_label("Date").fill("2022-11-15")
    page.get_by_label("Initiative").select_option(label=title["fr"])
    page.get_by_label("Type").select_option("training")
    page.get_by_label("Titre").fill(ACTIVITY_TITLE)
    page.get_by_label("Participants").fill(str(PARTICIPANTS))
    page.get_by_label("Public cible").select_option("professionals")
    page.get_by_label("Langue de prestation").select_option("fr")
    page.get_by_label("Secteur ou quartier").fill("Lowertown")
    page.get_by_role("button", name="Enregistrer l’activité").click()
    activity = Activity.objects.get(title=ACTIVITY_TITLE)
    assert (activity.participants, activity.initiative_id) == (PARTICIPANTS, initiative.pk)
    assert page.url == base + url("workspace:activity", "fr", pk=activity.pk)
    assert page.get_by_role("heading", level=1).inner_text() == ACTIVITY_TITLE
    page.locator(".subnav").get_by_role("link", name="Activités").click()
    # Today's activities come first: the initiative's own list shows it.
    page.goto(page.url + f"?initiative={initiative.pk}")
    listed = page.get_by_role("row").filter(has_text=ACTIVITY_TITLE)
    assert listed.count() == 1
    assert str(PARTICIPANTS) in listed.inner_text()
    sign_out(page, base, "fr")

    # 2. The lead (English): open the returned 2022-Q4 update, complete it, submit it.
    sign_in(page, base, "fr", PACT_LEAD)
    assert page.url == base + url("workspace:home", "en")
    page.get_by_role("link", name=f"{title['en']} · {label['en']}").click()
    assert page.url == base + url(
        "workspace:update", "en", initiative_pk=initiative.pk, period_pk=period.pk
    )
    page.get_by_label("What was done (in French)").fill(
        "Formation du personnel de deux hôtels de la Basse-Ville, dont 37 employés en novembre."
    )
    page.get_by_label("What was done (in English)").fill(
        "Trained the staff of two Lowertown hotels, including 37 employees in November."
    )
    page.get_by_label("Challenges (in French)").fill(
        "Le ralentissement estival a réduit le nombre de séances en juillet."
    )
    page.get_by_label("Challenges (in English)").fill(
        "The summer slowdown meant fewer sessions in July."
    )
    page.get_by_label("What is next (in French)").fill(
        "Joindre les entreprises de transport et les motels de l'ouest."
    )
    page.get_by_label("What is next (in English)").fill(
        "Reach transport companies and west-end motels."
    )
    # Every indicator entered by partners needs a value before the update can be submitted.
    entered = list(selectors.entered_indicators(initiative))
    assert [i.name_en for i in entered] == ["Businesses that adopted a reporting protocol"]
    for value, indicator in enumerate(entered, start=6):
        page.get_by_label(indicator.name_en).fill(str(value))
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_role("status").filter(has_text="submitted for review").count()
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED
    assert update.submitted_by.email == PACT_LEAD
    assert update.done_en.startswith("Trained the staff of two Lowertown hotels")
    assert [v.value for v in update.values.all()] == [Decimal(6)]
    sign_out(page, base, "en")

    # Before approval: the public figure is the earlier approved total, without the 37.
    before, total_before = approved_value(), approved_total()
    visitor = browser.new_context(locale="fr-CA")
    public = visitor.new_page()
    public.set_default_timeout(15_000)
    public.goto(base + in_language("fr", initiative.get_absolute_url))
    shown_before = public_total(public, "Employés formés")
    assert shown_before == formatted(before, "fr")

    # 3. The coordinator (French, TOTP): review queue, the update, approve.
    coordinator = User.objects.get(email=COORDINATOR)
    secret = activate_totp(coordinator)
    sign_in(page, base, "fr", COORDINATOR)
    pass_totp(page, "fr", secret)
    assert page.url == base + url("workspace:home", "fr")
    page.get_by_role("link", name="Ouvrir la file d’examen").click()
    assert page.url == base + url("coordination:queue", "fr")
    waiting = page.get_by_role("region", name="En attente d’examen")
    waiting.get_by_role("link", name=title["fr"]).click()
    assert page.url == base + url("coordination:review", "fr", pk=update.pk)
    page.get_by_role("button", name="Approuver").click()
    assert page.url == base + url("coordination:queue", "fr")
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED
    assert update.reviewed_by == coordinator

    # 4. The visitor sees the new approved total, which includes the 37, in both languages.
    after = approved_value()
    expected_q3 = sum(
        a.participants
        for a in Activity.objects.filter(
            initiative=initiative, kind="training", date__gte=period.start,
            date__lte=period.end,
        )
    )
    # Rounded once, from the unrounded total (public counts are rounded to a base).
    assert approved_total() == total_before + expected_q3
    assert after == round_to_base(total_before + expected_q3)
    assert expected_q3 >= PARTICIPANTS
    assert formatted(after, "fr") != shown_before

    public.reload()
    assert public.locator("html").get_attribute("lang") == "fr"
    assert public_total(public, "Employés formés") == formatted(after, "fr")
    public.get_by_role("link", name=TEXT["fr"]["toggle"]).click()
    assert public.url == base + in_language("en", initiative.get_absolute_url)
    assert public.locator("html").get_attribute("lang") == "en"
    assert public_total(public, "Staff trained") == formatted(after, "en")
    visitor.close()


# --- Accessibility of the workspace and review pages -----------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workspace_and_review_pages_pass_axe(live_server, page, axe, demo, lang):
    base = live_server.url
    text = TEXT[lang]
    initiative = Initiative.objects.get(slug_fr=INITIATIVE_SLUG)
    period = ReportingPeriod.objects.get(name=PERIOD)
    update = ProgressUpdate.objects.get(initiative=initiative, period=period)
    # An activity the staff member logged: its page shows its history to them.
    activity = Activity.objects.filter(
        initiative=initiative, logged_by__email=PACT_STAFF
    ).latest("date")

    def scan(path: str, status: int = 200) -> None:
        response = page.goto(base + path)
        assert response.status == status, path
        assert page.locator("html").get_attribute("lang") == lang
        assert_no_axe_violations(axe, page)

    # The login page itself.
    scan(url("account_login", lang))

    # Partner staff: its preferred language is French; every page is opened in ``lang``.
    sign_in(page, base, lang, PACT_STAFF)
    scan(url("workspace:home", lang))
    scan(url("workspace:activities", lang))
    scan(url("workspace:activity_create", lang))
    # The error state: the form submitted empty.
    page.get_by_role("button", name=text["save_activity"]).click()
    assert page.locator("#form-errors").count() == 1
    assert_no_axe_violations(axe, page)
    scan(url("workspace:activity", lang, pk=activity.pk))
    assert page.locator("#history-heading").count() == 1
    scan(url("workspace:update", lang, initiative_pk=initiative.pk, period_pk=period.pk))
    sign_out(page, base, lang)

    # The lead: home (with the returned update) and the update form with its comment, then
    # its error state: submitted without the value of an entered indicator.
    sign_in(page, base, lang, PACT_LEAD)
    scan(url("workspace:home", lang))
    scan(url("workspace:update", lang, initiative_pk=initiative.pk, period_pk=period.pk))
    entered = selectors.entered_indicators(initiative).first()
    page.locator(f"#id_value_{entered.pk}").fill("")
    page.get_by_role("button", name=text["submit_update"]).click()
    assert page.locator(f"#id_value_{entered.pk}_error").count() == 1
    assert_no_axe_violations(axe, page)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.RETURNED
    sign_out(page, base, lang)

    # The coordinator, with TOTP: the queue, a submitted update to review, the periods.
    secret = activate_totp(User.objects.get(email=COORDINATOR))
    sign_in(page, base, lang, COORDINATOR)
    assert_no_axe_violations(axe, page)  # allauth's two-factor step, in the site's shell
    pass_totp(page, lang, secret)
    submitted = ProgressUpdate.objects.filter(status=ProgressUpdate.Status.SUBMITTED).first()
    scan(url("coordination:queue", lang))
    scan(url("coordination:review", lang, pk=submitted.pk))
    # Returned without a comment: refused, with the error beside the field.
    page.get_by_role("button", name=text["return_update"]).click()
    assert page.locator("#id_comment_error").count() == 1
    assert_no_axe_violations(axe, page)
    scan(url("coordination:review", lang, pk=update.pk))
    scan(url("coordination:periods", lang))
