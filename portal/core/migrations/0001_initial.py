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
                name='OutboundEmail',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('to', models.EmailField(max_length=254, verbose_name='to')),
                    ('subject', models.CharField(max_length=300, verbose_name='subject')),
                    ('body', models.TextField(verbose_name='body')),
                    ('html', models.TextField(blank=True, verbose_name='HTML body')),
                    ('headers', models.JSONField(blank=True, default=dict, verbose_name='extra headers')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                    ('claimed_until', models.DateTimeField(blank=True, null=True, verbose_name='claimed until')),
                    ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                    ('last_error', models.CharField(blank=True, max_length=500, verbose_name='last error')),
                ],
                options={
                    'verbose_name': 'outgoing email',
                    'verbose_name_plural': 'outgoing emails',
                    'db_table': 'portal_outboundemail',
                    'ordering': ['-created_at'],
                    'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['created_at'], name='outbound_email_pending')],
                },
            ),
        ]),
    ]
