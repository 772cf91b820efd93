"""The compiled report's spreadsheet heads its completeness columns as counts of updates
(« Soumises », « Approuvées »), and names the state of one missing or late update in the
singular (« Manquante (en souffrance) »)."""

import pytest

from tests.portal.reports.test_reports import compile_report, workbook, world  # noqa: F401

pytestmark = pytest.mark.django_db

HEADINGS = {
    "fr": ("Complétude", ["Organisme responsable", "Attendues", "Soumises", "Soumises à temps",
                          "Soumises en retard", "Approuvées", "Manquantes (en souffrance)",
                          "Taux de déclaration (%)", "Taux de déclaration à temps (%)"],
           "Manquantes ou en retard", "Manquante (en souffrance)"),
    "en": ("Completeness", ["Lead organisation", "Expected", "Submitted", "Submitted on time",
                            "Submitted late", "Approved", "Missing (overdue)",
                            "Reporting rate (%)", "On-time rate (%)"],
           "Missing or late", "Missing (overdue)"),
}


def test_the_reports_completeness_headings_count_and_its_states_are_singular(
        world, coordinator):  # noqa: F811
    report = compile_report(world, coordinator, formats=("xlsx",))
    for lang, (sheet, headings, outstanding, missing) in HEADINGS.items():
        book = workbook(report, lang)
        assert [c.value for c in next(book[sheet].iter_rows())] == headings
        states = [row[4].value for row in book[outstanding].iter_rows(min_row=2)]
        assert missing in states, states
