"""Text that breaks the files made from it: control characters, line breaks where a line is
expected, digits of other scripts. New text is refused with a message that says what and
where; what older rows already hold never makes a writer fail (Hypothesis throws arbitrary
Unicode at each)."""

from __future__ import annotations

import csv
import datetime
import io
import time

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from initiatives.forms import ActivityForm
from initiatives.imports import reader
from initiatives.imports.columns import CellError, parse_participants
from initiatives.models import Activity, Event, ProgressUpdate, ReportingPeriod
from portal.core.spreadsheets import Table, as_csv, neutralise, write_sheet
from portal.core.text import one_line, printable
from tests import factories
from tests.factories_events import EventFactory, ottawa
from tests.spreadsheets import csv_bytes, ods_with_repeated_row, xlsx_bytes, xlsx_with_far_row

# Any Unicode (no surrogates), control characters included...
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
# ...and what a database can have stored (PostgreSQL refuses NUL in text).
STORED_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                      max_size=200)
QUICK = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


def same_text(written: str, read: str | None) -> bool:
    """XML reads a carriage return as a line feed: the same text for a reader."""
    def norm(text):
        return (text or "").replace("\r\n", "\n").replace("\r", "\n")

    return norm(written) == norm(read)


# --- The writers, on any stored text --------------------------------------------------------


