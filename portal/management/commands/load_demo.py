from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD
from portal.demo import load_all


class Command(BaseCommand):
    help = "Load the demo data (bases, measures and figures from the domain brief). Safe to run twice."

    def handle(self, *args, **options):
        lines = load_all()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for line in lines:
            self.stdout.write(f"  {line}")
