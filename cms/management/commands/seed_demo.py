from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load demo content for a fictional territory (idempotent; refused in production)."

    def handle(self, *args, **options):
        if getattr(settings, "RELAIS_PRODUCTION", False):
            raise CommandError("seed_demo refuses to run with production settings.")
        report = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {report.campaigns} campaigns, {report.stories} stories, "
                f"{report.ambassadors} ambassadors in {report.groups} groups."
            )
        )
        self.stdout.write("Demo logins for /admin/:")
        for username, password, role in report.logins:
            self.stdout.write(f"  {username} / {password}  ({role})")
