"""Which endpoints a webhook may post to. Only https, and only to public addresses: a subscription must not turn
the server into a way to reach its own network (SSRF). The address is checked when the subscription is made and
again at every send, and the connection goes to the very address checked (a name that later resolves elsewhere
changes nothing). WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS lifts both limits, for tests and the demo only."""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class RefusedEndpoint(ValidationError):
    pass


def _allowed_private() -> bool:
    return settings.WEBHOOKS_ALLOW_PRIVATE_ENDPOINTS


def check_url(url: str) -> str:
    """`url` if a webhook may post to it; RefusedEndpoint (a message for the user) otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (_allowed_private() and parts.scheme == "http"):
        raise RefusedEndpoint(_("Địa chỉ nhận phải dùng https://."), code="not_https")
    if not parts.hostname or parts.username or parts.password:
        raise RefusedEndpoint(_("Địa chỉ nhận không hợp lệ (thiếu tên máy chủ hoặc có tên đăng nhập)."), code="bad_url")
    address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    return url


def address(host: str, port: int) -> str:
    """The address `host` resolves to, refused when any of its addresses is not public (loopback, private,
    link-local, reserved…)."""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedEndpoint(
            _("Không tìm thấy máy chủ %(host)s."), code="unresolved", params={"host": host}
        ) from error
    if not _allowed_private():
        for found_address in found:
            if not ipaddress.ip_address(found_address.split("%")[0]).is_global:
                raise RefusedEndpoint(
                    _("Địa chỉ nhận trỏ tới mạng nội bộ (%(address)s): không được phép."),
                    code="private_address",
                    params={"address": found_address},
                )
    return sorted(found)[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, with the certificate verified for the host name."""

    def __init__(self, host: str, port: int, pinned: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.pinned = pinned

    def connect(self):
        sock = socket.create_connection((self.pinned, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST `body` to `url` (checked again), following no redirect; the response's status code."""
    check_url(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    pinned = address(parts.hostname, port)
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(parts.hostname, port, pinned, timeout)
    else:
        connection = http.client.HTTPConnection(pinned, port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers={"Host": parts.netloc.rsplit("@", 1)[-1], **headers})
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()
