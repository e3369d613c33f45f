"""gunicorn settings shared by every app server of scripts/prod; each server gets its address, pid file and logs
on the command line. A HUP to a server's master starts new workers with the new code and settings, then lets
the old ones finish what they were doing (graceful_timeout) before they stop: no request is refused."""

import os
import subprocess


def _settings_file(path: str) -> dict[str, str]:
    """The variables a settings file sets, read as scripts/prod reads it (`set -a; . FILE` in bash), in an
    otherwise empty environment so that only the file's own variables come back."""
    result = subprocess.run(  # noqa: S603 (bash reading our own settings file)
        ["/bin/bash", "-c", 'set -a; . "$0"; env -0', path],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = (entry.split("=", 1) for entry in result.stdout.split("\0") if "=" in entry)
    return {name: value for name, value in pairs if name not in ("PWD", "SHLVL", "_", "PATH")}


# The deployment's settings (scripts/prod passes OCOP_ENV_FILE, var/prod/env), read here because this file is read
# again at every HUP: a reload (`make prod-reload`) then starts its new workers with the file as it is now, a
# setting added, changed or removed. gunicorn sets them in the workers' environment (raw_env) and, at the next
# reload, takes back the ones it set before reading the file again. (The environment the master was started with
# stays as it was at its start: scripts/prod starts it without the file's variables.)
SETTINGS = _settings_file(os.environ["OCOP_ENV_FILE"]) if os.getenv("OCOP_ENV_FILE") else {}
raw_env = [f"{name}={value}" for name, value in sorted(SETTINGS.items())]

wsgi_app = "ocop.wsgi:application"
# Processes, not threads: each holds one persistent database connection (CONN_MAX_AGE).
workers = int(SETTINGS.get("WEB_CONCURRENCY") or os.getenv("WEB_CONCURRENCY", "2"))
timeout = 120  # an export or a stamp PDF can take a while; nginx waits as long (proxy_read_timeout)
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the upstream open
# A worker is replaced after this many requests (with jitter, not all at once), bounding any slow leak. 0: never
# (the soak, bench/soak, sets that for its run so that a leak shows instead of being recycled away).
max_requests = int(SETTINGS.get("GUNICORN_MAX_REQUESTS") or os.getenv("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The app servers listen on loopback behind nginx only: trust its X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s'
