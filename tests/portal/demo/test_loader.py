"""The demo data loader: idempotent, atomic, complete in both languages, true to the seeds."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from modeltranslation.translator import translator

from initiatives.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from initiatives.selectors import approved_progress, last_approved_update
from partners.models import Membership, Organisation, User
from portal.demo import data as content
from portal.demo.loader import demo_activity_rows, demo_load, live_calendar
from priorities.models import Outcome, Plan, PriorityArea, Strategy, Theme

pytestmark = pytest.mark.django_db

SNAPSHOT_MODELS = [
    Organisation, User, Membership, Plan, PriorityArea, Strategy, Theme, Outcome, Initiative,
    Initiative.priority_areas.through, Initiative.strategies.through, Initiative.themes.through,
    Initiative.collaborators.through, Initiative.funders.through, Indicator, ReportingPeriod,
    Activity, ProgressUpdate, IndicatorValue,
]
TRANSLATED_MODELS = [
    Plan, PriorityArea, Strategy, Theme, Outcome, Organisation, Initiative, Indicator,
    ProgressUpdate,
]


def load() -> str:
    out = StringIO()
    call_command("load_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Row counts of every table (history included) and every field of the demo's models."""
    data: dict = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
    for model in SNAPSHOT_MODELS:
        names = [field.attname for field in model._meta.concrete_fields]
        data[f"{model._meta.label}:rows"] = list(
            model._base_manager.order_by("pk").values_list(*names)
        )
    return data


def translated_fields(model) -> list[str]:
    return list(translator.get_options_for_model(model).fields)


def featured_plan() -> Plan:
    return Plan.objects.get(slug_fr=content.CPO_PLAN["slug_fr"])


def impact() -> Initiative:
    return Initiative.objects.get(slug_fr="projet-impact")


def by_derivation(rows, derivation):
    return next(row for row in rows if row.indicator.derivation == derivation)


# --- Idempotency and atomicity --------------------------------------------------------------


def test_second_run_changes_nothing():
    output = load()
    assert "coordinator@demo.ottawa.ca" in output
    assert content.DEMO_PASSWORD in output
    first = snapshot()
    assert first["initiatives.Activity"] > 0

    output = load()

    assert "Nothing to change" in output
    second = snapshot()
    assert second.keys() == first.keys()
    for key in first:
        assert second[key] == first[key], f"{key} changed on the second run"


def test_service_reports_what_it_wrote():
    first = demo_load()
    assert first["created"] > 0
    assert first["models"]["Initiative"]["created"] == (
        1 + len(content.DEMO_INITIATIVES) + len(content.LIVE_INITIATIVES))
    second = demo_load()
    assert second["created"] == 0
    assert second["updated"] == 0
    assert second["accounts"] == content.DEMO_ACCOUNTS


def test_rerun_restores_demo_content_but_keeps_passwords():
    load()
    area = PriorityArea.objects.get(slug_en="youth")
    area.title_en = "Changed"
    area.save()
    user = User.objects.get(email="lead@pact-ottawa.demo")
    user.set_password("another-password-2022")
    user.save()

    load()

    assert PriorityArea.objects.get(pk=area.pk).title_en == "Youth"
    user.refresh_from_db()
    assert user.check_password("another-password-2022")


def test_load_is_atomic(monkeypatch):
    from portal.demo import loader

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "_load_updates", fail)
    with pytest.raises(RuntimeError):
        demo_load()
    assert not Organisation.objects.exists()
    assert not Activity.objects.exists()
    assert not User.objects.exists()


def test_generated_activities_are_deterministic():
    assert demo_activity_rows() == demo_activity_rows()


# --- Both languages -------------------------------------------------------------------------


def test_every_translated_field_is_filled_in_both_languages_or_neither():
    load()
    for model in TRANSLATED_MODELS:
        objects = list(model.objects.all())
        assert objects, f"no {model.__name__} loaded"
        for obj in objects:
            for name in translated_fields(model):
                fr = getattr(obj, f"{name}_fr") or ""
                en = getattr(obj, f"{name}_en") or ""
                assert bool(fr.strip()) == bool(en.strip()), (
                    f"{model.__name__} {obj.pk} {name}: fr={fr!r} en={en!r}"
                )


