"""Replay the hostile inputs of issue 7 ("server errors and denial of service") against a production-like server:
DEBUG off, PostgreSQL, gunicorn with 2 workers, static files collected, the demo data loaded. Prints every
request with its status and time, then the row counts of every table before and after; fails (exit 1) on any
500, unexpected status, timeout, worker killed by gunicorn, or changed row count.

    DATABASE_URL=postgres://ocop:…@127.0.0.1:5432/ocop_replay .venv/bin/python bench/hostile_replay.py --port 8110

The database named in DATABASE_URL is created if missing, migrated and given the reference data and the demo
data (`load_reference_data`, `seed_demo`: a few minutes the first time, nothing after). Uploaded files go to a
temporary MEDIA_ROOT. The server is stopped at the end.

The inputs: a NUL (and other control characters) in every path parameter and in a query parameter of every URL
of the URL configuration, anonymous and signed in; a 66-byte PNG declaring 30000 × 30000 pixels on the public
fake-report form, the product image upload and the document library, and a PNG whose pixel data is broken on
the product image upload; a 300-character user name on the sign-in forms, and a NUL or overlong user name in
HTTP Basic; deleting a product that has a dossier or a certificate, on the page and in the API; certificate
workbooks of 3 million empty rows and of one 300 MB shared string, one after the other and then four at once
while the health check is polled; a file starting with `%PDF-` followed by HTML in the document library and as
dossier evidence.
"""

import argparse
import base64
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TIMEOUT = 60  # seconds a request may take before it counts as a failure (gunicorn kills a worker at 30)
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", flush=True)


# --- the server ---------------------------------------------------------------------------------------------


def server_env(url: str, media: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ocop.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "hostile-replay-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # As behind the TLS proxy of production: the client says https in X-Forwarded-Proto.
        "BEHIND_TLS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
        "FAKE_REPORT_RATE_PER_HOUR": "1000",
    }


def ensure_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], check=True, env=env, cwd=ROOT)


def start_server(env: dict, port: int, logfile: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "ocop.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30"]
    with logfile.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True)
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}; see {logfile}")


# --- a client that keeps its cookies (they are Secure: the real proxy speaks https) ----------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict
    seconds: float


