"""A decision as a document: what one authority decided under one number. A province's Chairman recognises the
products of a round in one decision (several `Recognition`s share its number); a withdrawal decision may
likewise withdraw several certificates. `recognition_decision` and `withdrawal_decision` gather the records of
the decision a certificate belongs to; `SignedDecision.key` names the same set, so it is signed once."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from areas.models import Area
from criteria.models import LegalVersion

from .models import Certificate, Recognition, SignedDecision, Withdrawal
from .rules import MINISTRY_STARS, is_authority_for

CENTRAL = "central"


def decision_key(*, kind: str, province: Area | None, number: str) -> str:
    """The one name of a decision: its kind, the province that took it (none for the ministry), its number."""
    return f"{kind}|{f'{province.era}-{province.code}' if province else CENTRAL}|{number.strip().upper()}"


def is_signed(*, kind: str, province: Area | None, number: str) -> bool:
    """Whether the decision of that number is signed already: no record joins a signed decision."""
    return SignedDecision.objects.filter(key=decision_key(kind=kind, province=province, number=number)).exists()


SIGNED_NUMBER = _lazy(
    "Quyết định số %(number)s đã được ký số; một quyết định đã ký không thêm được sản phẩm: ghi số quyết định khác."
)


@dataclass
class Decision:
    kind: str  # SignedDecision.Kind
    authority: str  # Recognition.Authority
    province: Area | None  # None for the ministry's decisions
    number: str
    date: datetime.date
    signer: str
    legal_version: LegalVersion | None
    certificates: list[Certificate] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)

    @property
    def key(self) -> str:
        return decision_key(kind=self.kind, province=self.province, number=self.number)

    @property
    def signed(self) -> SignedDecision | None:
        if not hasattr(self, "_signed"):
            self._signed = SignedDecision.objects.select_related("signed_by").filter(key=self.key).first()
        return self._signed

    @property
    def stars(self) -> int:
        return MINISTRY_STARS if self.authority == Recognition.Authority.MINISTRY else 3

    @property
    def agency(self) -> str:
        """The agency that issues it, as the header names it."""
        if self.authority == Recognition.Authority.MINISTRY:
            return _("Bộ Nông nghiệp và Môi trường")
        return _("Ủy ban nhân dân %(province)s") % {"province": self.province.name}

    @property
    def head(self) -> str:
        """Who decides, as the line above "QUYẾT ĐỊNH:" says it."""
        if self.authority == Recognition.Authority.MINISTRY:
            return _("Bộ trưởng Bộ Nông nghiệp và Môi trường")
        return _("Chủ tịch Ủy ban nhân dân %(province)s") % {"province": self.province.name}

    @property
    def title(self) -> str:
        if self.kind == SignedDecision.Kind.RECOGNITION:
            return _("Quyết định công nhận số %(number)s") % {"number": self.number}
        return _("Quyết định thu hồi số %(number)s") % {"number": self.number}


def _authority_of(certificate: Certificate) -> tuple[str, Area | None]:
    if certificate.stars >= MINISTRY_STARS:
        return Recognition.Authority.MINISTRY, None
    return Recognition.Authority.PROVINCE, certificate.province


def _certificates():
    return Certificate.objects.select_related(
        "product__producer__area__parent__parent", "province", "legal_version", "recognition__evaluation__round"
    ).order_by("number")


def recognition_decision(certificate: Certificate) -> Decision | None:
    """The decision that recognised `certificate` with the others it lists (None for a certificate imported
    from before the platform, which no platform decision issued)."""
    recognition = certificate.recognition
    if recognition is None:
        return None
    authority, province = _authority_of(certificate)
    same = _certificates().filter(
        recognition__authority=recognition.authority, recognition__decision_number=recognition.decision_number
    )
    if province is not None:
        same = same.filter(province=province)
    listed = list(same)
    return Decision(
        kind=SignedDecision.Kind.RECOGNITION,
        authority=authority,
        province=province,
        number=recognition.decision_number,
        date=recognition.decision_date,
        signer=recognition.signer,
        legal_version=recognition.legal_version,
        certificates=listed,
        recognitions=[c.recognition for c in listed],
    )


def withdrawal_decision(certificate: Certificate) -> Decision | None:
    """The decision that withdrew `certificate`, with the other certificates withdrawn under its number."""
    withdrawal = Withdrawal.objects.filter(certificate=certificate).first()
    if withdrawal is None:
        return None
    authority, province = _authority_of(certificate)
    same = Withdrawal.objects.select_related("certificate").filter(decision_number=withdrawal.decision_number)
    if province is None:
        same = same.filter(certificate__stars__gte=MINISTRY_STARS)
    else:
        same = same.filter(certificate__province=province, certificate__stars__lt=MINISTRY_STARS)
    withdrawals = sorted(same, key=lambda w: w.certificate.number)
    by_pk = {c.pk: c for c in _certificates().filter(pk__in=[w.certificate_id for w in withdrawals])}
    for item in withdrawals:
        item.certificate = by_pk[item.certificate_id]
    return Decision(
        kind=SignedDecision.Kind.WITHDRAWAL,
        authority=authority,
        province=province,
        number=withdrawal.decision_number,
        date=withdrawal.decision_date,
        signer=withdrawal.signer,
        legal_version=in_force_on(withdrawal.decision_date),
        certificates=[w.certificate for w in withdrawals],
        withdrawals=withdrawals,
    )


def in_force_on(day: datetime.date) -> LegalVersion | None:
    """The legal version in force on `day`: a withdrawal is decided under the rules of its day, whatever
    version the certificate was issued under."""
    return (
        LegalVersion.objects.filter(effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )


def can_sign(user, decision: Decision) -> bool:
    """The decision's own authority signs it: the province's OCOP officers for its Chairman's, ministry
    officers for the Minister's (QĐ 26/2026 Điều 4.1, 8)."""
    return is_authority_for(user, stars=decision.stars, province_id=decision.province.pk if decision.province else None)


def decision_keys(certificate: Certificate) -> dict[str, str]:
    """The keys of the decisions a certificate belongs to, by kind, read from the certificate and its withdrawal
    alone (no query when those are loaded): for a list to find which of them are signed in one query."""
    _authority, province = _authority_of(certificate)
    keys = {}
    if certificate.recognition_id:
        keys[SignedDecision.Kind.RECOGNITION] = decision_key(
            kind=SignedDecision.Kind.RECOGNITION, province=province, number=certificate.decision_number
        )
    withdrawal = getattr(certificate, "withdrawal", None) if certificate.withdrawn_on else None
    if withdrawal is not None:
        keys[SignedDecision.Kind.WITHDRAWAL] = decision_key(
            kind=SignedDecision.Kind.WITHDRAWAL, province=province, number=withdrawal.decision_number
        )
    return keys


def signed_decisions(certificates) -> dict[str, SignedDecision]:
    """The signed decisions of `certificates`, by key, in one query."""
    keys = {key for certificate in certificates for key in decision_keys(certificate).values()}
    return {signed.key: signed for signed in SignedDecision.objects.filter(key__in=keys)} if keys else {}