def test_featured_plan_content_is_complete_in_both_languages():
    load()
    plan = featured_plan()
    objects = [plan, *plan.priority_areas.all(), *plan.themes.all(), *plan.outcomes.all()]
    objects += list(Strategy.objects.filter(priority_area__plan=plan))
    objects += list(Organisation.objects.all())
    objects += list(Initiative.objects.all())
    objects += list(Indicator.objects.all())
    # Not every organisation has an acronym or a ward; pairing is checked above.
    optional = {"acronym", "ward"}
    for obj in objects:
        for name in set(translated_fields(type(obj))) - optional:
            for lang in ("fr", "en"):
                assert (getattr(obj, f"{name}_{lang}") or "").strip(), (
                    f"{type(obj).__name__} {obj.pk}: {name}_{lang} is empty"
                )


# --- Seed 000: the crime prevention plan ----------------------------------------------------


def test_featured_plan_has_the_seed_content():
    load()
    plan = Plan.objects.featured()
    assert plan == featured_plan()
    assert plan.owner.slug == "crime-prevention-ottawa"
    assert (plan.start, plan.end) == (datetime.date(2021, 1, 1), datetime.date(2022, 12, 31))
    assert plan.vision_fr.startswith("Ottawa est une ville où les individus et les familles")
    assert plan.mission_fr.startswith("Prévenir le crime et augmenter la sécurité")
    assert "racisme anti-noirs et anti-autochtones" in plan.methods_fr

    areas = list(plan.priority_areas.order_by("order"))
    assert [(a.slug_fr, a.slug_en, a.order) for a in areas] == [
        ("violence-fondee-sur-le-genre", "gender-based-violence", 1),
        ("jeunes", "youth", 2),
        ("quartiers", "neighbourhoods", 3),
        ("adultes-vulnerables", "vulnerable-adults", 4),
    ]
    expected = {
        "gender-based-violence": (1, 2, 1),
        "youth": (2, 2, 1),
        "neighbourhoods": (1, 2, 1),
        "vulnerable-adults": (1, 2, 1),
    }
    for area in areas:
        pillars = Counter(area.strategies.values_list("pillar", flat=True))
        assert (
            pillars[Strategy.Pillar.PARTNERSHIPS],
            pillars[Strategy.Pillar.CAPACITY],
            pillars[Strategy.Pillar.RESEARCH],
        ) == expected[area.slug_en], area.slug_en
        assert list(area.strategies.values_list("order", flat=True)) == list(
            range(1, area.strategies.count() + 1)
        )

    texts = set(Strategy.objects.filter(priority_area__plan=plan).values_list("text_fr",
                                                                               flat=True))
    assert "Promouvoir une culture de prévention et sensibiliser le public." in texts
    assert "Continuer de lutter collectivement contre la violence dans les rues." in texts
    assert "Promouvoir une culture de prévention contre la violence et la fraude." in texts

    themes = list(plan.themes.order_by("order"))
    assert [t.title_en for t in themes] == [
        "Inclusive anti-racism", "Increased focus on mental health",
    ]
    assert "anti-noirs et anti-autochtones" in themes[0].body_fr
    assert list(plan.outcomes.values_list("order", flat=True)) == [1, 2, 3, 4]
    assert plan.outcomes.get(order=1).statement_fr.startswith("Meilleure connaissance")


def _contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_priority_area_colours_carry_white_text():
    load()
    for area in PriorityArea.objects.all():
        assert _contrast_with_white(area.colour) >= 4.5, (area.slug_en, area.colour)


# --- Seed 001: the police plan --------------------------------------------------------------


def test_police_plan_has_four_directions_and_their_commitments():
    load()
    plan = Plan.objects.get(slug_en="strategic-direction-2027")
    assert plan.owner.slug == "ottawa-police-service"
    assert not plan.is_featured
    assert plan.vision_fr == (
        "Un partenaire de confiance pour faire d'Ottawa une ville inclusive, équitable et "
        "sécuritaire."
    )
    areas = list(plan.priority_areas.order_by("order"))
    assert [a.strategies.count() for a in areas] == [3, 3, 4, 3]
    assert set(Strategy.objects.filter(priority_area__plan=plan).values_list(
        "pillar", flat=True)) == {""}


# --- Seed 003: imPACT -----------------------------------------------------------------------


