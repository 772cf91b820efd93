"""Rules the database itself enforces, whatever code writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from initiatives.models import Activity, Indicator, ReportingPeriod
from partners.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def refused(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_user_logs_in_with_email_and_has_no_username():
    user = User.objects.create_user(email="Person@Example.org", password="long-enough-pass")
    assert user.email == "person@example.org"
    assert user.check_password("long-enough-pass")
    assert not hasattr(user, "username") or user.username is None
    assert User.USERNAME_FIELD == "email"


def test_a_value_per_indicator_and_period_at_most_once():
    value = factories.IndicatorValueFactory()
    assert refused(lambda: factories.IndicatorValueFactory(update=value.update,
                                                           indicator=value.indicator))


def test_an_update_per_initiative_and_period_at_most_once():
    update = factories.ProgressUpdateFactory()
    assert refused(lambda: factories.ProgressUpdateFactory(initiative=update.initiative,
                                                           period=update.period))


def test_counts_are_never_negative():
    activity = factories.ActivityFactory()
    assert refused(lambda: Activity.objects.filter(pk=activity.pk).update(participants=-1))
    value = factories.IndicatorValueFactory()
    assert refused(lambda: type(value).objects.filter(pk=value.pk).update(value=-3))


@pytest.mark.parametrize(
    "build",
    [
        lambda: factories.PlanFactory(start=datetime.date(2022, 1, 1),
                                      end=datetime.date(2021, 1, 1)),
        lambda: factories.InitiativeFactory(start=datetime.date(2022, 1, 1),
                                            end=datetime.date(2021, 12, 31)),
        lambda: ReportingPeriod.objects.create(name="bad", start=datetime.date(2021, 4, 1),
                                               end=datetime.date(2021, 3, 1),
                                               due=datetime.date(2021, 5, 1)),
        lambda: ReportingPeriod.objects.create(name="due early", start=datetime.date(2021, 1, 1),
                                               end=datetime.date(2021, 3, 31),
                                               due=datetime.date(2021, 3, 1)),
    ],
    ids=["plan", "initiative", "period", "period-due"],
)
def test_dates_are_ordered(build):
    assert refused(build)


def test_translated_slugs_are_unique_per_language():
    factories.PriorityAreaFactory(slug_fr="jeunes", slug_en="youth")
    assert refused(lambda: factories.PriorityAreaFactory(slug_fr="jeunes", slug_en="young"))
    assert refused(lambda: factories.PriorityAreaFactory(slug_fr="jeunesse", slug_en="youth"))


def test_indicator_belongs_to_an_initiative_or_an_outcome_not_both():
    outcome = factories.OutcomeFactory()
    assert refused(lambda: factories.IndicatorFactory(outcome=outcome))
    assert refused(lambda: factories.IndicatorFactory(initiative=None))
    assert factories.IndicatorFactory(initiative=None, outcome=outcome).pk


def test_derived_indicator_names_its_derivation():
    assert refused(lambda: factories.IndicatorFactory(source=Indicator.Source.DERIVED,
                                                      derivation=""))


def test_quarter_label_in_each_language():
    from django.utils import translation

    period = ReportingPeriod(name="2021-Q2", start=datetime.date(2021, 4, 1),
                             end=datetime.date(2021, 6, 30), due=datetime.date(2021, 7, 30))
    with translation.override("en"):
        assert period.label == "Q2 2021"
    with translation.override("fr"):
        assert period.label == "T2 2021"


def test_one_periods_label_follows_the_language_and_its_dates():
    """The label is kept per instance and language: the same period shown in French, then
    English, then French again reads each language's label; moved to another quarter, or
    to dates that are no quarter, it shows the new one."""
    from django.utils import translation

    period = ReportingPeriod(name="Spring", start=datetime.date(2021, 4, 1),
                             end=datetime.date(2021, 6, 30), due=datetime.date(2021, 7, 30))
    shown = []
    for lang in ("fr", "en", "fr", "en"):
        with translation.override(lang):
            shown.append(period.label)
    assert shown == ["T2 2021", "Q2 2021", "T2 2021", "Q2 2021"]
    period.start, period.end = datetime.date(2022, 10, 1), datetime.date(2022, 12, 31)
    with translation.override("fr"):
        assert period.label == "T4 2022"
    period.end = datetime.date(2022, 11, 15)
    with translation.override("fr"):
        assert period.label == "Spring"


def test_history_records_changes_to_activities():
    activity = factories.ActivityFactory(participants=10)
    activity.participants = 14
    activity.save()
    records = list(activity.history.all())
    assert len(records) == 2
    delta = records[0].diff_against(records[1])
    assert [c.field for c in delta.changes] == ["participants"]


def test_progress_report_scope_names_exactly_its_object():
    from portal.reports.models import ProgressReport

    plan = factories.PlanFactory()
    initiative = factories.InitiativeFactory()
    assert ProgressReport.objects.create(scope="plan", plan=plan, language="en").subject == plan
    assert refused(lambda: ProgressReport.objects.create(scope="initiative", plan=plan,
                                                         language="en"))
    assert refused(lambda: ProgressReport.objects.create(scope="plan", plan=plan,
                                                         initiative=initiative, language="fr"))
    assert refused(lambda: ProgressReport.objects.create(scope="plan", plan=plan, language="fr",
                                                         progress=101))
    assert refused(lambda: ProgressReport.objects.create(scope="plan", plan=plan, language="fr",
                                                         want_pdf=False, want_spreadsheet=False))


@pytest.mark.parametrize("lang,message", [
    ("en", "The end of the period cannot be before its start."),
    ("fr", "La fin de la période ne peut pas précéder son début."),
])
def test_a_violated_constraint_speaks_on_its_field_never_by_name(client, coordinator, lang,
                                                                 message):
    """A form that trips a database constraint says what is wrong, on the field, in the
    person's language: never "Constraint “period_dates_ordered” is violated"."""
    from django.urls import reverse
    from django.utils import translation

    from tests.factories_workspace import activate_totp

    activate_totp(coordinator)
    client.force_login(coordinator)
    with translation.override(lang):
        response = client.post(reverse("coordination:periods"), {
            "name": "Backwards", "start": "2030-03-31", "end": "2030-01-01",
            "due": "2030-04-30"})
    form = response.context["form"]
    assert form.errors["end"] == [message]
    page = response.content.decode()
    assert "period_dates_ordered" not in page and "onstraint" not in page
