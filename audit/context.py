import contextlib
import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""


_NOWHERE = Origin()
_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("audit_origin", default=None)


@contextlib.contextmanager
def request_context(*, ip_address: str | None, user_agent: str):
    token = _origin.set(Origin(ip_address=ip_address, user_agent=user_agent))
    try:
        yield
    finally:
        _origin.reset(token)


def current_origin() -> Origin:
    return _origin.get() or _NOWHERE
