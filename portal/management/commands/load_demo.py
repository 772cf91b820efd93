"""``python manage.py load_demo``: load the demo data (idempotent) and list the demo accounts."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "Load the bilingual demo data: the seeds' plans, organisations and the imPACT "
        "initiative, more demo initiatives with activities and updates, and demo accounts. "
        "Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even with DEBUG off (a throwaway staging copy, never production).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            # The demo creates an administrator whose password is in the README.
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their password is public. "
                "Use DEBUG=1, or --allow-without-debug on a throwaway copy."
            )
        started = time.monotonic()
        result = demo_load()
        elapsed = time.monotonic() - started

        self.stdout.write(f"Demo data loaded in {elapsed:.1f} s.")
        if not result["created"] and not result["updated"]:
            self.stdout.write("Nothing to change: the demo data was already up to date.")
        for label, counts in result["models"].items():
            self.stdout.write(
                f"  {label:<32} {counts['created']:>5} created {counts['updated']:>5} updated"
            )
        figures = result["key_figures"]
        self.stdout.write(
            "Key figures: {initiatives} public initiatives, {partners} partners, "
            "{activities} approved activities, {participants} participants.".format(**figures)
        )
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password: {result['password']}):")
        width = max(len(email) for email, _ in result["accounts"])
        for email, role in result["accounts"]:
            self.stdout.write(f"  {email:<{width}}  {role}")