def test_impact_published_figures():
    load()
    initiative = impact()
    assert initiative.lead.slug == "pact-ottawa"
    assert set(initiative.collaborators.values_list("slug", flat=True)) == {
        "crime-prevention-ottawa", "ottawa-police-service", "st-joes-womens-centre",
    }
    assert set(initiative.funders.values_list("slug", flat=True)) == {
        "status-of-women-canada", "public-safety-canada",
    }
    assert initiative.status == Initiative.Status.COMPLETED
    assert initiative.zone == Initiative.Zone.PREVENTION
    assert list(initiative.priority_areas.values_list("slug_en", flat=True)) == [
        "gender-based-violence"
    ]

    rows = approved_progress(initiative)
    french = by_derivation(rows, Indicator.Derivation.SHARE_FRENCH)
    assert french.figure.is_shown
    assert round(french.figure.value) == 27
    trained = by_derivation(rows, Indicator.Derivation.PEOPLE_TRAINED)
    assert trained.figure.value == 10
    youth = by_derivation(rows, Indicator.Derivation.YOUTH_REACHED)
    assert youth.indicator.target == 1000
    assert youth.figure.is_shown
    assert 640 <= youth.figure.value <= 760
    at_risk = next(r for r in rows if r.indicator.source == Indicator.Source.ENTERED)
    assert at_risk.figure.value == 100

    activities = initiative.activities.all()
    assert activities.count() == 37
    assert activities.filter(language=Activity.Language.FRENCH).count() == 10


def test_impact_quarterly_shares_are_never_withheld():
    load()
    values = IndicatorValue.objects.filter(
        update__initiative=impact(), indicator__derivation=Indicator.Derivation.SHARE_FRENCH
    )
    assert values.count() == 3
    for value in values:
        assert value.denominator >= 5
        assert value.numerator == 0 or value.numerator >= 5


def test_impact_last_update_is_the_published_date():
    load()
    updates = impact().updates.all()
    assert updates.count() == 3
    assert {u.status for u in updates} == {ProgressUpdate.Status.APPROVED}
    last = last_approved_update(impact())
    assert timezone.localtime(last.reviewed_at).date() == datetime.date(2015, 3, 25)
    assert last.submitted_by.email == "lead@pact-ottawa.demo"
    assert last.reviewed_by.email == "coordinator@demo.ottawa.ca"


# --- More initiatives, periods, workflow ----------------------------------------------------


def test_every_priority_area_has_public_initiatives_in_every_zone():
    load()
    for area in featured_plan().priority_areas.all():
        assert area.initiatives.public().count() >= 3, area.slug_en
    zones = set(Initiative.objects.public().values_list("zone", flat=True))
    assert zones == set(Initiative.Zone.values)
    assert Initiative.objects.filter(is_public=False).exists()
    for initiative in Initiative.objects.exclude(pk=impact().pk):
        assert initiative.summary_fr.startswith("Initiative de démonstration.")
        assert initiative.summary_en.startswith("Demo initiative.")
        assert initiative.start >= datetime.date(2021, 1, 1)
        assert initiative.end in (None, datetime.date(2022, 12, 31))
        assert 2 <= initiative.indicators.count() <= 3
    leads = Counter(Initiative.objects.values_list("lead__slug", flat=True))
    assert leads["pact-ottawa"] >= 3
    assert leads["st-joes-womens-centre"] >= 2


def test_periods_are_quarters_covering_the_initiatives():
    load()
    calendar = live_calendar()
    periods = list(ReportingPeriod.objects.order_by("start"))
    for period in periods:
        assert period.start.day == 1 and period.start.month in (1, 4, 7, 10)
        assert period.due == period.end + datetime.timedelta(days=30)
        assert period.name == f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
        # Locked before the last quarter that is due: the 2021-2022 plan's are all closed.
        assert period.is_locked == calendar.is_locked(period.end)
    for activity_date in Activity.objects.values_list("date", flat=True).distinct():
        assert any(p.start <= activity_date <= p.end for p in periods), activity_date
    assert all(p.is_locked for p in periods if p.end.year <= 2022)
    assert periods[-1].name == calendar.current


