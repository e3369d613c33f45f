"""The demo's signed decision: Hà Nội's recognition decision of its provincial round, signed by the city's OCOP
officer with the demo official's token, so `make run` shows a decision anyone can check. The keys are the local
test CA's, which `seed_demo` sets up first (`manage.py signing_test_ca`, when SIGNING_TEST_CA is on); without
them the decision stays unsigned and the line says why."""

from django.core.exceptions import ValidationError

from accounts.models import User
from certificates.decisions import recognition_decision
from certificates.domain.signing import sign_decision
from certificates.models import Certificate, SignedDecision
from signing.testca import TOKEN_PIN

from .lifecycle import PROVINCE_DECISION

OFFICER = "tinh.hanoi"


def demo_decision_signed() -> bool:
    return SignedDecision.objects.filter(number=PROVINCE_DECISION).exists()


def sign_demo_decision() -> str:
    """Sign the decision (once); returns a line saying what was signed, or why it was not."""
    certificate = (
        Certificate.objects.filter(recognition__decision_number=PROVINCE_DECISION)
        .select_related("province", "recognition", "product")
        .order_by("number")
        .first()
    )
    if certificate is None:
        return f"demo: no certificate of decision {PROVINCE_DECISION}: nothing signed"
    decision = recognition_decision(certificate)
    try:
        signed = sign_decision(decision=decision, by=User.objects.get(username=OFFICER), pin=TOKEN_PIN)
    except ValidationError as error:
        return f"demo: decision {PROVINCE_DECISION} not signed: {' '.join(error.messages)}"
    return (
        f"demo: {decision.title} signed by {OFFICER} (token PIN {TOKEN_PIN}), {len(decision.certificates)} "
        f"products, SHA-256 {signed.sha256[:16]}…: /chung-nhan/{certificate.number}/quyet-dinh/cong-nhan/"
    )
