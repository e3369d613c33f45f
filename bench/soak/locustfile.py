"""The soak's load (bench/soak/run.py starts it; see bench/soak/README.md): shoppers, officers and API clients at
a fixed total rate, every request against the deployment through nginx, each checked for its answer.

- Shoppers (60 % of the requests, anonymous): the printed URL of a real demo stamp (the GS1 Digital Link or
  `/s/<serial>`), well-formed codes that no stamp has, the manual check form, the shop window, the catalogue, product,
  producer and sales-point pages, the events calendar.
- Officers (25 %), signed in with the demo password: commune and provincial officers, the inspector and council
  members, each opening their own lists, dashboards, dossiers, rounds, certificates, stamp batches, the inbox,
  inspections, score sheets and reports. Detail pages are the ones their lists link to (what they may see).
- API clients (15 %), each with a read-only token of the setup step (bench/soak/plan.py): lists and records of
  the v1 API, `me`, the public stamp check, the open data.

Settings from the environment: SOAK_PLAN (the setup step's JSON), SOAK_RATE (requests per second in all)."""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import constant_throughput, task
from locust.contrib.fasthttp import FastHttpUser
from mix import API_CLIENTS, COMMUNE, COUNCIL, INSPECTOR, OFFICERS, PROVINCE, SHARE, SHOPPERS, sets

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text()) if os.getenv("SOAK_PLAN") else {}
RATE = float(os.getenv("SOAK_RATE", "6"))
PASSWORD = os.getenv("SOAK_PASSWORD", "OcopDemo-2026")
LOGIN = "/tai-khoan/dang-nhap/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = r"[0-9A-Z]{10}"
SETS = sets(RATE)  # of users (mix.py): each class below has its count of one set times this


def per_user(share: str, users: int) -> float:
    """The pace of one user of a kind that sends `share` of the requests, `users` a set."""
    return RATE * SHARE[share] / (users * SETS)


def links(body: str, pattern: str) -> list[str]:
    """The distinct links of a page that match `pattern` (a path, as a regular expression)."""
    return sorted(set(re.findall(rf'href="({pattern})"', body)))


class Shopper(FastHttpUser):
    fixed_count = SHOPPERS * SETS
    wait_time = constant_throughput(per_user("shoppers", SHOPPERS))

    def on_start(self) -> None:
        self.products, self.producers, self.sales_points = [], [], []
        for page in (1, 2):
            body = self.page(f"/san-pham-ocop/?page={page}", "/san-pham-ocop/?page=[n]")
            self.products += links(body, rf"/san-pham-ocop/{CODE}/")
        for product in random.sample(self.products, min(5, len(self.products))):
            body = self.page(product, "/san-pham-ocop/[code]/")
            self.producers += links(body, rf"/chu-the-ocop/{CODE}/")
            self.sales_points += links(body, rf"/diem-ban-ocop/{CODE}/")
        self.producers = sorted(set(self.producers)) or [None]
        self.sales_points = sorted(set(self.sales_points)) or [None]

    def page(self, path: str | None, name: str, *, expect: str = "") -> str:
        if path is None:  # nothing of that kind was linked: the shop window instead
            path, name = "/", "/"
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif expect and expect not in response.text:
                response.failure(f"no {expect!r} in the page")
            return response.text or ""

    @task(30)
    def scan_stamp(self) -> None:
        stamp = random.choice(PLAN["stamps"])
        name = "/01/[gtin]/10/[lot]/21/[serial]" if stamp["path"].startswith("/01/") else "/s/[serial]"
        self.page(stamp["path"], name, expect=stamp["serial"])

    @task(8)
    def scan_unknown_code(self) -> None:
        serial = random.choice(PLAN["unknown_serials"])
        self.page(f"/s/{serial}", "/s/[unknown serial]", expect=serial)

    @task(3)
    def type_the_code(self) -> None:
        stamp = random.choice(PLAN["stamps"])
        self.page(f"/kiem-tra-tem/?ma={stamp['serial']}", "/kiem-tra-tem/?ma=[serial]", expect=stamp["serial"])

    @task(6)
    def shop_window(self) -> None:
        self.page("/", "/")

    @task(10)
    def catalogue(self) -> None:
        self.page(f"/san-pham-ocop/?page={random.choice((1, 1, 2, 3))}", "/san-pham-ocop/?page=[n]")

    @task(15)
    def product(self) -> None:
        self.page(random.choice(self.products), "/san-pham-ocop/[code]/")

    @task(5)
    def producer(self) -> None:
        self.page(random.choice(self.producers), "/chu-the-ocop/[code]/")

    @task(5)
    def sales_point(self) -> None:
        self.page(random.choice(self.sales_points), "/diem-ban-ocop/[code]/")

    @task(3)
    def events(self) -> None:
        self.page("/su-kien/", "/su-kien/")


