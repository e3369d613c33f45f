"""Helpers shared by the certificate rules: numbering. (The people to tell are `producers.people`'s.)"""

from core.codes import random_code

from ..models import Certificate


def new_number(*, province_code: str, year: int) -> str:
    """An opaque, unique, readable certificate number: OCOP-<province code>-<year>-<6 Crockford base32>.
    The random part makes it unguessable, so it can be the certificate's public identifier."""
    while True:
        number = f"OCOP-{province_code}-{year}-{random_code(6)}"
        if not Certificate.objects.filter(number=number).exists():
            return number
