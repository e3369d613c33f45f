from .context import request_context


class AuditContextMiddleware:
    """Remember where the current request comes from, so audit entries can say "from where"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        ):
            return self.get_response(request)
