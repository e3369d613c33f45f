import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import Role, User
from areas.models import Area
from audit.models import AuditEntry
from conftest import current
from core.demo.build import demo_usernames
from core.demo.data import DEMO_PASSWORD
from core.demo.plan import DemoPlan, gtin13_check_digit, plan_demo
from producers.models import TOURISM_ONLY_KINDS, Producer, ProducerKind
from producers.validators import validate_tax_code
from products.domain import normalise_gtin
from products.models import IntellectualProperty, Product, ProductImage


@dataclass
class Demo:
    plan: DemoPlan
    output: str
    media: Path


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for this module by `seed_demo` inside a transaction rolled back at the end:
    building takes seconds, and the tests only read it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield Demo(plan=plan_demo(), output=out.getvalue(), media=media)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built_demo, db) -> Demo:
    return built_demo


def test_demo_plan_is_the_same_on_every_run():
    assert plan_demo() == plan_demo()
    assert [p.fields["tax_code"] for p in plan_demo(seed=1).producers] != [
        p.fields["tax_code"] for p in plan_demo().producers
    ]


def test_demo_plan_tax_codes_are_valid_unique_and_fit_the_kind():
    producers = plan_demo().producers
    codes = [p.fields["tax_code"] for p in producers]
    assert len(set(codes)) == len(codes)
    for code in codes:
        validate_tax_code(code)
    for producer in producers:
        personal = producer.fields["kind"] in (ProducerKind.HOUSEHOLD, ProducerKind.FARM)
        assert re.fullmatch(r"\d{12}" if personal else r"\d{10}", producer.fields["tax_code"])


def test_gtin13_check_digit_matches_the_gs1_example():
    assert gtin13_check_digit("400638133393") == 1  # EAN-13 4006381333931


def test_demo_plan_gtins_are_vietnamese_gtin13s_with_a_correct_check_digit():
    gtins = [item.fields["gtin"] for p in plan_demo().producers for item in p.products if item.fields["gtin"]]
    assert len(gtins) >= 20
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert re.fullmatch(r"893\d{10}", gtin)
        assert normalise_gtin(gtin) == f"0{gtin}"


def test_demo_has_producers_of_every_kind_in_both_provinces(demo):
    producers = Producer.objects.filter(tax_code__in=[p.fields["tax_code"] for p in demo.plan.producers])
    assert producers.count() == len(demo.plan.producers) >= 55
    assert set(producers.values_list("kind", flat=True)) == set(ProducerKind.values)
    assert set(producers.values_list("current_province__code", flat=True)) == {"01", "37"}
    assert set(producers.values_list("status", flat=True)) == set(Producer.Status.values)
    enterprises = producers.filter(kind=ProducerKind.ENTERPRISE)
    assert not enterprises.filter(enterprise_form="").exists()
    assert not enterprises.filter(local_capital_percent__isnull=True).exists()
    for producer in producers:
        validate_tax_code(producer.tax_code)


def test_demo_producers_on_pre_2025_units_roll_up_to_todays_commune_and_province(demo):
    legacy = Producer.objects.filter(area__era=Area.Era.LEGACY)
    phu_nghia = legacy.get(area__code="10033")  # Xã Phú Nghĩa of the former Huyện Chương Mỹ
    assert phu_nghia.current_commune == current("10030")
    assert phu_nghia.current_province == current("01", Area.Level.PROVINCE)
    former_ha_nam = legacy.filter(area__parent__parent__name="Tỉnh Hà Nam")
    assert former_ha_nam.exists()
    assert {p.current_province.code for p in former_ha_nam} == {"37"}
    assert not legacy.filter(current_commune__isnull=True).exists()


def test_demo_has_products_in_every_sector_and_criteria_set(demo):
    products = Product.objects.filter(producer__tax_code__in=[p.fields["tax_code"] for p in demo.plan.producers])
    assert products.count() >= 140
    assert set(products.values_list("criteria_set__group__sector__numeral", flat=True)) == {
        "I", "II", "III", "IV", "V", "VI",
    }  # fmt: skip
    assert set(products.values_list("criteria_set__number", flat=True)) == set(range(1, 27))
    tourism_only = products.filter(producer__kind__in=TOURISM_ONLY_KINDS)
    assert tourism_only.exists()
    assert set(tourism_only.values_list("criteria_set__number", flat=True)) == {26}
    assert not products.exclude(producer__status=Producer.Status.VERIFIED).exists()
    assert products.exclude(gtin="").exists()
    assert products.filter(food_safety_certificate_expires_on__isnull=False).exists()
    assert IntellectualProperty.objects.filter(product__in=products).exists()


def test_demo_images_are_stored_with_thumbnails(demo):
    images = ProductImage.objects.all()
    assert images.count() >= 10
    for image in images:
        assert (demo.media / image.image.name).is_file()
        assert (demo.media / image.thumbnail.name).is_file()


def test_demo_records_are_audited(demo):
    for model in (Producer, Product, User):
        audited = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert audited.values("object_id").distinct().count() == model.objects.count()


def test_demo_has_an_account_for_every_role_with_the_demo_password(demo):
    accounts = User.objects.filter(username__in=demo_usernames(demo.plan))
    assert set(accounts.values_list("role", flat=True)) == set(Role.values)
    assert not accounts.filter(role=Role.PRODUCER, producer__isnull=True).exists()
    assert accounts.get(username="xa.phunghia").area == current("10030")
    admin = accounts.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)


def test_seed_demo_prints_a_summary_with_the_logins(demo):
    assert f"{len(demo.plan.producers)} producers" in demo.output
    assert "tinh.hanoi" in demo.output
    assert DEMO_PASSWORD in demo.output


def test_seed_demo_second_run_adds_nothing(demo):
    counts = [model.objects.count() for model in (User, Producer, Product, ProductImage, AuditEntry)]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert [model.objects.count() for model in (User, Producer, Product, ProductImage, AuditEntry)] == counts
    assert "already loaded" in out.getvalue()
