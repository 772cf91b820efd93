"""``python manage.py run_schedule``: run Celery beat's periodic jobs in the embedded set-up.

``make run`` starts it beside the dev server and stops it with it. ``--now NAME`` (the name
of an entry of ``CELERY_BEAT_SCHEDULE``, e.g. ``send-update-reminders``) runs one job at
once and exits; ``--list`` lists the entries.
"""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.embedded_schedule import Scheduler, run_task


class Command(BaseCommand):
    help = "Run the periodic jobs of Celery beat in this process (the embedded set-up)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", metavar="NAME", help="Run this job once, now, and exit.")
        parser.add_argument("--list", action="store_true", help="List the jobs and exit.")

    def handle(self, *args, **options) -> None:
        schedule = settings.CELERY_BEAT_SCHEDULE
        if options["list"]:
            for name, spec in schedule.items():
                self.stdout.write(f"{name}: {spec['task']} ({spec['schedule']})")
            return
        if options["now"]:
            spec = schedule.get(options["now"])
            if spec is None:
                raise CommandError(
                    f"No job named {options['now']!r}; one of: {', '.join(schedule)}")
            result = run_task(spec["task"])
            self.stdout.write(f"{options['now']}: {result}")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write("Running the periodic jobs of the beat schedule (Ctrl-C stops).")
        Scheduler().run(stop)
