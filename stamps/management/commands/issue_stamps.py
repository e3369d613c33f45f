import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from products.models import Product
from stamps.domain import issue_batch, order_batch, resume_batch
from stamps.models import StampBatch

from ._common import acting_user, day

ORDER_OPTIONS = ("product", "quantity", "lot", "production_date", "expiry_date")


class Command(BaseCommand):
    help = (
        "Order and issue a batch of stamps at once (no background job), through the same rules as the order "
        "page: the product needs a certificate in force. Prints the batch code and the time taken. "
        "With --resume CODE instead, issue a batch whose job died (stalled) at once, as its page's "
        "'resume' button does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--product", help="official product code (01-10030-1-2026) or its code")
        parser.add_argument("--quantity", type=int)
        parser.add_argument("--lot")
        parser.add_argument("--production-date", type=day, help="dd/mm/yyyy")
        parser.add_argument("--expiry-date", type=day, help="dd/mm/yyyy")
        parser.add_argument("--resume", metavar="BATCH", help="code of a stalled batch to issue now")
        parser.add_argument("--as", dest="username", help="act as this user (default: the first administrator)")

    def handle(self, *args, **options):
        if options["resume"]:
            return self.resume(options["resume"].strip(), acting_user(options["username"]))
        if missing := [name for name in ORDER_OPTIONS if options[name] is None]:
            names = ", ".join("--" + name.replace("_", "-") for name in missing)
            raise CommandError(f"give {names} to order a batch, or --resume BATCH")
        user = acting_user(options["username"])
        code = options["product"].strip()
        product = Product.objects.select_related("producer").filter(Q(official_code=code) | Q(code=code)).first()
        if product is None:
            raise CommandError(f"no product with code {code!r}")
        started = time.monotonic()
        try:
            batch = order_batch(
                product=product,
                quantity=options["quantity"],
                lot=options["lot"],
                production_date=options["production_date"],
                expiry_date=options["expiry_date"],
                by=user,
                run_in_background=False,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied:
            raise CommandError(f"{user.username} may not order stamps for {product.official_code}") from None
        self.issue(batch, started, "issued")

    def resume(self, code: str, user) -> None:
        batch = StampBatch.objects.select_related("product__producer").filter(code=code).first()
        if batch is None:
            raise CommandError(f"no batch with code {code!r}")
        started = time.monotonic()
        try:
            batch = resume_batch(batch=batch, by=user, run_in_background=False)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied:
            raise CommandError(f"{user.username} may not manage batch {batch.code}") from None
        self.issue(batch, started, "resumed and issued")

    def issue(self, batch: StampBatch, started: float, done: str) -> None:
        batch = issue_batch(batch_id=batch.pk)
        seconds = time.monotonic() - started
        if batch.status != StampBatch.Status.ISSUED:
            raise CommandError(f"batch {batch.code} failed: {batch.error}")
        self.stdout.write(
            f"batch {batch.code}: {batch.quantity} stamps for {batch.product.official_code} lot {batch.lot}, "
            f"{done} in {seconds:.1f} s ({batch.quantity / seconds:,.0f} stamps/s)"
        )
