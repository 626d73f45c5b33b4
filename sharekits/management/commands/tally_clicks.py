from django.core.management.base import BaseCommand

from sharekits.clicks.drain import drain_clicks


class Command(BaseCommand):
    help = "Apply every captured click to the tallies now, and print what was applied."

    def add_arguments(self, parser):
        parser.add_argument("--max-seconds", type=float, default=300.0)

    def handle(self, *args, max_seconds: float, **options):
        report = drain_clicks(max_seconds=max_seconds)
        self.stdout.write(f"Applied {report.applied} clicks: {report}")
