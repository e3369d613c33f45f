"""Product rules: registering a product with its official code, editing it, its images and IP titles.
Every function validates, writes inside one transaction and records an audit entry."""

from typing import Any

from biip import ParseError
from biip.gtin import Gtin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area
from audit import domain as audit
from core.text import search_key
from producers.models import TOURISM_ONLY_KINDS, Producer

from .images import make_thumbnail, read_image
from .models import IntellectualProperty, Product, ProductImage
from .rules import can_edit_product, can_register_product_for

EDITABLE_FIELDS = (
    "name",
    "criteria_set",
    "description",
    "specification",
    "standard",
    "gtin",
    "story",
    "quality_declaration",
    "food_safety_certificate",
    "food_safety_certificate_expires_on",
    "raw_material_area",
)
# What `add_ip_title` takes: an intellectual-property title of a product.
IP_TITLE_FIELDS = ("kind", "status", "number", "title", "issued_on")
TOURISM_CRITERIA_SET = 26


def normalise_gtin(raw: str) -> str:
    """A GTIN-8/12/13/14 as GTIN-14, or a ValidationError if its check digit is wrong."""
    value = "".join((raw or "").split())
    if not value:
        return ""
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError({"gtin": _("Mã GTIN phải có 8, 12, 13 hoặc 14 chữ số.")})
    try:
        return Gtin.parse(value).as_gtin_14()
    except ParseError:
        raise ValidationError({"gtin": _("Mã GTIN %(value)s sai chữ số kiểm tra.") % {"value": value}}) from None


def official_code(*, commune: Area, serial: int, year: int) -> str:
    """(Province code)-(commune code)-(serial)-(year), the product code printed on every QĐ 26 sheet."""
    return f"{commune.parent.code}-{commune.code}-{serial}-{year}"


def _apply(product: Product, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not product fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(product, name, value)
    product.gtin = normalise_gtin(product.gtin)
    if product.producer.kind in TOURISM_ONLY_KINDS and product.criteria_set.number != TOURISM_CRITERIA_SET:
        raise ValidationError(
            {"criteria_set": _("Hội, hiệp hội và trung tâm điều hành chỉ đăng ký sản phẩm du lịch (bộ 26).")}
        )
    product.search_key = search_key(f"{product.name} {product.producer.name}")


@transaction.atomic
def create_product(*, by, producer: Producer, **fields: Any) -> Product:
    """Register a product of a verified producer and give it its official code, numbered in the producer's
    current commune. Side effects: audit entry."""
    if not can_register_product_for(by, producer):
        raise PermissionDenied
    if producer.status != Producer.Status.VERIFIED:
        raise ValidationError(_("Chủ thể chưa được xã xác minh nên chưa đăng ký được sản phẩm."))
    if producer.current_commune_id is None:
        raise ValidationError(_("Địa chỉ của chủ thể chưa có xã tương ứng hiện nay: hãy cập nhật địa chỉ."))
    # Lock the commune row so two registrations in one commune never take the same serial.
    commune = Area.objects.select_for_update(of=("self",)).select_related("parent").get(pk=producer.current_commune_id)
    serial = (Product.objects.filter(serial_area=commune).aggregate(m=Max("commune_serial"))["m"] or 0) + 1
    product = Product(producer=producer, serial_area=commune, commune_serial=serial)
    _apply(product, fields)
    product.official_code = official_code(commune=commune, serial=serial, year=timezone.localdate().year)
    product.full_clean()
    product.save()
    audit.record(actor=by, action="create", obj=product, after=audit.snapshot(product))
    return product


@transaction.atomic
def update_product(*, product: Product, by, **fields: Any) -> Product:
    """Change a product's data; its official code never changes. Side effects: audit entry."""
    if not can_edit_product(by, product):
        raise PermissionDenied
    before = audit.snapshot(product)
    _apply(product, fields)
    product.full_clean()
    product.save()
    audit.record(actor=by, action="update", obj=product, before=before, after=audit.snapshot(product))
    return product


@transaction.atomic
def delete_product(*, product: Product, by) -> None:
    """Remove a product registered by mistake, with its images and IP titles. One with a history (a dossier, a
    certificate, stamps: whatever protects it) cannot be deleted. Side effects: audit entry with the deleted
    values; the image files are removed once the transaction commits."""
    if not can_edit_product(by, product):
        raise PermissionDenied
    # The lock makes a dossier or certificate created meanwhile wait, so the check below sees it.
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = audit.snapshot(product)
    audit.record(actor=by, action="delete", obj=product, before=before)
    files = [f for image in product.images.all() for f in (image.image, image.thumbnail)]
    try:
        product.delete()
    except ProtectedError as error:
        kinds = sorted({str(record._meta.verbose_name_plural) for record in error.protected_objects})
        raise ValidationError(
            _("Không thể xoá sản phẩm đã có %(records)s: lịch sử của sản phẩm phải được giữ lại.")
            % {"records": ", ".join(kinds)},
            code="product_has_history",
        ) from None
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


@transaction.atomic
def add_product_image(*, product: Product, by, upload, caption: str = "") -> ProductImage:
    """Attach an image after checking its real type and size, with a thumbnail. Side effects: audit entry."""
    if not can_edit_product(by, product):
        raise PermissionDenied
    extension, data = read_image(upload)
    position = product.images.count()
    image = ProductImage(product=product, image_format=extension, caption=caption, position=position)
    image.image.save(f"image.{extension}", ContentFile(data), save=False)
    image.thumbnail.save("thumb.jpg", make_thumbnail(data), save=False)
    image.save()
    audit.record(actor=by, action="update", obj=product, after={"image": image.image.name}, note=_("Thêm ảnh"))
    return image


@transaction.atomic
def remove_product_image(*, image: ProductImage, by) -> None:
    product = image.product
    if not can_edit_product(by, product):
        raise PermissionDenied
    audit.record(actor=by, action="update", obj=product, before={"image": image.image.name}, note=_("Xoá ảnh"))
    files = [image.image, image.thumbnail]
    image.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


@transaction.atomic
def add_ip_title(*, product: Product, by, **fields: Any) -> IntellectualProperty:
    if not can_edit_product(by, product):
        raise PermissionDenied
    unknown = set(fields) - set(IP_TITLE_FIELDS)
    if unknown:
        raise TypeError(f"not intellectual-property fields: {sorted(unknown)}")
    title = IntellectualProperty(product=product, **fields)
    title.full_clean()
    title.save()
    audit.record(actor=by, action="update", obj=product, after={"ip_title": str(title)}, note=_("Thêm tài sản trí tuệ"))
    return title


@transaction.atomic
def remove_ip_title(*, title: IntellectualProperty, by) -> None:
    product = title.product
    if not can_edit_product(by, product):
        raise PermissionDenied
    audit.record(actor=by, action="update", obj=product, before={"ip_title": str(title)}, note=_("Xoá tài sản trí tuệ"))
    title.delete()
