"""Reading the people and agencies out of certificates."""

from asn1crypto import x509 as asn1_x509


def subject_parts(cert: asn1_x509.Certificate) -> tuple[str, str]:
    """(common name, organisation) of the certificate's subject; empty strings where missing."""
    subject = cert.subject.native
    return str(subject.get("common_name", "")), str(subject.get("organization_name", ""))
