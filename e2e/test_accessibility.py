"""axe-core on every main page, for each role, at a desktop (1280×800) and a phone (390×844) size: no violation
of impact `serious` or `critical` (issue 14). One screenshot per page and size is kept as
$E2E_ARTIFACTS/a11y/<size>/<nn-page>.png (default e2e/artifacts/) for CI to keep.

The data is the demo (`seed_demo`): it has every role, dossiers at every step, an open scoring session, stamps,
sales points and buyers. axe-core is vendored in e2e/vendor/axe/ (a test asset, outside static/: no page loads
it). It is injected as an init script, which the browser runs on each new document outside the page's
content-security policy (a <script> tag with its text would be refused by our strict CSP).
"""

import itertools
import re
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.data import DEMO_PASSWORD
from dossiers.models import Application, ApplicationStatus
from e2e.conftest import ARTIFACTS, SIZES, login
from evaluation.models import CouncilMembership, Evaluation
from public.catalogue import recognised_products

AXE = Path(__file__).parent / "vendor" / "axe" / "axe.min.js"
BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => {
    const result = await window.axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
    }));
}"""


@pytest.fixture
def demo() -> dict[str, str]:
    """The demo data set, and the addresses of the pages that need one of its records."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    genuine = re.search(r"genuine\s+(\S+)", out.getvalue()).group(1)
    producer = User.objects.get(username="gom.battrang")
    commune = User.objects.get(username="xa.phunghia")
    evaluation = Evaluation.objects.filter(
        status=Evaluation.Status.OPEN,
        round__in=CouncilMembership.objects.filter(user__username="hoidong").values("round"),
    ).first()
    dossier = Application.objects.visible_to(producer).order_by("id").first()
    submitted = Application.objects.visible_to(commune).filter(status=ApplicationStatus.SUBMITTED).first()
    return {
        "product": reverse("public:product", args=[recognised_products().first().code]),
        "stamp": urlparse(genuine).path,
        "dossier": f"/ho-so/{dossier.code}/",
        "commune_review": f"/ho-so/{submitted.code}/xa-danh-gia/",
        "sheet": f"/danh-gia/phien/{evaluation.code}/phieu/",
    }


def journeys(demo: dict[str, str]) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(username or None for a visitor, [(page name, address)]) for each role's main pages."""
    return [
        (
            None,
            [
                ("shop-window", "/"),
                ("catalogue", "/san-pham-ocop/"),
                ("product", demo["product"]),
                ("stamp-check", "/kiem-tra-tem/"),
                ("verification", demo["stamp"]),
                ("calendar", "/su-kien/"),
                ("open-data", "/du-lieu-mo/"),
                ("login", "/tai-khoan/dang-nhap/"),
            ],
        ),
        (
            "gom.battrang",
            [
                ("producer-home", "/"),
                ("dossiers", "/ho-so/"),
                ("dossier", demo["dossier"]),
                ("documents", "/ho-so/tai-lieu/"),
            ],
        ),
        (
            "xa.phunghia",
            [("commune-home", "/"), ("worklist", "/ho-so/xa/"), ("commune-review", demo["commune_review"])],
        ),
        (
            "tinh.hanoi",
            [
                ("province-home", "/"),
                ("report", "/bao-cao/"),
                ("rounds", "/danh-gia/"),
                ("certificates", "/chung-nhan/"),
                ("sales-points", "/thi-truong/diem-ban/"),
            ],
        ),
        ("hoidong", [("scoring-sheet", demo["sheet"])]),
        ("thanhtra", [("inspections", "/kiem-tra/")]),
        ("muahang.sieuthi", [("demands", "/thi-truong/nhu-cau/")]),
    ]


def check(page, name: str, size: str, number: int) -> list[str]:
    """Run axe on the page shown, keep its screenshot, and return the blocking violations, one line each."""
    page.wait_for_load_state("networkidle")
    shot = ARTIFACTS / "a11y" / size / f"{number:02d}-{name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    found = []
    for violation in page.evaluate(RUN_AXE):
        where, targets = f"{size} {name} ({page.url})", "; ".join(violation["targets"])
        line = f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']} — {targets}"
        if violation["impact"] in BLOCKING:
            found.append(line)
        else:
            print(f"(not blocking) {line}")
    return found


def test_main_pages_have_no_serious_accessibility_violation(browser, base_url, demo):
    """Both sizes in one test: the demo takes half a minute to build, and each test starts from an empty
    database."""
    found, numbers = [], dict.fromkeys(SIZES, 0)
    shutil.rmtree(ARTIFACTS / "a11y", ignore_errors=True)
    for size, (username, pages) in itertools.product(SIZES, journeys(demo)):
        context = browser.new_context(base_url=base_url, locale="vi-VN", **SIZES[size])
        context.set_default_timeout(10_000)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        if username:
            login(page, username, DEMO_PASSWORD)
        for name, address in pages:
            response = page.goto(address)
            assert response.ok, f"{name}: {address} answered {response.status}"
            numbers[size] += 1
            found += check(page, name, size, numbers[size])
        context.close()
    print("\n".join(found))
    assert not found, f"{len(found)} serious or critical accessibility violations:\n" + "\n".join(found)
