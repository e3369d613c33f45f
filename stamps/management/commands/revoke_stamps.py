from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from stamps.domain import revoke_batch, revoke_stamps
from stamps.models import RevokeReason, StampBatch

from ._common import acting_user


class Command(BaseCommand):
    help = "Revoke stamps (by serial) or a whole batch (by its code): lost, stolen or misprinted."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--serial", nargs="+", help="one or more serials, with or without hyphens")
        target.add_argument("--batch", help="the batch code")
        parser.add_argument("--reason", required=True, choices=RevokeReason.values)
        parser.add_argument("--as", dest="username", help="act as this user (default: the first administrator)")

    def handle(self, *args, **options):
        user = acting_user(options["username"])
        try:
            if options["batch"]:
                batch = StampBatch.objects.select_related("product__producer").filter(code=options["batch"]).first()
                if batch is None:
                    raise CommandError(f"no batch {options['batch']!r}")
                revoke_batch(batch=batch, reason=options["reason"], by=user)
                self.stdout.write(f"batch {batch.code} revoked ({batch.quantity} stamps): {options['reason']}")
            else:
                count = revoke_stamps(serials=options["serial"], reason=options["reason"], by=user)
                self.stdout.write(f"{count} stamps revoked: {options['reason']}")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied:
            raise CommandError(f"{user.username} may not revoke these stamps") from None
