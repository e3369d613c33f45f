"""`manage.py signing_test_ca`: the local test certificate authority and its keys, so a fresh machine signs and
checks documents (`make run`, the demo seed). Idempotent: what exists and is still valid is kept, what is
missing (a deleted file, a token) is made again. Does nothing when real keys are configured and refuses unless
settings.SIGNING_TEST_CA (by default: DEBUG): test keys never sign anything in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from areas.models import Area
from signing.models import SigningSetup
from signing.provisioning import use_test_keys
from signing.testca import TOKEN_PIN


class Command(BaseCommand):
    help = "Create the local test CA and configure its keys for the provinces that have none (demo, tests)."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", default=[], help="province code (repeatable); default all")
        parser.add_argument("--no-tokens", action="store_true", help="no SoftHSM2 tokens: PKCS#12 keys only")

    def handle(self, *args, **options):
        if not settings.SIGNING_TEST_CA:
            raise CommandError("signing_test_ca is for development and demos: SIGNING_TEST_CA is off.")
        if SigningSetup.objects.filter(is_test=False).exists():
            self.stdout.write("signing: real keys are configured; the test CA is not used")
            return
        provinces = Area.objects.current().filter(level=Area.Level.PROVINCE).order_by("code")
        if options["province"]:
            provinces = provinces.filter(code__in=options["province"])
            unknown = set(options["province"]) - set(provinces.values_list("code", flat=True))
            if unknown:
                raise CommandError(f"no such province: {', '.join(sorted(unknown))}")
        made = use_test_keys(
            provinces=[None, *provinces], modules=settings.SIGNING_PKCS11_MODULES, tokens=not options["no_tokens"]
        )
        if options["verbosity"] > 0:
            self.stdout.write(
                f"signing: test CA in {settings.SIGNING_DIR}; {len(made)} test keys configured"
                f" ({SigningSetup.objects.count()} in all); officials' token PIN {TOKEN_PIN}"
            )
