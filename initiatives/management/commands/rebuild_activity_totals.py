"""Rewrite the approved activity totals (``initiatives.totals``) from the activities.

The writes keep them right; this is for data written past the models (a restore, a bulk
load by hand). ``--check`` compares the kept rows with a recount, writes nothing, and
fails when they differ.
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives import totals


class Command(BaseCommand):
    help = "Rewrite the approved activity totals (the home page's key figures) from the activities."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="only compare the kept totals with a recount")

    def handle(self, *args, check: bool = False, **options) -> None:
        if check:
            kept, recounted = totals.kept(), totals.recount()
            wrong = sorted(k for k in kept.keys() | recounted.keys()
                           if kept.get(k) != recounted.get(k))
            if wrong:
                raise CommandError(
                    f"{len(wrong)} approved updates have wrong totals, e.g. "
                    f"(initiative, period) {wrong[:5]}; run without --check to rewrite them.")
            self.stdout.write(f"{len(kept)} approved activity totals match a recount.")
            return
        rows = totals.rebuild()
        self.stdout.write(f"{rows} approved activity totals rewritten.")