@QUICK
@given(ANY_TEXT)
def test_any_text_goes_into_a_spreadsheet_and_reads_back(text):
    workbook = Workbook()
    write_sheet(workbook.active, ["Title"], [[text]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    value = load_workbook(io.BytesIO(buffer.getvalue())).active["A2"].value
    assert same_text(neutralise(text), value)
    assert printable(value or "") == (value or "")


@QUICK
@given(ANY_TEXT)
def test_any_text_goes_into_a_csv_and_reads_back(text):
    response = as_csv(Table("t", "t", ["Title"], [[text]]), "t")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1] == [neutralise(text)]


# Every kind of cell a table holds: the CSV writes numbers, dates and empty cells as they are
# and only works on text; the file must be what each cell converted on its own gives.
ANY_CELL = st.one_of(
    st.none(), st.integers(), st.booleans(), st.decimals(allow_nan=False, places=2),
    st.floats(allow_nan=False), st.dates(), st.datetimes(), ANY_TEXT,
    ANY_TEXT.map(lambda text: translation.gettext_lazy(text) if text else text),
)


@QUICK
@given(st.lists(st.lists(ANY_CELL, min_size=1, max_size=6), max_size=6))
def test_any_cells_go_into_a_csv_as_each_converted_on_its_own(rows):
    from portal.core.spreadsheets import _csv_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Cell"])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    response = as_csv(Table("t", "t", ["Cell"], rows), "t")
    assert response.content.decode("utf-8") == "\ufeff" + buffer.getvalue()


@pytest.mark.django_db
def test_an_activity_export_survives_what_older_rows_hold(client, staff_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    activity = factories.ActivityFactory(initiative=initiative, title="Walk")
    # Stored before text was checked: an escape, a NUL-free C0 character, DEL.
    Activity.objects.filter(pk=activity.pk).update(
        title="Walk\x1b[31m red", notes="line\x0bbreak\x7f")
    client.force_login(staff_a)
    for fmt in ("csv", "xlsx"):
        with translation.override("en"):
            response = client.get(reverse("workspace:activities_export", kwargs={"fmt": fmt}))
        assert response.status_code == 200
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(body)).active
            titles = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
        else:
            titles = [row[4] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
        assert titles == ["Walk[31m red"]


@pytest.mark.django_db
@QUICK
@given(title=STORED_TEXT.filter(str.strip), place=STORED_TEXT.filter(bool))
def test_any_stored_title_and_place_make_a_calendar(client, title, place):
    event = EventFactory(start=ottawa(2031, 1, 14), end=ottawa(2031, 1, 14, 20))
    Event.objects.filter(pk=event.pk).update(title_en=title, title_fr=title, place=place)
    with translation.override("en"):
        response = client.get(reverse("events:ical", kwargs={"slug": event.slug_en}))
    assert response.status_code == 200
    [item] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    # The summary line as RFC 5545 escapes it (icalendar's own reader turns a written "\N"
    # back into a line break, so the written line is compared, unfolded).
    lines = response.content.decode().replace("\r\n ", "").split("\r\n")
    summary = next(line for line in lines if line.startswith("SUMMARY:"))[len("SUMMARY:"):]
    expected = (one_line(title).replace("\\", "\\\\").replace(";", "\\;")
                .replace(",", "\\,"))
    assert summary == expected
    assert item["SUMMARY"] is not None
    event.delete()


@pytest.mark.django_db
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(narrative=STORED_TEXT)
def test_any_stored_narrative_makes_a_report(narrative, coordinator):
    """An approved narrative with a control character made every spreadsheet report that
    covered it fail."""
    from portal.reports import render, snapshot
    from portal.reports.models import ProgressReport

    # Hypothesis runs every example in the same test transaction: made once, reused.
    period = ReportingPeriod.objects.filter(start=datetime.date(2022, 1, 1)).first() or (
        factories.ReportingPeriodFactory(start=datetime.date(2022, 1, 1),
                                         end=datetime.date(2022, 3, 31),
                                         due=datetime.date(2022, 4, 30)))
    update = ProgressUpdate.objects.filter(period=period).first() or (
        factories.ProgressUpdateFactory(
            initiative=factories.InitiativeFactory(start=datetime.date(2022, 1, 1)),
            period=period, status="approved"))
    initiative = update.initiative
    type(update).objects.filter(pk=update.pk).update(done_en=narrative, challenges_fr=narrative)
    report = ProgressReport.objects.create(scope="initiative", initiative=initiative,
                                           language="en", requested_by=coordinator)
    report.periods.set([period])
    snap = snapshot.gather(report)
    workbook = load_workbook(io.BytesIO(render.render_xlsx(snap, "en")))
    done = next(workbook["Narratives"].iter_rows(min_row=2, values_only=True))[2]
    if printable(narrative).strip():
        assert done is not None and printable(done) == done
    assert render.render_pdf(snap, "en").startswith(b"%PDF")
    report.delete()


# --- New text: refused with a message --------------------------------------------------------


@pytest.mark.django_db
@QUICK
@given(title=ANY_TEXT)
def test_the_activity_form_refuses_control_characters_and_nothing_else_raises(
    title, staff_a, org_a
):
    initiative = factories.InitiativeFactory(lead=org_a)
    form = ActivityForm(data={
        "date": "2021-05-01", "initiative": initiative.pk, "kind": "training",
        "title": title, "participants": "3", "audience": "youth", "language": "fr",
    }, user=staff_a)
    with translation.override("en"):
        valid = form.is_valid()  # never an exception
    kept = title.strip()  # as the form keeps it (Python strips \x1c-\x1f at the ends too)
    if printable(kept) != kept:
        assert not valid
        with translation.override("en"):
            assert "invisible control character" in " ".join(form.errors["title"])


@pytest.mark.django_db
def test_the_message_names_the_character_and_its_place(staff_a, org_a):
    initiative = factories.InitiativeFactory(lead=org_a)
    data = {"date": "2021-05-01", "initiative": initiative.pk, "kind": "training",
            "title": "Walk\x1b", "participants": "3", "audience": "youth", "language": "fr"}
    for lang, expected in (
        ("en", "Remove the invisible control character (U+001B) at position 5"),
        ("fr", "Retirez le caractère de contrôle invisible (U+001B) à la position 5"),
    ):
        with translation.override(lang):
            form = ActivityForm(data=data, user=staff_a)
            assert not form.is_valid()
            assert expected in form.errors["title"][0]


def test_digits_of_other_scripts_are_read_as_their_value_or_refused():
    assert parse_participants("٣٥") == 35  # Arabic-Indic digits: 35
    for text in ("²", "1" * 5000, "3\u00bd"):
        with pytest.raises(CellError):
            parse_participants(text)


# --- Hostile spreadsheets: bounded whatever they declare --------------------------------------


@pytest.mark.parametrize("make", [
    lambda: xlsx_with_far_row([["Date", "Title"], ["2021-05-01", "Walk"]], 10_000_000),
    lambda: xlsx_with_far_row([["Date", "Title"], ["2021-05-01", "Walk"]], 1_048_576),
    lambda: ods_with_repeated_row([["Date", "Title"], ["2021-05-01", "Walk"]], 10**9),
])
def test_a_file_declaring_far_rows_is_answered_at_once(make):
    """17 s at row 1,048,576 and 187 s at row 10,000,000 before: each row of the gap was
    made up and walked. Now a gap costs nothing, whatever the file declares."""
    data = make()
    started = time.perf_counter()
    try:
        sheet = reader.read(data)
    except reader.FileRejected:
        pass
    else:
        # The far row is read with its number, nothing between.
        assert [number for number, _cells in sheet.rows] == [2, 1_048_576]
    assert time.perf_counter() - started < 2


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_a_reason(data):
    try:
        reader.read(data)
    except reader.FileRejected as refusal:
        assert refusal.message


@settings(max_examples=40, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_any_text_in_a_workbook_is_read_back_or_refused(texts):
    data = xlsx_bytes([["Title"] * len(texts), [printable(t) for t in texts]])
    try:
        sheet = reader.read(data)
    except reader.FileRejected as refusal:
        assert refusal.code in ("empty", "no_header")
        return
    values = sheet.rows[0][1]
    # A text starting with "=" is written as a formula: read back as one, never run.
    assert all(isinstance(v, reader.Formula) or same_text(printable(t), v if v is not None
                                                          else "")
               for t, v in zip(texts, values, strict=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_any_text_in_a_csv_is_read_back_or_refused(texts):
    data = csv_bytes([["Title"] * len(texts), texts])
    try:
        sheet = reader.read(data)
    except reader.FileRejected as refusal:
        assert refusal.code in ("empty", "not_spreadsheet", "no_header")
        return
    assert all(same_text(t, v) for t, v in zip(texts, sheet.rows[0][1], strict=True))


def test_the_xlsx_reader_uses_openpyxls_parser_as_it_is():
    """The reader reads rows from openpyxl's private sheet parser (so a gap in a file costs
    nothing): this fails loudly, before any file does, if openpyxl changes its shape."""
    import inspect

    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._reader import WorkSheetParser

    assert openpyxl.__version__.startswith("3.1.")
    parameters = inspect.signature(WorkSheetParser).parameters
    assert {"src", "shared_strings", "data_only", "epoch", "date_formats",
            "timedelta_formats"} <= set(parameters)
    assert callable(ReadOnlyWorksheet._get_source)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([["a"], [1]])), read_only=True)
    sheet = workbook.worksheets[0]
    assert hasattr(sheet, "_shared_strings")
    assert hasattr(workbook, "_date_formats") and hasattr(workbook, "_timedelta_formats")
    with sheet._get_source() as source:
        rows = list(WorkSheetParser(source, sheet._shared_strings).parse())
    assert [(number, [c["value"] for c in cells]) for number, cells in rows] == [
        (1, ["a"]), (2, [1])]


# --- Bounded text ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_free_text_field_of_the_domain_has_a_bound_in_the_database():
    """One upload wrote 52 MB of notes (and as much history): every free-text field people
    write (partners, coordinators in the admin) has a maximum length, and the database
    refuses more, whoever writes."""
    from django.db import IntegrityError, models, transaction

    from initiatives.models import Forum, Indicator, IndicatorValue, Initiative
    from partners.models import Organisation
    from priorities.models import Outcome, Plan, PriorityArea, Strategy, Theme

    for model in (Initiative, Indicator, Activity, ProgressUpdate, IndicatorValue, Forum,
                  Event, Organisation, Plan, PriorityArea, Strategy, Theme, Outcome):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                assert field.max_length, f"{model.__name__}.{field.name}"
    initiative = factories.InitiativeFactory()
    activity = factories.ActivityFactory(initiative=initiative)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(notes="x" * 2001)
    Activity.objects.filter(pk=activity.pk).update(notes="x" * 2000)
    update = factories.ProgressUpdateFactory(initiative=initiative)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=update.pk).update(done_en="x" * 5001)


@pytest.mark.django_db
@pytest.mark.parametrize("lang, expected", [
    ("en", "At most 2,000 characters."), ("fr", "2 000 caractères au plus."),
])
def test_the_form_says_the_bound_and_refuses_more(staff_a, org_a, lang, expected):
    initiative = factories.InitiativeFactory(lead=org_a)
    with translation.override(lang):
        form = ActivityForm(data={
            "date": "2021-05-01", "initiative": initiative.pk, "kind": "training",
            "title": "Walk", "participants": "3", "audience": "youth", "language": "fr",
            "notes": "x" * 2001,
        }, user=staff_a)
        assert expected in str(form["notes"].help_text).replace("\u202f", " ").replace(
            "\u00a0", " ")
        assert not form.is_valid() and "notes" in form.errors


def test_the_import_refuses_a_note_longer_than_the_bound():
    from initiatives.imports.columns import parse_text

    assert parse_text("notes", "x" * 2000) == "x" * 2000
    with pytest.raises(CellError), translation.override("en"):
        parse_text("notes", "x" * 2001)


@pytest.mark.django_db
@QUICK
@given(subject=STORED_TEXT, body=STORED_TEXT)
def test_any_stored_text_makes_an_email_that_goes_out(subject, body):
    """A title with a line break (from a spreadsheet cell, an older row) in a subject made
    Django refuse the message as a header injection; a control character broke it too."""
    from django.core import mail as django_mail

    from portal.core import mail

    django_mail.outbox = []
    queued = mail.queue_email(to="lead@example.org", subject=f"Returned: {subject}",
                              body=body)
    # And a row written before the rule: its subject as it was stored.
    type(queued).objects.filter(pk=queued.pk).update(subject=f"Returned: {subject}")
    assert mail.deliver(queued.pk)
    [message] = django_mail.outbox
    assert "\n" not in message.subject and printable(message.subject) == message.subject
    assert message.message().as_bytes()  # serialises
