from django.core.management.base import BaseCommand, CommandError

from sharekits.clicks.drain import LOCK_WAIT, drain_clicks


class Command(BaseCommand):
    help = (
        "Apply every captured click to the tallies now, and print what was applied. "
        "Exits with an error, saying why, when clicks may still be waiting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-seconds", type=float, default=300.0)
        parser.add_argument(
            "--lock-wait",
            type=float,
            default=LOCK_WAIT,
            help="Seconds to wait for a drain already running to finish.",
        )

    def handle(self, *args, max_seconds: float, lock_wait: float, **options):
        report = drain_clicks(max_seconds=max_seconds, lock_wait=lock_wait)
        self.stdout.write(f"Applied {report.applied} clicks: {report}")
        problem = report.problem()
        if problem:
            raise CommandError(f"clicks may still be waiting: {problem}")
