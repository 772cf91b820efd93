"""The workspace's spreadsheet import of activities: formats and dialects, the two steps
(check, then confirm), the business rules, hostile files, tokens, history."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Activity, ActivityImport, ProgressUpdate
from tests import factories
from tests.factories_workspace import quarter
from tests.spreadsheets import (
    PNG,
    csv_bytes,
    ods_bytes,
    ods_with_repeated_row,
    xlsx_bytes,
    xlsx_with_far_row,
    zip_bomb,
)

pytestmark = pytest.mark.django_db

EN_HEADERS = ["Date", "Initiative", "Kind", "Title", "Participants", "Audience",
              "Language of delivery", "Neighbourhood or ward", "Notes"]
FR_HEADERS = ["Date", "Initiative", "Type", "Titre", "Participants", "Public cible",
              "Langue de prestation", "Secteur ou quartier", "Notes"]


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def initiative(org_a):
    return factories.InitiativeFactory(
        lead=org_a, title_en="Youth safety walks", title_fr="Marches de sécurité des jeunes",
        start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31),
    )


def rows_en(initiative, count: int = 3) -> list[list]:
    return [EN_HEADERS] + [
        [datetime.date(2021, 5, 1 + i % 28), initiative.title_en, "Training",
         f"Session {i}", 10 + i, "Youth", "French", "Vanier", ""]
        for i in range(count)
    ]


def rows_fr(initiative, count: int = 3) -> list[list]:
    return [FR_HEADERS] + [
        [f"{1 + i % 28:02d}/05/2021", initiative.title_fr, "Formation",
         f"Session {i}", str(10 + i), "Jeunes", "Français", "Vanier", ""]
        for i in range(count)
    ]


def upload(client: Client, data: bytes, name: str, lang: str = "en"):
    return client.post(url("workspace:import_start", lang),
                       {"file": SimpleUploadedFile(name, data)})


def job_of(response) -> ActivityImport:
    assert response.status_code == 302, response.content.decode()[:3000]
    token = re.search(r"/([0-9a-f-]{36})/", response["Location"]).group(1)
    return ActivityImport.objects.get(token=token)


def imported() -> list[tuple]:
    return sorted(Activity.objects.values_list(
        "date", "initiative_id", "organisation_id", "kind", "title", "participants",
        "audience", "language", "neighbourhood", "logged_by_id"))


def fresh_user(org, role="staff"):
    return factories.MembershipFactory(organisation=org, role=role).user


# --- Formats and dialects ------------------------------------------------------------------


FORMATS = {
    "csv-comma-utf8": lambda i: ("a.csv", csv_bytes(rows_en(i))),
    "csv-semicolon-bom-fr": lambda i: ("b.csv", csv_bytes(rows_fr(i), delimiter=";",
                                                           bom=True)),
    "csv-semicolon-cp1252-fr": lambda i: ("c.csv", csv_bytes(rows_fr(i), delimiter=";",
                                                              encoding="cp1252")),
    "csv-keys": lambda i: ("d.csv", csv_bytes(
        [["date", "initiative", "kind", "title", "participants", "audience", "language"]]
        + [[f"2021-05-{1 + n:02d}", i.slug_fr, "training", f"Session {n}", 10 + n, "youth",
            "fr"] for n in range(3)])),
    "xlsx-en": lambda i: ("e.xlsx", xlsx_bytes(rows_en(i))),
    "xlsx-fr": lambda i: ("f.xlsx", xlsx_bytes(rows_fr(i))),
    "ods-fr": lambda i: ("g.ods", ods_bytes(rows_fr(i))),
    "ods-en": lambda i: ("h.ods", ods_bytes(rows_en(i))),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_and_dialect_imports_the_same_rows(fmt, client, staff_a, initiative, org_a):
    client.force_login(staff_a)
    name, data = FORMATS[fmt](initiative)
    job = job_of(upload(client, data, name))
    assert (job.status, job.row_count, job.error_count) == ("checked", 3, 0)
    assert Activity.objects.count() == 0  # the check writes nothing
    preview = client.get(url("workspace:import", token=job.token)).content.decode()
    assert "3 new activities" in preview and "Session 2" in preview
    response = client.post(url("workspace:import_confirm", token=job.token))
    assert response.status_code == 302
    expected = sorted(
        (datetime.date(2021, 5, 1 + n), initiative.pk, org_a.pk, "training", f"Session {n}",
         10 + n, "youth", "fr", "Vanier" if not fmt.startswith("csv-keys") else "",
         staff_a.pk)
        for n in range(3)
    )
    assert imported() == expected
    job.refresh_from_db()
    assert job.status == "imported" and job.content is None  # the file is deleted


def test_each_imported_activity_says_where_it_came_from(client, staff_a, initiative):
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 1)), "agenda-mai.csv"))
    client.post(url("workspace:import_confirm", token=job.token))
    activity = Activity.objects.get()
    record = activity.history.get()
    assert record.history_user == staff_a
    for lang, text in (("en", "Imported from agenda-mai.csv"),
                       ("fr", "Importé depuis agenda-mai.csv")):
        page = client.get(url("workspace:activity", lang, pk=activity.pk)).content.decode()
        assert text in page


# --- The rules -----------------------------------------------------------------------------


def test_one_bad_row_among_a_thousand_writes_nothing_and_is_named(client, staff_a, initiative):
    client.force_login(staff_a)
    rows = rows_en(initiative, 1000)
    rows[501][0] = datetime.date(2030, 1, 15)  # spreadsheet row 502: after the initiative
    job = job_of(upload(client, csv_bytes(rows), "year.csv"))
    assert (job.row_count, job.error_count) == (1000, 1)
    for lang, expected in (
        ("en", "Row 502, column “Date”: The date must fall within the initiative's span"),
        ("fr", "Ligne 502, colonne « Date » : La date doit se situer dans la durée de l"),
    ):
        page = client.get(url("workspace:import", lang, token=job.token)).content.decode()
        assert expected in page.replace("\u00a0", " ").replace("&#x27;", "'"), lang
    response = client.post(url("workspace:import_confirm", token=job.token))
    assert response.status_code == 302
    assert Activity.objects.count() == 0
    job.refresh_from_db()
    assert job.status == "checked"


def test_every_rule_of_the_form_applies_to_each_row(client, staff_a, initiative, org_a):
    locked = quarter(2021, 2, is_locked=True)
    q3 = quarter(2021, 3)
    ProgressUpdate.objects.create(initiative=initiative, period=q3,
                                  status=ProgressUpdate.Status.SUBMITTED)
    client.force_login(staff_a)
    rows = [EN_HEADERS,
            ["2021-05-04", initiative.title_en, "Training", "In a locked quarter", 5, "Youth",
             "French", "", ""],
            ["2021-08-04", initiative.title_en, "Training", "In a submitted quarter", 5,
             "Youth", "French", "", ""],
            ["2030-01-04", initiative.title_en, "Training", "After its end", 5, "Youth",
             "French", "", ""],
            ["2021-11-04", initiative.title_en, "badkind", "Bad kind", 5, "Youth", "xx", "", ""],
            ["2021-11-04", initiative.title_en, "Training", "Too many", 99999, "Youth",
             "French", "", ""],
            ["2021-11-04", initiative.title_en, "Training", "Negative", -3, "Youth", "French",
             "", ""],
            ["2021-11-31", initiative.title_en, "Training", "No such day", 3, "Youth", "French",
             "", ""],
            ["2021-11-04", "Someone else's initiative", "Training", "Unknown", 3, "Youth",
             "French", "", ""],
            ["2021-11-04", initiative.title_en, "Training", "", 3, "Youth", "French", "", ""],
            ["2021-11-04", initiative.title_en, "Training", "Fine", 3, "Youth", "French", "",
             ""]]
    job = job_of(upload(client, csv_bytes(rows), "rules.csv"))
    errors = {(e["row"], e["column"]) for e in job.preview["errors"]["en"]}
    assert errors == {(2, "date"), (3, "date"), (4, "date"), (5, "kind"), (5, "language"),
                      (6, "participants"), (7, "participants"), (8, "date"),
                      (9, "initiative"), (10, "title")}
    messages = " ".join(e["message"] for e in job.preview["errors"]["en"])
    assert locked.label in messages and "is locked" in messages
    assert "submitted" in messages and "more than an activity can plausibly have" in messages
    assert "“badkind” is not one of: Workshop, Information session, Training" in messages
    assert job.error_count == 9
    client.post(url("workspace:import_confirm", token=job.token))
    assert Activity.objects.count() == 0


def test_staff_of_b_cannot_import_into_the_initiative_of_a(client, staff_b, initiative):
    client.force_login(staff_b)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 4)), "theirs.csv"))
    assert job.error_count == 4
    assert {e["column"] for e in job.preview["errors"]["en"]} == {"initiative"}
    assert "is not an initiative your organisation leads or joins" in (
        job.preview["errors"]["en"][0]["message"])
    client.post(url("workspace:import_confirm", token=job.token))
    assert Activity.objects.count() == 0
    assert not ActivityImport.objects.filter(status="imported").exists()


def test_a_collaborator_imports_as_its_own_organisation(client, org_b, initiative):
    initiative.collaborators.add(org_b)
    staff = fresh_user(org_b)
    client.force_login(staff)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 2)), "ours.csv"))
    client.post(url("workspace:import_confirm", token=job.token))
    assert set(Activity.objects.values_list("organisation_id", flat=True)) == {org_b.pk}


def test_a_period_locked_after_the_check_stops_the_write(client, staff_a, initiative):
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 3)), "may.csv"))
    assert job.error_count == 0
    quarter(2021, 2, is_locked=True)
    response = client.post(url("workspace:import_confirm", token=job.token), follow=True)
    assert Activity.objects.count() == 0
    assert "Nothing was imported" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.error_count) == ("checked", 3)


def test_checking_takes_the_same_few_queries_for_ten_rows_or_five_hundred(
    client, staff_a, initiative, django_assert_max_num_queries
):
    from initiatives.imports import services

    for count in (10, 500):
        sheet, column_of = services.read_sheet(csv_bytes(rows_en(initiative, count)))
        with django_assert_max_num_queries(6):
            checked = services.check_rows(sheet, column_of, user=staff_a)
        assert len(checked.rows) == count


# --- Hostile and broken files --------------------------------------------------------------


def _bigger_than_the_limit(settings, initiative):
    settings.IMPORT_MAX_BYTES = 200
    return csv_bytes(rows_en(initiative, 20))


def _too_many_rows(settings, initiative):
    settings.IMPORT_MAX_ROWS = 5
    return csv_bytes(rows_en(initiative, 6))


HOSTILE = {
    "png": (lambda s, i: PNG, "x.png",
            "This file is not a spreadsheet the portal can read",
            "Ce fichier n’est pas une feuille de calcul que le portail peut lire"),
    "empty": (lambda s, i: b"", "x.csv", "The file is empty", "Le fichier est vide"),
    "blank": (lambda s, i: b"\r\n\r\n ", "x.csv", "The file is empty", "Le fichier est vide"),
    "header-only": (lambda s, i: csv_bytes([EN_HEADERS]), "x.csv", "The file is empty",
                    "Le fichier est vide"),
    "too-large": (_bigger_than_the_limit, "x.csv", "more than the 200\u00a0bytes",
                  "plus que les 200\u00a0octets"),
    "too-many-rows": (_too_many_rows, "x.csv", "more than 5 rows",
                      "plus de 5 lignes"),
    "zip-bomb": (lambda s, i: zip_bomb(), "x.xlsx", "expands to far more than its size",
                 "prend bien plus de place que sa taille"),
    "missing-column": (lambda s, i: csv_bytes([r[:4] for r in rows_en(i)]), "x.csv",
                       "The header row lacks required columns: “Participants”, “Audience”, "
                       "“Language of delivery”",
                       "Il manque des colonnes obligatoires à la ligne des titres\u00a0: "
                       "« Participants », « Public cible », « Langue de prestation »"),
    "old-excel": (lambda s, i: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.xls",
                  "This is an old Excel file (.xls)", "Ceci est un ancien fichier Excel (.xls)"),
    "damaged-xlsx": (lambda s, i: xlsx_bytes(rows_en(i))[:900], "x.xlsx",
                     "cannot be read", "ne peut pas être lu"),
    # A row numbered far below the others: refused at once, not walked row by empty row.
    "far-row-xlsx": (lambda s, i: xlsx_with_far_row(rows_en(i), 10_000_000), "x.xlsx",
                     "The file numbers a row 10,000,000, below the last row",
                     "Le fichier numérote une ligne 10 000 000, sous la dernière ligne"),
    "repeated-row-ods": (lambda s, i: ods_with_repeated_row(rows_en(i), 10**9), "x.ods",
                         "more than 20000 rows", "plus de 20000 lignes"),
    # A NUL or an escape anywhere in a CSV, not only in its first 64 KB.
    "nul-deep-csv": (lambda s, i: csv_bytes(rows_en(i)) + b" " * 70_000 + b"\0\r\n", "x.csv",
                     "This file is not a spreadsheet the portal can read",
                     "Ce fichier n’est pas une feuille de calcul que le portail peut lire"),
    "escape-csv": (lambda s, i: csv_bytes(rows_en(i)).replace(b"Session 1", b"Sess\x1bion 1", 1),
                   "x.csv", "This file is not a spreadsheet the portal can read",
                   "Ce fichier n’est pas une feuille de calcul que le portail peut lire"),
    "huge-cell-csv": (lambda s, i: csv_bytes(rows_en(i)) + b'"' + b"x" * 200_000 + b'"\r\n',
                      "x.csv", "A cell of the file holds more than 131,072 characters",
                      "Une cellule du fichier contient plus de 131 072 caractères"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_hostile_or_broken_file_is_refused_clearly_and_writes_nothing(
    case, lang, client, staff_a, initiative, settings
):
    make, name, english, french = HOSTILE[case]
    client.force_login(staff_a)
    response = upload(client, make(settings, initiative), name, lang)
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "’").replace("\u00a0", " ")
    expected = (english if lang == "en" else french).replace("\u00a0", " ")
    assert expected in page.replace("'", "’") or expected in page
    assert ActivityImport.objects.count() == 0 and Activity.objects.count() == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_formulas_are_refused_row_by_row(lang, client, staff_a, initiative):
    client.force_login(staff_a)
    rows = rows_en(initiative, 3)
    rows[2][3] = "=HYPERLINK(\"http://evil.example\",\"click\")"
    data = xlsx_bytes(rows, formulas={(2, 5): "=10+2"})
    job = job_of(upload(client, data, "formulas.xlsx", lang))
    assert job.error_count == 2
    page = client.get(url("workspace:import", lang, token=job.token)).content.decode()
    page = page.replace("\u00a0", " ")
    if lang == "en":
        assert "Row 2, column “Participants”: This cell holds a formula (=10+2)" in page
        assert "Row 3, column “Title”: This cell holds a formula" in page
    else:
        assert "Ligne 2, colonne « Participants » : Cette cellule contient une formule" in page
    client.post(url("workspace:import_confirm", lang, token=job.token))
    assert Activity.objects.count() == 0


def test_text_that_would_run_as_a_formula_is_refused_in_a_csv(client, staff_a, initiative):
    client.force_login(staff_a)
    rows = rows_en(initiative, 4)
    rows[1][3] = "=cmd|' /C calc'!A0"
    rows[2][3] = "@SUM(1)"
    rows[3][3] = "- a list item"  # text, accepted
    rows[4][3] = "+5 volunteers"  # text, accepted
    job = job_of(upload(client, csv_bytes(rows), "dde.csv"))
    assert [e["row"] for e in job.preview["errors"]["en"]] == [2, 3]


# --- The token -----------------------------------------------------------------------------


def test_the_token_is_its_owners_alone_and_works_once(client, staff_a, org_a, initiative):
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 2)), "once.csv"))
    colleague = Client()
    colleague.force_login(fresh_user(org_a))
    for name in ("workspace:import",):
        assert colleague.get(url(name, token=job.token)).status_code == 404
    assert colleague.post(url("workspace:import_confirm", token=job.token)).status_code == 404
    assert colleague.post(url("workspace:import_cancel", token=job.token)).status_code == 404
    assert Activity.objects.count() == 0
    client.post(url("workspace:import_confirm", token=job.token))
    again = client.post(url("workspace:import_confirm", token=job.token), follow=True)
    assert Activity.objects.count() == 2
    assert "already imported" in again.content.decode()


def test_an_expired_token_imports_nothing_and_its_file_is_deleted(client, staff_a, initiative):
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 2)), "late.csv"))
    ActivityImport.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(url("workspace:import_confirm", token=job.token))
    assert response.status_code == 410
    assert "This import has expired" in response.content.decode()
    assert Activity.objects.count() == 0 and not ActivityImport.objects.exists()


def test_expired_files_are_purged_by_the_beat_task(staff_a, initiative):
    from initiatives.imports import services
    from initiatives.tasks import purge_expired_imports

    with translation.override("en"):
        waiting = services.import_start(by=staff_a, file_name="a.csv",
                                        data=csv_bytes(rows_en(initiative, 1)))
    ActivityImport.objects.filter(pk=waiting.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert purge_expired_imports.delay().get() == 1
    assert not ActivityImport.objects.exists()


def test_cancelling_deletes_the_file(client, staff_a, initiative):
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 2)), "no.csv"))
    client.post(url("workspace:import_cancel", token=job.token))
    assert not ActivityImport.objects.exists() and Activity.objects.count() == 0


# --- Large files: a task with its progress -------------------------------------------------


def test_a_large_file_is_checked_and_written_by_tasks(client, staff_a, initiative, settings,
                                                      monkeypatch):
    settings.IMPORT_INLINE_ROWS = 10
    sent = []
    from initiatives import import_views

    monkeypatch.setattr(import_views, "_run_in_background",
                        lambda task, job: sent.append((task.name, job.pk)))
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 30)), "big.csv"))
    assert job.status == "checking" and sent == [
        ("initiatives.tasks.check_activity_import", job.pk)]
    page = client.get(url("workspace:import", token=job.token)).content.decode()
    assert '<progress id="job-progress"' in page and "Checking every row" in page
    assert 'http-equiv="refresh"' in page  # follows itself without script
    from initiatives.tasks import check_activity_import, write_activity_import

    assert check_activity_import.apply((job.pk,)).get() == "checked"
    client.post(url("workspace:import_confirm", token=job.token))
    job.refresh_from_db()
    assert job.status == "importing" and sent[-1][0] == "initiatives.tasks.write_activity_import"
    assert "Saving the activities" in client.get(url("workspace:import", token=job.token)
                                                 ).content.decode()
    assert write_activity_import.apply((job.pk,)).get() == "imported"
    assert write_activity_import.apply((job.pk,)).get() == "skipped"  # delivered twice
    assert Activity.objects.count() == 30


# --- The template --------------------------------------------------------------------------


@pytest.mark.parametrize("lang,headers", [("en", EN_HEADERS), ("fr", FR_HEADERS)])
def test_the_template_has_the_columns_in_the_users_language(lang, headers, client, staff_a,
                                                            initiative):
    import io

    from openpyxl import load_workbook

    client.force_login(staff_a)
    response = client.get(url("workspace:import_template", lang, fmt="csv"))
    assert response.content.decode("utf-8-sig").strip().split(",") == headers
    response = client.get(url("workspace:import_template", lang, fmt="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, lists = workbook.worksheets
    assert [c.value for c in sheet[1]] == headers
    listed = [c.value for c in lists["A"] if c.value][1:]
    assert listed == [initiative.title_en if lang == "en" else initiative.title_fr]
    assert ("Formation" if lang == "fr" else "Training") in [c.value for c in lists["B"]]
    # Filled in, it imports.
    sheet.append([datetime.date(2021, 6, 1), listed[0], lists["B2"].value, "From the template",
                  4, lists["C2"].value, lists["D2"].value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = job_of(upload(client, buffer.getvalue(), "filled.xlsx", lang))
    assert (job.row_count, job.error_count) == (1, 0)


def test_the_admin_can_no_longer_import_activities(client, administrator):
    from tests.factories_workspace import activate_totp

    activate_totp(administrator)
    client.force_login(administrator)
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:initiatives_activity_import")
    page = client.get(reverse("admin:initiatives_activity_changelist")).content.decode()
    assert "/activity/export/" in page and "/activity/import/" not in page
    assert client.get(reverse("admin:initiatives_activity_export")).status_code == 200


# --- A worker that dies: said on the page, sent again, never stuck -----------------------------


def _importing(client, staff_a, initiative, settings, monkeypatch, rows=30):
    settings.IMPORT_INLINE_ROWS = 10
    from initiatives import import_views

    monkeypatch.setattr(import_views, "_run_in_background", lambda task, job: None)
    client.force_login(staff_a)
    job = job_of(upload(client, csv_bytes(rows_en(initiative, rows)), "big.csv"))
    from initiatives.tasks import check_activity_import

    assert check_activity_import.apply((job.pk,)).get() == "checked"
    client.post(url("workspace:import_confirm", token=job.token))
    job.refresh_from_db()
    assert job.status == "importing"
    return job


def test_a_late_heartbeat_is_said_on_the_page_within_a_minute(
    client, staff_a, initiative, settings, monkeypatch
):
    job = _importing(client, staff_a, initiative, settings, monkeypatch)
    now = timezone.now()
    ActivityImport.objects.filter(pk=job.pk).update(
        heartbeat_at=now - datetime.timedelta(seconds=20), attempts=1)
    page = client.get(url("workspace:import", token=job.token)).content.decode()
    assert "stopped answering" not in page  # a healthy worker beats every 15 s
    ActivityImport.objects.filter(pk=job.pk).update(
        heartbeat_at=now - datetime.timedelta(seconds=61))
    page = client.get(url("workspace:import", token=job.token)).content.decode()
    assert "The worker doing this stopped answering at" in page
    assert "It will be tried again by" in page and "nothing is lost" in page


def test_the_sweep_sends_a_dead_workers_import_again_once_then_fails_it(
    client, staff_a, initiative, settings, monkeypatch
):
    from initiatives.imports import services
    from initiatives.tasks import write_activity_import

    job = _importing(client, staff_a, initiative, settings, monkeypatch)
    # A worker took it, then died (SIGKILL: its transaction rolled back, nothing written).
    assert services.import_take(import_id=job.pk, status="importing") is not None
    # A second delivery while that worker is (believed) alive does nothing.
    assert write_activity_import.apply((job.pk,)).get() == "skipped"
    later = timezone.now() + datetime.timedelta(seconds=settings.IMPORT_HEARTBEAT_STALE_SECONDS
                                                + 1)
    sent = []
    assert services.imports_sweep(now=later, enqueue=sent.append) == {
        "requeued": [job.pk], "failed": []}
    assert [j.pk for j in sent] == [job.pk]
    assert services.imports_sweep(now=later, enqueue=sent.append) == {
        "requeued": [], "failed": []}  # sent once, not at every sweep
    # The job sent again is taken and written, once.
    assert write_activity_import.apply((job.pk,)).get() == "imported"
    assert Activity.objects.count() == 30
    assert write_activity_import.apply((job.pk,)).get() == "skipped"
    assert Activity.objects.count() == 30


def test_an_import_whose_workers_keep_dying_fails_visibly(
    client, staff_a, initiative, settings, monkeypatch
):
    from initiatives.imports import services

    job = _importing(client, staff_a, initiative, settings, monkeypatch)
    ActivityImport.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
        attempts=settings.IMPORT_MAX_ATTEMPTS)
    assert services.imports_sweep(enqueue=lambda job: None) == {
        "requeued": [], "failed": [job.pk]}
    page = client.get(url("workspace:import", token=job.token)).content.decode()
    assert "Nothing was imported." in page and "stopped twice before it finished" in page
    assert Activity.objects.count() == 0


def test_an_import_can_be_cancelled_in_every_state(
    client, staff_a, initiative, settings, monkeypatch
):
    from initiatives.tasks import write_activity_import

    job = _importing(client, staff_a, initiative, settings, monkeypatch)
    # Importing, its worker dead (no transaction holds it): cancelled, not a 404.
    response = client.post(url("workspace:import_cancel", token=job.token))
    assert response.status_code == 302
    assert not ActivityImport.objects.filter(pk=job.pk).exists()
    assert write_activity_import.apply((job.pk,)).get() == "skipped"
    assert Activity.objects.count() == 0
    # Checking: cancelled too.
    settings.IMPORT_INLINE_ROWS = 10
    job = job_of(upload(client, csv_bytes(rows_en(initiative, 30)), "big.csv"))
    assert job.status == "checking"
    client.post(url("workspace:import_cancel", token=job.token))
    assert not ActivityImport.objects.filter(pk=job.pk).exists()
