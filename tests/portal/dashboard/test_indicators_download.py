"""The dashboard's indicators download reads rows, not model instances
(``selectors.table_lines``): on generated indicators, in both languages (a missing French
name falling back to the English one), its rows are those the model-by-model build gave,
on SQLite (the Python rule) as on PostgreSQL (the status from the database), and its CSV,
written as the rows are read, is the reference table's file byte for byte."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.core.spreadsheets import Table, as_csv
from portal.dashboard import exports

from .test_status_sql import (  # noqa: F401 (lead and periods: fixtures)
    _make,
    _overview,
    _reference_table,
    figures,
    lead,
    periods,
)

pytestmark = pytest.mark.django_db


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_indicators_download_has_the_rows_of_the_model_by_model_build(
    data, lead, periods  # noqa: F811
):
    cases = data.draw(st.lists(figures(len(periods)), min_size=1, max_size=4))
    untranslated, formula = data.draw(st.booleans()), data.draw(st.booleans())
    with transaction.atomic():
        indicators = [_make(lead, periods, case) for case in cases]
        if untranslated:
            indicators[0].name_fr = ""
            indicators[0].save(update_fields=["name_fr"])
        if formula:
            # Text a spreadsheet would run: the file neutralises it, as every table's.
            indicators[-1].name_en, indicators[-1].name_fr = "=SUM(A1:A9)", "@cmd"
            indicators[-1].save(update_fields=["name_en", "name_fr"])
        initiatives = [i.initiative for i in indicators]
        for lang in ("en", "fr"):
            with translation.override(lang):
                overview = _overview(initiatives, periods)
                table = exports.indicators_table(overview)
                assert table.rows == _reference_table(overview), lang
                if untranslated and not (formula and len(indicators) == 1):
                    assert table.rows[0][3] == indicators[0].name_en
                # The CSV is written as its rows are read: the bytes of the reference
                # table's file.
                reference = Table("indicators", "", table.headers, _reference_table(overview))
                assert (exports.indicators_csv(overview, "f").content
                        == as_csv(reference, "f").content), lang
        transaction.set_rollback(True)
