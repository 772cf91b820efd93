# Moved from the ``portal`` app with its table (``Meta.db_table``): Django's state learns
# the model here, the database is not touched (portal/migrations/0007 forgets it there).
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0006_standings_by_indicator'),
        ('priorities', '0004_text_within_bounds'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Subscription',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('email', models.EmailField(max_length=254, verbose_name='email address')),
                    ('language', models.CharField(choices=[('fr', 'French'), ('en', 'English')], max_length=2, verbose_name='preferred language')),
                    ('all_topics', models.BooleanField(default=False, verbose_name='all topics')),
                    ('status', models.CharField(choices=[('pending', 'Waiting for confirmation'), ('confirmed', 'Confirmed'), ('unsubscribed', 'Unsubscribed')], default='pending', max_length=12, verbose_name='status')),
                    ('key', models.CharField(editable=False, max_length=40, unique=True, verbose_name='link key')),
                    ('signed_up_at', models.DateTimeField(verbose_name='signed up at')),
                    ('source_url', models.CharField(max_length=300, verbose_name='sign-up form')),
                    ('signup_ip_hash', models.CharField(help_text='Not the address itself: a keyed hash that can only confirm a given address.', max_length=64, verbose_name='sign-up IP address (keyed hash)')),
                    ('consent_text', models.TextField(verbose_name='consent wording shown')),
                    ('consent_language', models.CharField(choices=[('fr', 'French'), ('en', 'English')], max_length=2, verbose_name='language of the wording')),
                    ('consent_version', models.CharField(max_length=20, verbose_name='version of the wording')),
                    ('topics_chosen', models.TextField(verbose_name='topics chosen, as shown')),
                    ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                    ('confirmation_ip_hash', models.CharField(blank=True, max_length=64, verbose_name='confirmation IP address (keyed hash)')),
                    ('unsubscribed_at', models.DateTimeField(blank=True, null=True, verbose_name='unsubscribed at')),
                    ('unsubscribe_method', models.CharField(blank=True, choices=[('page', 'Unsubscribe page'), ('one_click', 'One-click unsubscribe from the email program')], max_length=10, verbose_name='unsubscribed by')),
                    ('topics', models.ManyToManyField(blank=True, related_name='+', to='priorities.priorityarea', verbose_name='topics')),
                ],
                options={
                    'verbose_name': 'mailing-list subscription',
                    'verbose_name_plural': 'mailing-list subscriptions',
                    'db_table': 'portal_subscription',
                    'ordering': ['-signed_up_at'],
                    'indexes': [models.Index(fields=['status', 'signed_up_at'], name='mailing_status_signed_up')],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('unsubscribed_at__isnull', True)), fields=('email',), name='mailing_one_active_subscription_per_address'), models.CheckConstraint(condition=models.Q(models.Q(('confirmed_at__isnull', True), ('status', 'pending'), ('unsubscribed_at__isnull', True)), models.Q(('confirmed_at__isnull', False), ('status', 'confirmed'), ('unsubscribed_at__isnull', True)), models.Q(('status', 'unsubscribed'), ('unsubscribed_at__isnull', False)), _connector='OR'), name='mailing_status_matches_its_dates')],
                },
            ),
        ]),
    ]
