"""Stored search vectors for the public search (portal/search/) on PostgreSQL; a no-op on
SQLite.

Until now each searched table had a GIN *expression* index over its weighted vector
(``0003_search_indexes``). The index finds the matching rows, but ranking them
(``ts_rank``) and telling which language matched needed the vectors themselves, which
PostgreSQL then rebuilt from the text of every matching row (``to_tsvector`` of the title,
the summary and the body, twice): about 10 ms of an 18 ms query for a common word at city
scale. Now each table keeps its two vectors in stored generated columns, ``search_fr`` and
``search_en`` (``GENERATED ALWAYS AS (…) STORED``: PostgreSQL computes them on every insert
and update, in the same statement, so they can never be stale), and the GIN indexes (same
names as before) are over those columns. The query reads the stored vectors.

The columns are not in Django's model state (SQLite has no ``tsvector``); Django never
selects nor writes them. The price, written in portal/search/README.md: PostgreSQL refuses
``ALTER COLUMN … TYPE`` on a column a generated column reads (``title_fr``, ``summary_en``…):
a migration changing a searched field's type or length must first drop the table's two
generated columns (``ALTER TABLE … DROP COLUMN search_fr``, ``search_en``; their indexes go
with them), change the field, then add the columns and indexes again as ``forwards`` does. ``portal/search/selectors.vector_expression`` writes the same expression;
``test_the_stored_vectors_are_the_searched_fields`` fails if they drift apart.

Reversible: backwards drops the columns and recreates the expression indexes of 0003.
"""

from django.db import migrations

CONFIGS = {"fr": "portal_french", "en": "portal_english"}

# table: [(column without language, weight)], as portal.search.selectors.SOURCES.
TABLES = {
    "priorities_plan": [("title", "A"), ("summary", "B"), ("vision", "B"), ("mission", "B")],
    "priorities_priorityarea": [("title", "A"), ("summary", "B"), ("body", "C")],
    "initiatives_initiative": [("title", "A"), ("summary", "B"), ("description", "C")],
    "partners_organisation": [("name", "A"), ("acronym", "A"), ("description", "C")],
    "initiatives_event": [("title", "A"), ("summary", "B"), ("body", "C")],
}


def _vector(fields, lang):
    config = CONFIGS[lang]
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE({name}_{lang}, '')), '{weight}')"
        for name, weight in fields)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fields in TABLES.items():
        for lang in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_{lang}")
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_{lang} tsvector "
                f"GENERATED ALWAYS AS ({_vector(fields, lang)}) STORED")
            schema_editor.execute(
                f"CREATE INDEX {table}_search_{lang} ON {table} USING gin (search_{lang})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fields in TABLES.items():
        for lang in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_{lang}")
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_{lang}")
            schema_editor.execute(
                f"CREATE INDEX {table}_search_{lang} ON {table} "
                f"USING gin (({_vector(fields, lang)}))")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_search_indexes"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
