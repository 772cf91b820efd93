# Moved from the ``portal`` app with its table (``Meta.db_table``): Django's state learns
# the model here, the database is not touched (portal/migrations/0007 forgets it there).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0006_standings_by_indicator'),
        ('initiatives', '0014_import_heartbeat'),
        ('partners', '0009_text_within_bounds'),
        ('priorities', '0004_text_within_bounds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ProgressReport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('scope', models.CharField(choices=[('plan', 'Plan'), ('priority_area', 'Priority area'), ('initiative', 'Initiative'), ('organisation', 'Organisation')], max_length=20, verbose_name='scope')),
                    ('language', models.CharField(choices=[('fr', 'French'), ('en', 'English'), ('both', 'One file per language')], max_length=4, verbose_name='language')),
                    ('audience', models.CharField(choices=[('internal', 'Internal: figures as approved, small numbers included'), ('public', 'Public: small numbers suppressed')], default='internal', max_length=8, verbose_name='audience')),
                    ('want_pdf', models.BooleanField(default=True, verbose_name='PDF')),
                    ('want_spreadsheet', models.BooleanField(default=True, verbose_name='spreadsheet')),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                    ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                    ('step', models.CharField(blank=True, max_length=20, verbose_name='step')),
                    ('attempts', models.PositiveSmallIntegerField(default=0, help_text='How many times a worker started compiling it.', verbose_name='attempts')),
                    ('error_code', models.CharField(blank=True, max_length=20, verbose_name='reason of the failure')),
                    ('error', models.TextField(blank=True, help_text='Technical detail, for the logs.', verbose_name='error')),
                    ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                    ('snapshot', models.JSONField(blank=True, null=True, verbose_name='snapshot of the figures')),
                    ('snapshot_sha256', models.CharField(blank=True, max_length=64, verbose_name='checksum of the snapshot')),
                    ('data_as_of', models.DateTimeField(blank=True, null=True, verbose_name='data as of')),
                    ('schedule_key', models.CharField(blank=True, max_length=100, null=True, unique=True, verbose_name='schedule key')),
                    ('notified_at', models.DateTimeField(blank=True, null=True, verbose_name='requester told')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                    ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('initiative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='initiatives.initiative', verbose_name='initiative')),
                    ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partners.organisation', verbose_name='organisation')),
                    ('periods', models.ManyToManyField(related_name='+', to='initiatives.reportingperiod', verbose_name='reporting periods')),
                    ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='priorities.plan', verbose_name='plan')),
                    ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reports.progressreport', verbose_name='previous version')),
                    ('priority_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='priorities.priorityarea', verbose_name='priority area')),
                    ('requested_by', models.ForeignKey(blank=True, help_text='Empty when the schedule requested it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ],
                options={
                    'verbose_name': 'progress report',
                    'verbose_name_plural': 'progress reports',
                    'db_table': 'portal_progressreport',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='Reminder',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('stage', models.CharField(choices=[('due_soon', 'Due within 7 days'), ('overdue', 'Overdue')], max_length=10, verbose_name='stage')),
                    ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                    ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='initiatives.initiative', verbose_name='initiative')),
                    ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='initiatives.reportingperiod', verbose_name='reporting period')),
                    ('recipients', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent to')),
                ],
                options={
                    'verbose_name': 'reminder',
                    'verbose_name_plural': 'reminders',
                    'db_table': 'portal_reminder',
                    'ordering': ['-sent_at'],
                },
            ),
            migrations.CreateModel(
                name='ReportFile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('language', models.CharField(choices=[('fr', 'French'), ('en', 'English')], max_length=2, verbose_name='language')),
                    ('kind', models.CharField(choices=[('pdf', 'PDF'), ('xlsx', 'Spreadsheet (XLSX)')], max_length=4, verbose_name='format')),
                    ('file', models.FileField(upload_to='reports/%Y/%m/', verbose_name='file')),
                    ('name', models.CharField(max_length=150, verbose_name='file name')),
                    ('sha256', models.CharField(max_length=64, verbose_name='checksum')),
                    ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                    ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='reports.progressreport', verbose_name='report')),
                ],
                options={
                    'verbose_name': 'report file',
                    'verbose_name_plural': 'report files',
                    'db_table': 'portal_reportfile',
                    'ordering': ['language', 'kind'],
                },
            ),
            migrations.AddConstraint(
                model_name='progressreport',
                constraint=models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='report_progress_at_most_100'),
            ),
            migrations.AddConstraint(
                model_name='progressreport',
                constraint=models.CheckConstraint(condition=models.Q(('want_pdf', True), ('want_spreadsheet', True), _connector='OR'), name='report_has_a_format'),
            ),
            migrations.AddConstraint(
                model_name='progressreport',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('initiative__isnull', True), ('organisation__isnull', True), ('plan__isnull', False), ('priority_area__isnull', True), ('scope', 'plan')), models.Q(('initiative__isnull', True), ('organisation__isnull', True), ('plan__isnull', True), ('priority_area__isnull', False), ('scope', 'priority_area')), models.Q(('initiative__isnull', False), ('organisation__isnull', True), ('plan__isnull', True), ('priority_area__isnull', True), ('scope', 'initiative')), models.Q(('initiative__isnull', True), ('organisation__isnull', False), ('plan__isnull', True), ('priority_area__isnull', True), ('scope', 'organisation')), _connector='OR'), name='report_scope_matches_its_object'),
            ),
            migrations.AddConstraint(
                model_name='reminder',
                constraint=models.UniqueConstraint(fields=('initiative', 'period', 'stage'), name='reminder_once_per_stage'),
            ),
            migrations.AddConstraint(
                model_name='reportfile',
                constraint=models.UniqueConstraint(fields=('report', 'language', 'kind'), name='report_file_once_per_language_kind'),
            ),
        ]),
    ]
