"""GIN indexes for the public search (portal/search/) on PostgreSQL; a no-op on SQLite.

``unaccent()`` is not IMMUTABLE, so an index cannot hold ``to_tsvector(unaccent(...))``.
Instead two text search configurations fold accents themselves (the PostgreSQL manual's
recipe: the ``unaccent`` dictionary before the stemmer): ``portal_french`` and
``portal_english``. ``to_tsvector(regconfig, text)`` is IMMUTABLE, so each searched table gets
one expression index per language over its weighted vector, written exactly as
``portal.search.selectors.vector_sql`` writes it (the test
``test_the_plan_uses_the_gin_indexes`` fails when they drift apart). ``ts_headline`` with the
same configurations highlights accented words in the original text.
"""

from django.db import migrations

CONFIGS = {"fr": ("portal_french", "french"), "en": ("portal_english", "english")}

# table: [(column without language, weight)], as portal.search.selectors.SOURCES.
TABLES = {
    "priorities_plan": [("title", "A"), ("summary", "B"), ("vision", "B"), ("mission", "B")],
    "priorities_priorityarea": [("title", "A"), ("summary", "B"), ("body", "C")],
    "initiatives_initiative": [("title", "A"), ("summary", "B"), ("description", "C")],
    "partners_organisation": [("name", "A"), ("acronym", "A"), ("description", "C")],
    "initiatives_event": [("title", "A"), ("summary", "B"), ("body", "C")],
}


def _vector(fields, lang):
    config = CONFIGS[lang][0]
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE({name}_{lang}, '')), '{weight}')"
        for name, weight in fields)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for lang, (config, base) in CONFIGS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {base})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
            f"asciiword, asciihword, hword_asciipart, hword, hword_part, word "
            f"WITH unaccent, {base}_stem")
    for table, fields in TABLES.items():
        for lang in CONFIGS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_{lang} ON {table} "
                f"USING gin (({_vector(fields, lang)}))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for lang in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_{lang}")
    for config, _base in CONFIGS.values():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_initial"),
        ("initiatives", "0015_approved_activity_totals"),
        ("partners", "0009_text_within_bounds"),
        ("priorities", "0004_text_within_bounds"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