def test_the_plan_2021_2022_ends_approved_or_closed_as_not_reported():
    """Its last quarter: approved, except a draft and a returned update never sent again,
    which its locked period closed ("not reported", not overdue). The coordinator's
    workflow material is today's (tests/test_demo_live.py)."""
    load()
    last = ProgressUpdate.objects.filter(period__name="2022-Q4").exclude(
        initiative__end__isnull=True)
    statuses = Counter(last.values_list("status", flat=True))
    assert statuses[ProgressUpdate.Status.DRAFT] == 1
    assert statuses[ProgressUpdate.Status.RETURNED] == 1
    assert set(statuses) == {ProgressUpdate.Status.APPROVED, ProgressUpdate.Status.DRAFT,
                             ProgressUpdate.Status.RETURNED}
    returned = last.get(status=ProgressUpdate.Status.RETURNED)
    assert returned.review_comment
    assert returned.reviewed_by.is_coordinator
    assert ReportingPeriod.objects.get(name="2022-Q4").is_locked
    earlier = ProgressUpdate.objects.filter(period__end__lt=datetime.date(2022, 10, 1)).exclude(
        initiative=impact()
    )
    assert set(earlier.values_list("status", flat=True)) == {ProgressUpdate.Status.APPROVED}
    assert earlier.filter(period__name="2021-Q1").count() == len(content.DEMO_INITIATIVES)


def test_approved_derived_values_match_the_logged_activities():
    from initiatives.metrics import derived_values

    load()
    value = IndicatorValue.objects.filter(
        update__status=ProgressUpdate.Status.APPROVED,
        indicator__source=Indicator.Source.DERIVED,
        update__period__name="2021-Q4",
    ).select_related("indicator", "update__period").first()
    period = value.update.period
    expected = derived_values(
        initiative_ids=[value.indicator.initiative_id], start=period.start, end=period.end
    )[value.indicator.initiative_id][value.indicator.derivation]
    assert value.value == expected.value


def test_small_counts_show_suppression_somewhere():
    load()
    assert Activity.objects.filter(participants__gte=1, participants__lte=4).exists()
    withheld = [
        row
        for initiative in Initiative.objects.public()
        for row in approved_progress(initiative)
        if row.figure.suppressed
    ]
    assert withheld


def test_activities_are_logged_by_their_organisation():
    load()
    logged = Activity.objects.filter(logged_by__isnull=False).select_related("logged_by")
    assert logged.exists()
    for activity in logged:
        assert activity.logged_by.memberships.filter(
            organisation_id=activity.organisation_id
        ).exists()


# --- Accounts -------------------------------------------------------------------------------


def test_demo_accounts_have_their_roles_and_sign_in():
    load()
    emails = [email for email, _ in content.DEMO_ACCOUNTS]
    assert len(emails) == 5
    for email in emails:
        user = authenticate(email=email, password=content.DEMO_PASSWORD)
        assert user is not None, email
    coordinator = User.objects.get(email="coordinator@demo.ottawa.ca")
    assert coordinator.is_coordinator and coordinator.preferred_language == "fr"
    admin = User.objects.get(email="admin@demo.ottawa.ca")
    assert admin.is_staff and admin.is_superuser
    roles = {
        (m.user.email, m.organisation.slug, m.role)
        for m in Membership.objects.select_related("user", "organisation")
    }
    assert roles == {
        ("lead@pact-ottawa.demo", "pact-ottawa", Membership.Role.LEAD),
        ("staff@pact-ottawa.demo", "pact-ottawa", Membership.Role.STAFF),
        ("staff@stjoes.demo", "st-joes-womens-centre", Membership.Role.STAFF),
    }
    assert User.objects.get(email="lead@pact-ottawa.demo").preferred_language == "en"
    assert User.objects.get(email="staff@pact-ottawa.demo").preferred_language == "fr"
    assert User.objects.get(email="staff@stjoes.demo").preferred_language == "en"


def test_organisations_from_the_seeds():
    load()
    kinds = dict(Organisation.objects.values_list("slug", "kind"))
    assert kinds["crime-prevention-ottawa"] == Organisation.Kind.MUNICIPAL
    assert kinds["ottawa-police-service"] == Organisation.Kind.POLICE
    assert kinds["pact-ottawa"] == Organisation.Kind.COMMUNITY
    assert kinds["st-joes-womens-centre"] == Organisation.Kind.SHELTER
    assert kinds["status-of-women-canada"] == Organisation.Kind.FUNDER
    assert kinds["public-safety-canada"] == Organisation.Kind.FUNDER
    assert kinds["ontario-ministry-of-the-solicitor-general"] == Organisation.Kind.OTHER
    ops = Organisation.objects.get(slug="ottawa-police-service")
    assert ops.name_fr == "Service de police d'Ottawa"
    assert "Community Development Section" in ops.description_en


def test_demo_refuses_to_run_with_debug_off_unless_told(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo", stdout=StringIO())
