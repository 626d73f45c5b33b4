from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Ambassador
from cms.portal.auth import login_link


class Command(BaseCommand):
    help = "Print a one-time portal login link for an ambassador (for support staff)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        ambassador = Ambassador.objects.active().filter(email__iexact=email.strip()).first()
        if ambassador is None:
            raise CommandError(f"No active ambassador with the email “{email}”.")
        self.stdout.write(login_link(ambassador=ambassador))
