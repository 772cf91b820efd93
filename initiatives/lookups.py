"""``field__in_array=values``: membership in a list sent to the database as one array.

``field__in=[...]`` writes one placeholder per value, and Django prepares each of them
every time the query is compiled: a thousand ids in the eight queries of a dashboard page
cost more to write than the database takes to answer. On PostgreSQL this lookup sends the
list as a single array parameter (``field = ANY(%s)``, which the planner treats as it
treats ``IN``); elsewhere it is ``field IN (...)``. :func:`in_array_sql` writes the same
condition into raw SQL.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


def in_array_sql(column: str, values: list, connection) -> tuple[str, list]:
    """``column`` among ``values`` (database values, not empty), and its parameters."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


class InArray(In):
    """``field__in_array=[...]`` (a list, like ``__in``'s). On SQLite each value is still a
    parameter, within its limit of 32,766 (a city has a few thousand indicators)."""

    lookup_name = "in_array"

    def get_prep_lookup(self):
        if self.rhs_is_direct_value():
            values = [value for value in dict.fromkeys(self.rhs) if value is not None]
            if all(type(value) is int for value in values):
                return values  # ids: nothing to prepare, one by one or otherwise
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not all(type(value) is int for value in values):
            field = self.lhs.output_field
            values = [field.get_db_prep_value(value, connection, prepared=True)
                      for value in dict.fromkeys(values) if value is not None]
        if not values:
            raise EmptyResultSet
        sql, params = in_array_sql(lhs, values, connection)
        return sql, (*lhs_params, *params)

Field.register_lookup(InArray)
# A relation's lookups are its own, not those of every field: ``initiative_id__in_array``.
ForeignObject.register_lookup(InArray)
