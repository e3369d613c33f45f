"""The project's WSGI application with the pause of `faults.pausing` installed, for gunicorn in the fault tests."""

from ocop.wsgi import application
from faults import pausing

pausing.install()

__all__ = ["application"]
