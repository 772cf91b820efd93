# The features own their models now (core, reports, dashboard, mailing): this app forgets
# them, in Django's state only. No table is dropped, renamed or copied: each model keeps
# its table through ``Meta.db_table``. Their content types (and so their permissions and
# admin history) follow them to their new app.
from django.db import migrations

MOVED = {"outboundemail": "core", "progressreport": "reports", "reportfile": "reports",
         "reminder": "reports", "indicatorstanding": "dashboard", "subscription": "mailing"}


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label="portal", model=model).update(app_label=app_label)


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="portal")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0006_standings_by_indicator'),
        ('core', '0001_initial'),
        ('reports', '0001_initial'),
        ('dashboard', '0001_initial'),
        ('mailing', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(
                name='IndicatorStanding',
            ),
            migrations.DeleteModel(
                name='OutboundEmail',
            ),
            migrations.RemoveField(
                model_name='reportfile',
                name='report',
            ),
            migrations.RemoveField(
                model_name='reminder',
                name='initiative',
            ),
            migrations.RemoveField(
                model_name='reminder',
                name='period',
            ),
            migrations.RemoveField(
                model_name='reminder',
                name='recipients',
            ),
            migrations.RemoveField(
                model_name='subscription',
                name='topics',
            ),
            migrations.DeleteModel(
                name='ProgressReport',
            ),
            migrations.DeleteModel(
                name='ReportFile',
            ),
            migrations.DeleteModel(
                name='Reminder',
            ),
            migrations.DeleteModel(
                name='Subscription',
            ),
        ]),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