class Officer(FastHttpUser):
    """Signs in once, then opens its pages. `pages`: (weight, list path, detail pattern or None); a task opens a
    list page, or one of the detail pages that list linked to when the officer started."""

    abstract = True
    accounts: list[str] = []
    pages: list[tuple[int, str, str | None]] = []
    _numbers = itertools.count()

    def on_start(self) -> None:
        self.username = self.accounts[next(self._numbers) % len(self.accounts)]
        self.sign_in()
        self.choices = []  # (weight, path, route name)
        for weight, path, detail in self.pages:
            body = self.page(path, path)
            self.choices.append((weight, path, path))
            found = links(body, detail) if detail else []  # none is possible: Ninh Bình has no round yet
            for link in found:
                name = re.sub(CODE, "[code]", link)
                self.choices.append((weight / len(found), link, name if name != link else f"{path}[number]/"))
        self.weights = [weight for weight, _, _ in self.choices]

    def sign_in(self) -> None:
        body = self.page(LOGIN, LOGIN)
        token = CSRF.search(body)
        with self.client.post(
            LOGIN,
            data={"csrfmiddlewaretoken": token[1] if token else "", "username": self.username, "password": PASSWORD},
            headers={"Referer": self.host + LOGIN},
            name=LOGIN,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.username} not signed in: {response.status_code}")

    def page(self, path: str, name: str) -> str:
        # No redirects followed: a signed-in page answers 200, and a redirect to the sign-in page is a lost session.
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{self.username}: {response.status_code} {response.headers.get('Location', '')}")
            return response.text or ""

    @task
    def open_a_page(self) -> None:
        _, path, name = random.choices(self.choices, weights=self.weights)[0]
        self.page(path, name)


def officer_rate() -> float:
    return per_user("officers", OFFICERS)


class CommuneOfficer(Officer):
    accounts, fixed_count = COMMUNE[0], COMMUNE[1] * SETS
    wait_time = constant_throughput(officer_rate())
    pages = [
        (3, "/", None),
        (3, "/ho-so/xa/", None),
        (2, "/ho-so/", rf"/ho-so/{CODE}/"),
        (1, "/chu-the/", rf"/chu-the/{CODE}/"),
        (1, "/san-pham/", rf"/san-pham/{CODE}/"),
        (1, "/thong-bao/", None),
        (1, "/bao-cao/", None),
    ]


class ProvinceOfficer(Officer):
    accounts, fixed_count = PROVINCE[0], PROVINCE[1] * SETS
    wait_time = constant_throughput(officer_rate())
    pages = [
        (3, "/", None),
        (2, "/ho-so/tinh/", None),
        (2, "/ho-so/", rf"/ho-so/{CODE}/"),
        (1, "/danh-gia/", rf"/danh-gia/dot/{CODE}/"),
        (2, "/chung-nhan/", r"/chung-nhan/[A-Z]{2,4}-[0-9A-Z-]+/"),
        (1, "/tem/", rf"/tem/lo/{CODE}/"),
        (1, "/kiem-tra/hop-thu/", None),
        (1, "/thi-truong/diem-ban/", None),
        (1, "/bao-cao/", None),
    ]


class Inspector(Officer):
    accounts, fixed_count = INSPECTOR[0], INSPECTOR[1] * SETS
    wait_time = constant_throughput(officer_rate())
    pages = [
        (2, "/", None),
        (2, "/kiem-tra/", rf"/kiem-tra/dot/{CODE}/"),
        (1, "/kiem-tra/bao-cao/", None),
        (2, "/kiem-tra/hop-thu/", rf"/kiem-tra/hop-thu/{CODE}/"),
        (1, "/kiem-tra/tinh/", None),
    ]


class CouncilMember(Officer):
    accounts, fixed_count = COUNCIL[0], COUNCIL[1] * SETS
    wait_time = constant_throughput(officer_rate())
    pages = [
        (2, "/", None),
        (2, "/danh-gia/phieu-cua-toi/", rf"/danh-gia/phien/{CODE}/(?:phieu/)?"),
    ]


class ApiClient(FastHttpUser):
    """An integration with a read-only token: the lists of the v1 API and the records they name."""

    fixed_count = API_CLIENTS * SETS
    wait_time = constant_throughput(per_user("api", API_CLIENTS))
    lists = ["products", "producers", "dossiers", "certificates", "stamp-batches", "sales-points", "inspections"]
    _numbers = itertools.count()

    def on_start(self) -> None:
        tokens = sorted(PLAN["tokens"].items())
        self.username, token = tokens[next(self._numbers) % len(tokens)]
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self.records = []
        for name in self.lists:
            body = self.get(f"/api/v1/{name}/", f"/api/v1/{name}/")
            self.records += [(name, row.get("code") or row.get("number")) for row in body.get("results", [])]

    def get(self, path: str, name: str, *, headers: dict | None = None) -> dict:
        with self.client.get(path, name=name, headers=headers or self.headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{self.username}: {response.status_code} {(response.text or '')[:200]}")
                return {}
            try:
                return response.json()
            except ValueError:
                response.failure("not JSON")
                return {}

    @task(4)
    def a_list(self) -> None:
        name = random.choice(self.lists)
        self.get(f"/api/v1/{name}/", f"/api/v1/{name}/")

    @task(6)
    def a_record(self) -> None:
        if not self.records:
            return self.me()
        name, code = random.choice(self.records)
        self.get(f"/api/v1/{name}/{code}/", f"/api/v1/{name}/[code]/")

    @task(1)
    def me(self) -> None:
        self.get("/api/v1/me/", "/api/v1/me/")

    @task(2)
    def stamp_check(self) -> None:
        stamp = random.choice(PLAN["stamps"])
        self.get(f"/api/v1/stamps/{stamp['serial']}/", "/api/v1/stamps/[serial]/")

    @task(1)
    def open_data(self) -> None:
        anonymous = {"Accept": "application/json"}
        self.get(random.choice(["/api/v1/open/", "/api/v1/open/products/"]), "/api/v1/open/…", headers=anonymous)
