import secrets

# Crockford's base32: no I, L, O or U, so a code can be read aloud and typed without confusion.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int = 10) -> str:
    """An opaque public identifier: `length` Crockford base32 characters from a cryptographic generator."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(length))
