"""``field__in_array``: the rows ``field__in`` gives, the list sent as one parameter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from partners.models import Organisation
from tests import factories
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiatives():
    return [factories.InitiativeFactory() for _ in range(4)]


def test_it_selects_what_in_selects(initiatives):
    chosen = [initiatives[0].pk, initiatives[2].pk, initiatives[2].pk, None, 999_999]
    assert set(Initiative.objects.filter(pk__in_array=chosen)) == set(
        Initiative.objects.filter(pk__in=chosen)) == {initiatives[0], initiatives[2]}
    # Through a relation's column, and for values that are not ids.
    leads = [initiatives[1].lead_id]
    assert list(Initiative.objects.filter(lead_id__in_array=leads)) == [initiatives[1]]
    assert list(Initiative.objects.filter(lead__in_array=leads)) == [initiatives[1]]
    name = initiatives[3].lead.name
    assert list(Organisation.objects.filter(name__in_array=[name, "nobody"])) == [
        initiatives[3].lead]
    # Nothing chosen, nothing selected (and no query).
    with CaptureQueriesContext(connection) as queries:
        assert list(Initiative.objects.filter(pk__in_array=[])) == []
        assert list(Initiative.objects.filter(pk__in_array=[None])) == []
    assert not queries.captured_queries


def test_on_postgresql_the_list_is_one_array(initiatives):
    if connection.vendor != "postgresql":
        skip_or_fail("the array form is PostgreSQL's (DATABASE_URL=postgres://...)")
    ids = [i.pk for i in initiatives]
    sql, params = Initiative.objects.filter(pk__in_array=ids).query.sql_with_params()
    assert '"initiatives_initiative"."id" = ANY(%s)' in sql
    assert list(params) == [ids]
