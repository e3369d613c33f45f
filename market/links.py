"""The one check of a marketplace listing's address: https, a real public host name, no credentials, and not a
URL shortener or a tracking redirect (the refused hosts are data, in `refused_hosts.txt`)."""

import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFUSED_HOSTS_FILE = Path(__file__).with_name("refused_hosts.txt")
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TOP_LEVEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


@lru_cache(maxsize=1)
def refused_hosts() -> frozenset[str]:
    lines = REFUSED_HOSTS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _refused(host: str) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in refused_hosts() for i in range(len(parts) - 1))


def check_listing_url(url: str) -> str:
    """`url`, trimmed, when it may be shown as a listing; raises ValidationError (in the user's language) when it
    is not https, names no real host (an IP address, a single label, a made-up top level), carries a user name
    or password, or points at a refused host."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Đường dẫn không hợp lệ."), code="listing_url") from None
    if parts.scheme.lower() != "https":
        raise ValidationError(_("Đường dẫn phải bắt đầu bằng https://."), code="listing_https")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(_("Đường dẫn không được chứa tên đăng nhập hay mật khẩu."), code="listing_credentials")
    host = (parts.hostname or "").rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        raise ValidationError(_("Hãy dùng tên miền của gian hàng, không dùng địa chỉ IP."), code="listing_host")
    labels = host.split(".")
    if (
        len(labels) < 2
        or not all(LABEL.match(label) for label in labels)
        or not TOP_LEVEL.match(labels[-1])
        or port not in (None, 443)
    ):
        raise ValidationError(_("Đường dẫn không có tên miền hợp lệ."), code="listing_host")
    if _refused(host):
        raise ValidationError(
            _("Không dùng đường dẫn rút gọn hay chuyển hướng (%(host)s): hãy dán đường dẫn trực tiếp đến gian hàng."),
            code="listing_redirect",
            params={"host": host},
        )
    return url
