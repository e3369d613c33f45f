from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from stamps.domain import csv_lines
from stamps.models import StampBatch

from ._common import acting_user


class Command(BaseCommand):
    help = "Write a batch's stamps as CSV for a commercial printer (revoked stamps left out), to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("--batch", required=True, help="the batch code")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--as", dest="username", help="act as this user (default: the first administrator)")

    def handle(self, *args, **options):
        user = acting_user(options["username"])
        batch = StampBatch.objects.select_related("product__producer").filter(code=options["batch"]).first()
        if batch is None:
            raise CommandError(f"no batch {options['batch']!r}")
        try:
            lines = csv_lines(batch=batch, by=user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied:
            raise CommandError(f"{user.username} may not export batch {batch.code}") from None
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                rows = sum(1 for line in lines if out.write(line))
            self.stderr.write(f"batch {batch.code}: {rows - 1} stamps written to {options['output']}")
        else:
            for line in lines:
                self.stdout.write(line, ending="")
