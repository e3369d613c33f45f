"""Configuring which key signs which kind of document for a province (or the central level): validated, written
in one transaction and audited. The key files and passwords stay on the server; a setup only names them."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.domain import record, snapshot
from audit.models import AuditEntry

from .errors import SigningError
from .keys import PASSWORD_ENV_PREFIX, inside_signing_dir
from .kinds import DocumentKind
from .models import SigningSetup
from .rules import can_configure

SETUP_FIELDS = ["method", "key_file", "password_file", "password_env", "module_path", "token_label", "key_label"]
PKCS12_FIELDS = ["key_file", "password_file", "password_env"]
PKCS11_FIELDS = ["module_path", "token_label", "key_label"]


def _inside(field: str, value: str, errors: dict) -> None:
    try:
        path = inside_signing_dir(value)
    except SigningError as error:
        errors[field] = error.message
        return
    if not path.is_file():
        errors[field] = _("Không có tệp %(file)s trong thư mục khóa ký số của máy chủ.") % {"file": value}


def _validate(values: dict) -> None:
    errors: dict[str, str] = {}
    method = values["method"]
    if method == SigningSetup.Method.PKCS12:
        if not values["key_file"]:
            errors["key_file"] = _("Hãy nhập đường dẫn tệp PKCS#12.")
        else:
            _inside("key_file", values["key_file"], errors)
        if bool(values["password_file"]) == bool(values["password_env"]):
            errors["password_file"] = _("Chỉ ra mật khẩu bằng đúng một cách: tệp mật khẩu hoặc biến môi trường.")
        elif values["password_file"]:
            _inside("password_file", values["password_file"], errors)
        elif not values["password_env"].startswith(PASSWORD_ENV_PREFIX):
            errors["password_env"] = _("Tên biến môi trường phải bắt đầu bằng SIGNING_.")
    elif method == SigningSetup.Method.PKCS11:
        if values["module_path"] not in settings.SIGNING_PKCS11_MODULES:
            errors["module_path"] = _("Chọn một thư viện PKCS#11 mà máy chủ cho phép.")
        elif not Path(values["module_path"]).is_file():
            errors["module_path"] = _("Máy chủ chưa cài thư viện PKCS#11 này.")
        for field in ("token_label", "key_label"):
            if not values[field]:
                errors[field] = _("Trường này là bắt buộc với thẻ ký số.")
    else:
        errors["method"] = _("Chọn cách ký.")
    if errors:
        raise ValidationError(errors)


def save_setup(*, by, province, kind: str, **fields) -> SigningSetup:
    """Create or change the setup of (province, kind). Raises PermissionDenied outside the user's level and
    ValidationError (by field) for a setup that cannot sign: a file outside the keys folder or missing, no
    or two passwords, a module the server does not allow."""
    if not can_configure(by, province):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    values = {name: str(fields.get(name) or "").strip() for name in SETUP_FIELDS}
    _validate(values)
    unused = PKCS11_FIELDS if values["method"] == SigningSetup.Method.PKCS12 else PKCS12_FIELDS
    values.update(dict.fromkeys(unused, ""))
    with transaction.atomic():
        setup = SigningSetup.objects.select_for_update().filter(province=province, kind=kind).first()
        before = snapshot(setup) if setup else None
        if setup is None:
            setup = SigningSetup(province=province, kind=kind)
        for name, value in values.items():
            setattr(setup, name, value)
        setup.is_test, setup.updated_by = False, by
        setup.save()
        action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
        record(actor=by, action=action, obj=setup, before=before, after=snapshot(setup))
    return setup
