from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent folding for full-text search on PostgreSQL (a no-op on SQLite)."""

    initial = True
    dependencies: list = []
    operations = [UnaccentExtension()]
