from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent folding for the public search (portal/search/) on PostgreSQL: the API app owns
    the database side of "open to other systems". A no-op on SQLite."""

    initial = True
    dependencies: list = []
    operations = [UnaccentExtension()]
