"""The features took their models from ``portal`` without touching a table: a database
filled under the old schema keeps every row, link and permission once migrated."""


import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.core.models import OutboundEmail
from portal.dashboard.models import IndicatorStanding
from portal.mailing.models import Subscription
from portal.reports.models import ProgressReport, Reminder, ReportFile
from tests import factories

BEFORE = [("portal", "0006_standings_by_indicator"), ("core", None), ("reports", None),
          ("dashboard", None), ("mailing", None)]
MOVED = {"outboundemail": "core", "progressreport": "reports", "reportfile": "reports",
         "reminder": "reports", "indicatorstanding": "dashboard", "subscription": "mailing"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_filled_before_the_move_keeps_every_row_and_permission():
    initiative = factories.InitiativeFactory()
    period = factories.ReportingPeriodFactory()
    user = factories.UserFactory()
    area = factories.PriorityAreaFactory()
    old = migrate(BEFORE)
    # Under the old schema the six models are the portal app's.
    for model in MOVED:
        assert old.get_model("portal", model)
    report = old.get_model("portal", "ProgressReport").objects.create(
        requested_by_id=user.pk, scope="initiative", initiative_id=initiative.pk,
        language="fr", want_pdf=True, status="done")
    report.periods.add(period.pk)
    old.get_model("portal", "ReportFile").objects.create(
        report=report, language="fr", kind="pdf", file="reports/2026/12/a.pdf",
        name="a.pdf", sha256="0" * 64, size=12)
    reminder = old.get_model("portal", "Reminder").objects.create(
        initiative_id=initiative.pk, period_id=period.pk, stage="due")
    reminder.recipients.add(user.pk)
    old.get_model("portal", "OutboundEmail").objects.create(
        to="a@example.org", subject="Sujet", body="Corps")
    subscription = old.get_model("portal", "Subscription").objects.create(
        email="b@example.org", language="fr", key="k" * 40, signed_up_at=timezone.now(),
        source_url="/fr/", consent_text="Oui", consent_language="fr", consent_version="1",
        topics_chosen="Tous")
    subscription.topics.add(area.pk)
    old.get_model("portal", "IndicatorStanding").objects.create(
        indicator_id=1, period_id=period.pk, points=1, not_reported=0, withheld=0, total=3)
    # The content types (and so permissions) are the portal app's under the old schema.
    portal_type = ContentType.objects.get(app_label="portal", model="progressreport")
    permission = Permission.objects.get(content_type=portal_type, codename="view_progressreport")

    migrate(latest())

    moved = ProgressReport.objects.get()
    assert moved.initiative_id == initiative.pk
    assert list(moved.periods.values_list("pk", flat=True)) == [period.pk]
    assert ReportFile.objects.get().report_id == moved.pk
    assert list(Reminder.objects.get().recipients.values_list("pk", flat=True)) == [user.pk]
    assert OutboundEmail.objects.get().subject == "Sujet"
    assert list(Subscription.objects.get().topics.values_list("pk", flat=True)) == [area.pk]
    assert IndicatorStanding.objects.get().total == 3
    for model, app_label in MOVED.items():
        content_type = ContentType.objects.get_for_model(
            {"progressreport": ProgressReport, "reportfile": ReportFile,
             "reminder": Reminder, "outboundemail": OutboundEmail,
             "subscription": Subscription, "indicatorstanding": IndicatorStanding}[model])
        assert content_type.app_label == app_label
    permission.refresh_from_db()
    assert permission.content_type.app_label == "reports"
    assert permission.content_type_id == portal_type.pk
    # No table was dropped or created: each keeps its old name.
    tables = set(connection.introspection.table_names())
    assert {"portal_progressreport", "portal_progressreport_periods", "portal_reportfile",
            "portal_reminder", "portal_reminder_recipients", "portal_outboundemail",
            "portal_subscription", "portal_subscription_topics",
            "portal_indicatorstanding"} <= tables
