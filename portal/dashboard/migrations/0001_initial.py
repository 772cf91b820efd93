# Moved from the ``portal`` app with its table (``Meta.db_table``): Django's state learns
# the model here, the database is not touched (portal/migrations/0007 forgets it there).
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0006_standings_by_indicator'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='IndicatorStanding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('indicator_id', models.PositiveIntegerField()),
                    ('period_id', models.PositiveIntegerField()),
                    ('points', models.PositiveIntegerField()),
                    ('not_reported', models.PositiveIntegerField()),
                    ('withheld', models.PositiveIntegerField()),
                    ('total', models.DecimalField(decimal_places=2, max_digits=18)),
                    ('numerators', models.BigIntegerField(null=True)),
                    ('denominators', models.BigIntegerField(null=True)),
                    ('first', models.JSONField(null=True)),
                    ('recent', models.JSONField(default=list)),
                ],
                options={
                    'db_table': 'portal_indicatorstanding',
                    'constraints': [models.UniqueConstraint(fields=('indicator_id', 'period_id'), name='standing_once_per_period')],
                },
            ),
        ]),
    ]
