"""Putting the test certificate authority's keys to use (the demo, the tests): for every province asked and the
central level, an agency's PKCS#12 key signs certificates and reports unattended, and an official's SoftHSM2
token (PIN `testca.TOKEN_PIN`) signs decisions. A (province, kind) that already has a setup keeps it: real
keys are never replaced by test ones. The files of the test setups are made again when missing."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.domain import record, snapshot
from audit.models import AuditEntry

from .kinds import DocumentKind
from .models import SigningSetup
from .testca import KEY_LABEL, Authority
from .trust import signing_dir, trust_dir

TEST_NOTE = "signing_test_ca"
AGENCY_KINDS = (DocumentKind.CERTIFICATE, DocumentKind.REPORT)
OFFICIAL_KINDS = (DocumentKind.RECOGNITION, DocumentKind.WITHDRAWAL)


def authority() -> Authority:
    return Authority(directory=signing_dir() / "test-ca", trust=trust_dir())


def _names(province) -> tuple[str, str, str]:
    """(file code, agency, official) for a province or the central level (None)."""
    if province is None:
        return "central", _("Bộ Nông nghiệp và Môi trường"), _("Bộ trưởng Bộ Nông nghiệp và Môi trường")
    return (
        province.code,
        _("Ủy ban nhân dân %(province)s") % {"province": province.name},
        _("Chủ tịch UBND %(province)s") % {"province": province.name},
    )


def use_test_keys(*, provinces, modules: list[str], tokens: bool = True) -> list[SigningSetup]:
    """Test keys for `provinces` (None among them: the central level) where no setup exists; returns the setups
    made. `modules[0]` is the PKCS#11 module the tokens are reached through."""
    ca = authority()
    ca.root()
    ca.crl()
    base = signing_dir().resolve()
    made = []
    for province in provinces:
        code, agency, official = _names(province)
        kinds = (*AGENCY_KINDS, *(OFFICIAL_KINDS if tokens else ()))
        existing = dict(SigningSetup.objects.filter(province=province).values_list("kind", "is_test"))
        missing = [kind for kind in kinds if kind not in existing]
        if not missing and not any(existing.values()):
            continue  # this province signs with its own keys
        p12, password = ca.agency(code=code, agency=agency)
        token = ca.token(code=code, official=official, agency=agency) if tokens else ""
        with transaction.atomic():
            for kind in missing:
                if kind in OFFICIAL_KINDS:
                    fields = {"method": SigningSetup.Method.PKCS11, "module_path": modules[0], "token_label": token}
                    fields["key_label"] = KEY_LABEL
                else:
                    fields = {"method": SigningSetup.Method.PKCS12}
                    fields["key_file"] = str(p12.resolve().relative_to(base))
                    fields["password_file"] = str(password.resolve().relative_to(base))
                setup = SigningSetup.objects.create(province=province, kind=kind, is_test=True, **fields)
                record(actor=None, action=AuditEntry.Action.CREATE, obj=setup, after=snapshot(setup), note=TEST_NOTE)
                made.append(setup)
    return made
