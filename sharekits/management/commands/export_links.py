from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Ambassador, StoryPage
from sharekits.kits.exports import csv_lines, link_rows


class Command(BaseCommand):
    help = (
        "Print a story's personal links as CSV (ambassador, email, network, short_link) with "
        "their clicks: people, repeats, suspects, bots and previews."
    )

    def add_arguments(self, parser):
        parser.add_argument("story_slug")
        parser.add_argument("--ambassador", metavar="EMAIL", help="Only this ambassador's links.")

    def handle(self, *args, story_slug: str, ambassador: str | None = None, **options):
        story = StoryPage.objects.filter(slug=story_slug).first()
        if story is None:
            raise CommandError(f"No story with the slug “{story_slug}”.")
        person = None
        if ambassador:
            person = Ambassador.objects.filter(email__iexact=ambassador.strip()).first()
            if person is None:
                raise CommandError(f"No ambassador with the email “{ambassador}”.")
        if not hasattr(story, "share_kit"):
            raise CommandError("This story has no share kit yet: publish it first.")
        for line in csv_lines(link_rows(story=story, ambassador=person)):
            self.stdout.write(line, ending="")
