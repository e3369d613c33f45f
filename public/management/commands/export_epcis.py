"""Write a stamp batch's EPCIS 2.0 JSON-LD document (commissioning and checks) to a file or to stdout.

manage.py export_epcis --batch CODE [--output epcis.jsonld]
"""

from django.core.management.base import BaseCommand, CommandError

from stamps import epcis
from stamps.models import StampBatch


class Command(BaseCommand):
    help = "Export a stamp batch's commissioning and scan events as GS1 EPCIS 2.0 JSON-LD."

    def add_arguments(self, parser):
        parser.add_argument("--batch", required=True, help="the batch's code")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, batch: str, output: str | None, **options):
        found = StampBatch.objects.select_related("product").filter(code=batch.strip().upper()).first()
        if found is None:
            raise CommandError(f"No stamp batch with code {batch}.")
        if output:
            with open(output, "w", encoding="utf-8") as file:
                for piece in epcis.iter_document(found):
                    file.write(piece)
            self.stderr.write(f"Wrote {output}.")
        else:
            for piece in epcis.iter_document(found):
                self.stdout.write(piece, ending="")
