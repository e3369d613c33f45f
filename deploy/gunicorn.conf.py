"""gunicorn settings shared by every app server of scripts/prod; each server gets its address, pid file and logs
on the command line. A HUP to a server's master starts new workers with the new code and settings, then lets
the old ones finish what they were doing (graceful_timeout) before they stop: no request is refused."""

import os

wsgi_app = "ocop.wsgi:application"
# Processes, not threads: each holds one persistent database connection (CONN_MAX_AGE).
workers = int(os.getenv("WEB_CONCURRENCY", "2"))
timeout = 120  # an export or a stamp PDF can take a while; nginx waits as long (proxy_read_timeout)
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the upstream open
# A worker is replaced after this many requests (with jitter, not all at once), bounding any slow leak.
max_requests = 5000
max_requests_jitter = 500
# The app servers listen on loopback behind nginx only: trust its X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s'