@dataclass
class Client:
    port: int
    name: str
    cookies: dict = field(default_factory=dict)

    def send(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None) -> Answer:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method not in ("GET", "HEAD"):
            headers.setdefault("Origin", f"https://127.0.0.1:{self.port}")
            headers.setdefault("Referer", f"https://127.0.0.1:{self.port}/")
            if "csrftoken" in self.cookies:
                headers.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:  # a timeout or a worker killed mid-request
            return Answer(599, str(error).encode(), {}, time.monotonic() - started)
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, data, dict(response.headers), time.monotonic() - started)

    def csrf(self, path: str) -> str:
        page = self.send("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        return match.group(1).decode() if match else self.cookies.get("csrftoken", "")

    def post_form(
        self, path: str, fields: dict, files: dict | None = None, *, form_page: str | None = None, headers=None
    ) -> Answer:
        fields = {"csrfmiddlewaretoken": self.csrf(form_page or path), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in (files or {}).items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.send("POST", path, body=body, headers={**content_type, **(headers or {})})

    def follow(self, answer: Answer) -> Answer:
        """The page a redirect leads to (where the refusal's message shows), or the answer itself."""
        location = answer.headers.get("Location", "")
        if answer.status != 302 or not location:
            return answer
        followed = self.send("GET", urlsplit(location).path)
        return Answer(answer.status, followed.body, answer.headers, answer.seconds)

    def sign_in(self, username: str, password: str) -> None:
        answer = self.post_form("/tai-khoan/dang-nhap/", {"username": username, "password": password})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"could not sign in as {username}: {answer.status}")


# --- the replay ---------------------------------------------------------------------------------------------


@dataclass
class Replay:
    results: list = field(default_factory=list)

    def check(
        self, client: Client, label: str, answer: Answer, expected: set[int], needle: str = "", within: float = 0
    ) -> None:
        """Record and print one answer: its status must be one of `expected`, its body hold `needle`, and it must
        come `within` that many seconds (if given)."""
        in_time = not within or answer.seconds <= within
        ok = answer.status in expected and (not needle or needle.encode() in answer.body) and in_time
        self.results.append((ok, answer.status))
        mark = "ok  " if ok else "FAIL"
        extra = "" if ok or not needle else f" (expected text “{needle}”)"
        extra += "" if in_time else f" (expected within {within:g} s)"
        print(f"  {mark} {answer.status} {answer.seconds:6.2f}s {client.name:>10} {label[:110]}{extra}", flush=True)


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# Rows written by design: signing in writes the session and django-axes' log of successful sign-ins; the
# rate-limited public forms count each client's requests (core.RateCount, shared by all workers).
WRITTEN_BY_DESIGN = {"sessions.Session", "axes.AccessLog", "core.RateCount"}
# Each hostile workbook uploaded (2 alone, then 4 at once) becomes an import job whose check refuses it: the job
# keeps the refusal for the officer, with two audit entries (uploaded, checked). Nothing else may change.
WORKBOOK_UPLOADS = 6
EXPECTED_WRITES = {"history.ImportJob": WORKBOOK_UPLOADS, "audit.AuditEntry": 2 * WORKBOOK_UPLOADS}


def refused_jobs() -> int:
    """The import jobs that ended refused: failed, or checked with problems (and so never imported)."""
    from history.models import ImportJob

    jobs = ImportJob.objects.all()
    return sum(1 for job in jobs if job.status == ImportJob.Status.FAILED or (job.problems and not job.finished_at))


def targets() -> dict:
    from accounts.models import Role, User
    from dossiers.models import Application, ApplicationStatus
    from products.models import Product

    drafts = Application.objects.filter(status=ApplicationStatus.DRAFT, product__producer__users__role=Role.PRODUCER)
    draft = drafts.select_related("product").first()
    producer_user = User.objects.filter(role=Role.PRODUCER, producer=draft.product.producer_id).first()
    in_hanoi = Product.objects.filter(producer__current_province__code="01")
    return {
        "with_certificate": in_hanoi.filter(certificates__isnull=False).first().code,
        "with_dossier": in_hanoi.filter(applications__isnull=False, certificates__isnull=True).first().code,
        "editable": in_hanoi.first().code,
        "draft": draft.code,
        "producer_user": producer_user.username,
    }


def basic(username: str) -> dict:
    token = base64.b64encode(f"{username}:sai-mat-khau-1".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def replay_paths(replay: Replay, client: Client) -> None:
    from core.tests.test_control_characters import NUL_VALUE, PLAIN_VALUE, concrete_urls

    log(f"{client.name}: a NUL in every path parameter of the URL configuration, then ?q=%00 on every URL")
    for url in concrete_urls(NUL_VALUE):
        if "%00" in url:
            replay.check(client, f"GET {url}", client.send("GET", url), {404})
    for url in concrete_urls(PLAIN_VALUE):
        replay.check(client, f"GET {url}?q=%00", client.send("GET", url + "?q=%00"), {400})


def replay_all(replay: Replay, port: int, password: str) -> None:
    from core.tests.factories import bomb_upload, empty_rows_workbook, png_declaring, shared_string_workbook

    bomb = bomb_upload().read()
    fake_pdf = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"
    found = targets()
    anonymous = Client(port, "anonymous")
    log("anonymous: the issue's public URLs, query filters, uploads and sign-in")
    for path in [
        "/s/%00",
        "/s/A%00B",
        "/01/08937654500018/10/%00/21/%00",
        "/san-pham-ocop/%00/",
        "/chu-the-ocop/%00/",
        "/chung-nhan/%00/",
        "/dia-ban/2025/%00/%00/",
        "/s/A%01B",
        "/s/A%7FB",
    ]:
        replay.check(anonymous, f"GET {path}", anonymous.send("GET", path), {404})
    for path in ["/san-pham-ocop/?q=%00", "/kiem-tra-tem/?ma=%00", "/api/v1/criteria-sets/?legal_version=%00"]:
        replay.check(anonymous, f"GET {path}", anonymous.send("GET", path), {400})
    answer = anonymous.post_form(
        "/bao-hang-gia/",
        {"ma": "", "province": "01", "what": "Tem mờ", "where": "Chợ Đồng Xuân"},
        {"photo": ("anh.png", bomb)},
    )
    replay.check(anonymous, "POST /bao-hang-gia/ photo: 66-byte PNG of 30000×30000", answer, {200}, "điểm ảnh")
    answer = anonymous.post_form("/tai-khoan/dang-nhap/", {"username": "a" * 300, "password": "x"})
    replay.check(anonymous, "POST /tai-khoan/dang-nhap/ username of 300 characters", answer, {200}, "dài tối đa")
    answer = anonymous.post_form("/quan-tri/login/", {"username": "a" * 300, "password": "x"})
    replay.check(anonymous, "POST /quan-tri/login/ username of 300 characters", answer, {200}, "dài tối đa")
    for label, username in [("NUL", "ad\x00min"), ("300 characters", "a" * 300), ("US control", "ad\x1fmin")]:
        answer = anonymous.send("GET", "/api/v1/me/", headers=basic(username))
        replay.check(anonymous, f"GET /api/v1/me/ HTTP Basic user name with {label}", answer, {401, 403})
    replay_paths(replay, anonymous)

    officer = Client(port, "tinh.hanoi")
    officer.sign_in("tinh.hanoi", password)
    log("tinh.hanoi (province officer): filters, deletions, uploads, workbooks")
    for path in [
        "/san-pham/?q=%00",
        "/chung-nhan/?q=%00",
        "/api/v1/products/?q=%00",
        "/api/v1/products/?producer=%00",
        "/api/v1/producers/?q=%00",
        "/api/v1/criteria-sets/?legal_version=%00",
    ]:
        replay.check(officer, f"GET {path}", officer.send("GET", path), {400})
    code = found["with_certificate"]
    answer = officer.follow(officer.post_form(f"/san-pham/{code}/xoa/", {}, form_page=f"/san-pham/{code}/"))
    replay.check(officer, f"POST /san-pham/{code}/xoa/ (product with a certificate)", answer, {302}, "Không thể xoá")
    code = found["with_dossier"]
    officer.csrf(f"/san-pham/{code}/")
    answer = officer.send("DELETE", f"/api/v1/products/{code}/")
    replay.check(officer, f"DELETE /api/v1/products/{code}/ (product with a dossier)", answer, {400}, "Không thể xoá")
    code = found["editable"]
    answer = officer.post_form(
        f"/san-pham/{code}/anh/", {"caption": "bom"}, {"image": ("anh.png", bomb)}, form_page=f"/san-pham/{code}/"
    )
    replay.check(
        officer, f"POST /san-pham/{code}/anh/ 66-byte PNG of 30000×30000", officer.follow(answer), {302}, "điểm ảnh"
    )
    broken = png_declaring(100, 100, pixels=b"not zlib data" * 10)
    answer = officer.post_form(
        f"/san-pham/{code}/anh/", {"caption": "hỏng"}, {"image": ("anh.png", broken)}, form_page=f"/san-pham/{code}/"
    )
    label = f"POST /san-pham/{code}/anh/ PNG with sound chunks and broken pixel data"
    replay.check(officer, label, officer.follow(answer), {302}, "không phải là ảnh hợp lệ")
    log("building the hostile workbooks (the 300 MB string takes a while to pack)")
    books = {  # label: (workbook, what the refusal says)
        "3 million empty rows": (empty_rows_workbook(3_000_000), "kể cả dòng trống"),
        "one 300 MB shared string": (shared_string_workbook(300_000_000), "khi giải nén"),
    }
    for label, (data, needle) in books.items():
        # The upload becomes an import job; its page (the redirect) shows the check's refusal.
        answer = officer.follow(officer.post_form("/lich-su/nhap/", {}, {"workbook": ("lich-su.xlsx", data)}))
        replay.check(officer, f"POST /lich-su/nhap/ {len(data) // 1024} KB .xlsx of {label}", answer, {302}, needle)
    log("both workbooks at once, twice, while the health check is polled")
    uploaders = [Client(port, f"upload-{n}", dict(officer.cookies)) for n in range(4)]
    answers: dict[int, Answer] = {}
    jobs = list(books.values()) * 2

    def upload(index: int) -> None:
        data = jobs[index][0]
        client = uploaders[index]
        answers[index] = client.follow(client.post_form("/lich-su/nhap/", {}, {"workbook": ("lich-su.xlsx", data)}))

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    health = Client(port, "health")
    while any(thread.is_alive() for thread in threads):
        replay.check(health, "GET /healthz during the uploads", health.send("GET", "/healthz"), {200}, within=5)
        time.sleep(0.2)
    for index, answer in sorted(answers.items()):
        replay.check(uploaders[index], "POST /lich-su/nhap/ (concurrent)", answer, {302}, jobs[index][1])
    replay_paths(replay, officer)

    producer = Client(port, found["producer_user"])
    producer.sign_in(found["producer_user"], password)
    log(f"{producer.name} (producer): evidence and library uploads")
    fields = {"kind": "other", "title": "Giấy phép"}
    answer = producer.post_form(
        "/ho-so/tai-lieu/tai-len/", fields, {"file": ("giay-phep.pdf", fake_pdf)}, form_page="/ho-so/tai-lieu/"
    )
    replay.check(producer, "POST /ho-so/tai-lieu/tai-len/ %PDF- followed by HTML", answer, {400}, "không đọc được")
    answer = producer.post_form(
        "/ho-so/tai-lieu/tai-len/", fields, {"file": ("anh.png", bomb)}, form_page="/ho-so/tai-lieu/"
    )
    replay.check(producer, "POST /ho-so/tai-lieu/tai-len/ 66-byte PNG of 30000×30000", answer, {400}, "điểm ảnh")
    draft = found["draft"]
    answer = producer.post_form(
        f"/ho-so/{draft}/minh-chung/tai-len/",
        {**fields, "criterion_code": "1.1"},
        {"file": ("giay-phep.pdf", fake_pdf)},
        form_page=f"/ho-so/{draft}/tu-danh-gia/",
        headers={"HX-Request": "true"},
    )
    label = f"POST /ho-so/{draft}/minh-chung/tai-len/ %PDF- followed by HTML (HTMX)"
    replay.check(producer, label, answer, {200}, "không đọc được")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--skip-setup", action="store_true", help="the database is already migrated and seeded")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (it is created if missing)")
    workdir = Path(tempfile.mkdtemp(prefix="ocop-hostile-replay-"))
    env = server_env(url, workdir / "media")
    os.environ.update(env)
    if not args.skip_setup:
        ensure_database(url)
        log("migrate, reference data, demo data, static files")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_reference_data", "-v", "0")
        manage(env, "seed_demo", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
    import django

    django.setup()
    from demo.data import DEMO_PASSWORD

    before = row_counts()
    before_refused = refused_jobs()
    logfile = workdir / "gunicorn.log"
    log(f"gunicorn -w 2 on 127.0.0.1:{args.port} (DEBUG off, PostgreSQL); log in {logfile}")
    server = start_server(env, args.port, logfile)
    replay = Replay()
    try:
        replay_all(replay, args.port, DEMO_PASSWORD)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    after = row_counts()
    changed = {
        label: (before[label], after[label])
        for label in before
        if after[label] - before[label] != EXPECTED_WRITES.get(label, 0) and label not in WRITTEN_BY_DESIGN
    }
    server_log = logfile.read_text(errors="replace")
    statuses: dict[int, int] = {}
    for _ok, status in replay.results:
        statuses[status] = statuses.get(status, 0) + 1
    failed = sum(1 for ok, _status in replay.results if not ok)
    print()
    print(f"requests: {len(replay.results)}, by status: {dict(sorted(statuses.items()))}, unexpected: {failed}")
    print(f"server errors (500): {statuses.get(500, 0)}; timeouts or dropped connections: {statuses.get(599, 0)}")
    print(f"gunicorn: worker timeouts {server_log.count('WORKER TIMEOUT')}, tracebacks {server_log.count('Traceback')}")
    tables = sum(1 for label in before if label not in WRITTEN_BY_DESIGN)
    print(f"row counts: {tables} tables compared, changed: {changed or 'none'}")
    for label in sorted(WRITTEN_BY_DESIGN):
        print(f"  (written by design: {label} {before[label]} → {after[label]})")
    for label, count in EXPECTED_WRITES.items():
        print(f"  (expected: {label} {before[label]} → {after[label]}, +{count})")
    refused = refused_jobs() - before_refused
    print(f"import jobs refused by their check: {refused} of {WORKBOOK_UPLOADS} hostile workbooks")
    bad = (
        failed or changed or refused != WORKBOOK_UPLOADS or "WORKER TIMEOUT" in server_log or "Traceback" in server_log
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
