from django.core.management.base import BaseCommand

from criteria.loading import load_classification


class Command(BaseCommand):
    help = "Load (or refresh) the OCOP legal versions and the product classification of QĐ 26/2026."

    def handle(self, *args, **options):
        self.stdout.write(f"criteria: {load_classification()} criteria sets loaded")
