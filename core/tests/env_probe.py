"""A WSGI app that answers the value of one environment variable: run by the project's gunicorn config in
test_deployment.py, to see which settings a reload gives the new workers."""

import os


def app(environ, start_response):
    body = os.environ.get("OCOP_PROBE", "(unset)").encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
