"""Opening the key a setup names: an agency's PKCS#12 file (password from the environment or a file under
settings.SIGNING_DIR) or an official's token through PKCS#11 (PIN typed at signing time). Every failure is a
SigningError with a message for the user."""

import contextlib
import datetime
import os
from collections.abc import Iterator
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .errors import SigningError
from .models import SigningSetup
from .trust import signing_dir

PASSWORD_ENV_PREFIX = "SIGNING_"  # noqa: S105 (a prefix, not a password)


def inside_signing_dir(relative: str) -> Path:
    """`relative` resolved under settings.SIGNING_DIR; a path that leaves it is refused."""
    base = signing_dir().resolve()
    path = (base / relative).resolve()
    if not relative or not path.is_relative_to(base):
        raise SigningError(_("Đường dẫn phải nằm trong thư mục khóa ký số của máy chủ."))
    return path


def _password(setup: SigningSetup) -> bytes:
    if setup.password_env:
        if not setup.password_env.startswith(PASSWORD_ENV_PREFIX):
            raise SigningError(_("Tên biến môi trường chứa mật khẩu phải bắt đầu bằng SIGNING_."))
        value = os.environ.get(setup.password_env)
        if value is None:
            raise SigningError(
                _("Máy chủ chưa đặt biến môi trường %(name)s chứa mật khẩu khóa ký số.") % {"name": setup.password_env}
            )
        return value.encode()
    if setup.password_file:
        path = inside_signing_dir(setup.password_file)
        if not path.is_file():
            raise SigningError(_("Không tìm thấy tệp mật khẩu của khóa ký số trên máy chủ."))
        return path.read_bytes().strip()
    raise SigningError(_("Cấu hình ký số chưa chỉ ra mật khẩu của tệp PKCS#12."))


def _pkcs12_signer(setup: SigningSetup) -> signers.Signer:
    path = inside_signing_dir(setup.key_file)
    if not path.is_file():
        raise SigningError(
            _("Không tìm thấy tệp chứng thư số của cơ quan trên máy chủ (%(file)s).") % {"file": setup.key_file}
        )
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), _password(setup))
    except ValueError as error:
        raise SigningError(_("Không mở được tệp chứng thư số: mật khẩu không đúng hoặc tệp bị hỏng.")) from error
    if key is None or cert is None:
        raise SigningError(_("Tệp PKCS#12 không chứa khóa bí mật và chứng thư số."))
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    others = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain]
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(others),
    )


def allowed_modules() -> list[str]:
    return list(settings.SIGNING_PKCS11_MODULES)


def pkcs11_library(module_path: str | None):
    """The PKCS#11 module (one per process), loaded with SoftHSM2's configuration when the platform has one."""
    import pkcs11

    path = module_path or allowed_modules()[0]
    if path not in allowed_modules():
        raise SigningError(_("Thư viện PKCS#11 này không nằm trong danh sách máy chủ cho phép."))
    if not Path(path).is_file():
        raise SigningError(_("Máy chủ chưa cài thư viện PKCS#11 %(path)s.") % {"path": path})
    conf = settings.SIGNING_SOFTHSM2_CONF
    if conf and Path(conf).is_file():
        os.environ["SOFTHSM2_CONF"] = str(conf)
    library = pkcs11.lib(path)  # python-pkcs11 keeps one per path, initialised with the configuration of then
    if _loaded_with.setdefault(path, conf) != conf:
        # Another SoftHSM2 configuration (another token folder) since: read it again, or a token of the old
        # folder with the same label would sign.
        library.reinitialize()
        _loaded_with[path] = conf
    return library


_loaded_with: dict[str, str] = {}  # the SoftHSM2 configuration each loaded module last read


@contextlib.contextmanager
def _pkcs11_signer(setup: SigningSetup, pin: str | None) -> Iterator[signers.Signer]:
    import pkcs11
    from pkcs11 import exceptions as p11
    from pyhanko.sign.pkcs11 import PKCS11Signer

    if not pin:
        raise SigningError(_("Hãy nhập mã PIN của thẻ ký số."))
    library = pkcs11_library(setup.module_path)
    try:
        token = library.get_token(token_label=setup.token_label)
    except (p11.NoSuchToken, p11.MultipleTokensReturned):
        library.reinitialize()  # a token plugged in after the module was loaded
        try:
            token = library.get_token(token_label=setup.token_label)
        except (p11.NoSuchToken, p11.MultipleTokensReturned) as error:
            raise SigningError(
                _("Không tìm thấy thẻ ký số “%(label)s”: hãy cắm thẻ và thử lại.") % {"label": setup.token_label}
            ) from error
    try:
        session = token.open(user_pin=pin)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange) as error:
        raise SigningError(_("Mã PIN của thẻ ký số không đúng.")) from error
    except p11.PinLocked as error:
        raise SigningError(_("Thẻ ký số đã bị khóa vì nhập sai mã PIN nhiều lần.")) from error
    except pkcs11.PKCS11Error as error:
        raise SigningError(_("Không mở được thẻ ký số: %(error)s") % {"error": type(error).__name__}) from error
    try:
        signer = PKCS11Signer(session, cert_label=setup.key_label, key_label=setup.key_label)
        try:
            signer.signing_cert  # noqa: B018 (fetches the certificate from the token now, to fail here)
        except Exception as error:
            raise SigningError(
                _("Thẻ ký số không có khóa và chứng thư số mang nhãn “%(label)s”.") % {"label": setup.key_label}
            ) from error
        yield signer
    finally:
        session.close()


@contextlib.contextmanager
def open_signer(setup: SigningSetup, *, pin: str | None = None) -> Iterator[signers.Signer]:
    """The setup's signer, its certificate checked to be in force now."""
    if setup.method == SigningSetup.Method.PKCS11:
        with _pkcs11_signer(setup, pin) as signer:
            check_in_force(signer.signing_cert)
            yield signer
    else:
        signer = _pkcs12_signer(setup)
        check_in_force(signer.signing_cert)
        yield signer


def check_in_force(cert: asn1_x509.Certificate) -> None:
    now = datetime.datetime.now(datetime.UTC)
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if not_after <= now:
        raise SigningError(
            _("Chứng thư số ký văn bản đã hết hạn ngày %(date)s: cần gia hạn hoặc thay chứng thư số.")
            % {"date": f"{not_after:%d/%m/%Y}"}
        )
    if not_before > now:
        raise SigningError(
            _("Chứng thư số ký văn bản chỉ có hiệu lực từ ngày %(date)s.") % {"date": f"{not_before:%d/%m/%Y}"}
        )
