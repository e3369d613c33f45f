"""Signing a PDF the platform issues: PAdES (ETSI.CAdES.detached) with a visible block naming the signer, the
agency and the time, a trusted timestamp when settings.SIGNING_TSA_URL is set, and the long-term validation
data (certificates, revocation lists) embedded so the file can be checked years later.

The document kind and number are written into the document information before signing, so the signature
covers them and the public check can tell which record the file claims to be."""

import io
import logging
import re
import uuid

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.stamp import TextStampStyle

from . import keys
from .errors import SigningError
from .kinds import DocumentKind
from .loops import outside_event_loop
from .models import SigningSetup
from .names import subject_parts
from .trust import validation_context

log = logging.getLogger(__name__)
BLOCK_WIDTH, BLOCK_HEIGHT, MARGIN = 250, 62, 36
# Room for the CMS signature (certificates, a timestamp): reserved up front, pyHanko would otherwise sign once
# more just to measure it.
RESERVED_BYTES = 16 * 1024
# DejaVu Sans cut to Latin and Vietnamese (pyHanko subsets the font for every signature, and the whole font's
# layout tables take seconds to read): `pyftsubset static/fonts/DejaVuSans.ttf --layout-features=kern
# --unicodes=U+0020-007E,U+00A0-00FF,U+0100-017F,U+01A0-01B0,U+0300-0309,U+0323,U+1EA0-1EF9,U+2010-2027,U+2030,
# U+20AB,U+2116,U+2605 --output-file=static/fonts/DejaVuSans-Vietnamese.ttf`, then scaled to 1000 units per em
# (`fontTools.ttLib.scaleUpem.scale_upem`): pyHanko writes glyph widths in font units, which PDF reads as 1/1000 em.
FONT_FILE = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans-Vietnamese.ttf"


def setup_for(*, kind: str, province) -> SigningSetup | None:
    """The configured key for (province, kind); province None is the central level."""
    return SigningSetup.objects.filter(kind=kind, province=province).first()


def needs_pin(*, kind: str, province) -> bool:
    """Whether signing this kind for this province asks the official for a token PIN."""
    setup = setup_for(kind=kind, province=province)
    return setup is not None and setup.method == SigningSetup.Method.PKCS11


def _where(province) -> str:
    return province.name if province is not None else _("cấp trung ương")


def _last_page_box(writer: IncrementalPdfFileWriter) -> tuple[int, int, int, int]:
    """Bottom-right corner of the last page, inside the margins."""
    page, _path = writer.find_page_for_modification(-1)
    page = page.get_object()
    box = page.get("/MediaBox") or page.get("/Parent", {}).get("/MediaBox") or [0, 0, 595, 842]
    right = int(float(box[2]))
    return (right - MARGIN - BLOCK_WIDTH, MARGIN + 6, right - MARGIN, MARGIN + 6 + BLOCK_HEIGHT)


def _stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text=_("Ký bởi: %(signer)s\nCơ quan: %(agency)s\nThời gian ký: %(when)s"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(FONT_FILE)), font_size=8),
        border_width=1,
    )


def _timestamper():
    url = settings.SIGNING_TSA_URL
    return timestamps.HTTPTimeStamper(url) if url else None


def _write_identity(writer: IncrementalPdfFileWriter, *, kind: str, number: str, facts: dict[str, str]) -> None:
    info = generic.DictionaryObject()
    existing = writer.prev.trailer_view.get("/Info")
    if existing is not None:
        for key, value in existing.get_object().items():
            info[generic.NameObject(key)] = value
    info[generic.NameObject("/OCOPKind")] = generic.TextStringObject(str(kind))
    info[generic.NameObject("/OCOPNumber")] = generic.TextStringObject(number)
    for name, value in facts.items():
        info[generic.NameObject(f"/OCOP{name}")] = generic.TextStringObject(value)
    writer.set_info(info)


FACT_NAME = re.compile(r"[A-Z][A-Za-z]{1,30}")


def sign_pdf(
    pdf: bytes,
    *,
    kind: str,
    province,
    number: str,
    signer=None,
    pin: str | None = None,
    box: tuple[int, int, int, int] | None = None,
    facts: dict[str, str] | None = None,
) -> bytes:
    """`pdf` signed with the key configured for (province, kind). `signer` is the user asking (their name goes
    into the signature's /Name when the key is an agency's); `pin` the token's PIN for an official's key; `box`
    the visible block's (x1, y1, x2, y2) on the last page, by default its bottom-right corner; `facts` more of the
    record's fields to sign with it, written as /OCOP<Name> (e.g. {"Stars": "4"}: /OCOPStars). Raises SigningError
    (a message for the user) and returns nothing when it cannot sign."""
    if any(not FACT_NAME.fullmatch(name) for name in facts or {}):
        raise ValueError("fact names are CamelCase letters")
    setup = setup_for(kind=kind, province=province)
    if setup is None:
        raise SigningError(
            _("Chưa cấu hình khóa ký số cho “%(kind)s” của %(where)s.")
            % {"kind": DocumentKind(kind).label, "where": _where(province)}
        )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as error:
        raise SigningError(_("Tệp cần ký không phải là PDF hợp lệ.")) from error
    with keys.open_signer(setup, pin=pin) as key:
        _common_name, agency = subject_parts(key.signing_cert)
        field_name = f"OCOP-{kind}-{uuid.uuid4().hex[:8]}"
        with translation.override(settings.LANGUAGE_CODE):
            reason = f"{DocumentKind(kind).label} {number}"
            style = _stamp_style()
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=True,
            validation_context=validation_context(),
            reason=reason,
            name=(signer.get_full_name() or signer.get_username())
            if signer is not None and setup.method == SigningSetup.Method.PKCS12
            else None,
            location=province.name if province is not None else None,
            # The validation data goes into the signed revision itself: the signature covers the whole file.
            dss_settings=DSSContentSettings(
                placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
            ),
        )
        _write_identity(writer, kind=kind, number=number, facts=facts or {})
        pdf_signer = signers.PdfSigner(
            meta,
            signer=key,
            timestamper=_timestamper(),
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(field_name, on_page=-1, box=box or _last_page_box(writer)),
        )
        when = timezone.localtime().strftime("%H:%M:%S %d/%m/%Y")
        try:
            out = outside_event_loop(
                pdf_signer.sign_pdf,
                writer,
                appearance_text_params={"agency": agency, "when": when},
                bytes_reserved=RESERVED_BYTES,
            )
        except PyHankoSigningError as error:
            log.warning("pyHanko refused to sign: %s", error)
            raise SigningError(
                _(
                    "Chứng thư số của khóa ký không được xác thực: không do tổ chức chứng thực được tin cậy cấp, "
                    "hoặc đã bị thu hồi."
                )
            ) from error
        except Exception as error:
            if type(error).__module__.startswith("pkcs11"):
                raise SigningError(_("Thẻ ký số từ chối ký: %(error)s") % {"error": type(error).__name__}) from error
            raise
    return out.getvalue()
