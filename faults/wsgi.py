"""The project's WSGI application with the pause of `faults.pausing` installed, for gunicorn in the fault tests."""

from faults import pausing
from ocop.wsgi import application

pausing.install()

__all__ = ["application"]
