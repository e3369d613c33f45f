"""Benchmark of signing and checking PDFs (signing): `sign_pdf` with an agency's PKCS#12 key and with an
official's SoftHSM2 token, and `check_pdf` of the signed file, on the machine's own database and SIGNING_DIR
after `manage.py signing_test_ca` (as `make run` leaves them). Prints the median and 95th percentile per call
and the size a signature adds. It writes nothing: the signed files stay in memory.

    .venv/bin/python manage.py signing_test_ca --province 01
    .venv/bin/python bench/bench_signing.py [--repeat 20]"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def timed(label: str, repeat: int, call) -> object:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{label:<42} median {statistics.median(times) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={repeat})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()

    from areas.models import Area
    from signing.checking import check_pdf
    from signing.documents import sign_pdf
    from signing.kinds import DocumentKind
    from signing.testca import TOKEN_PIN
    from signing.tests.pdfs import a_document

    hanoi = Area.objects.current().get(level=Area.Level.PROVINCE, code="01")
    document = a_document()
    by_agency = timed(
        "sign_pdf, agency PKCS#12 (report)",
        args.repeat,
        lambda: sign_pdf(document, kind=DocumentKind.REPORT, province=hanoi, number="BC-1"),
    )
    timed(
        "sign_pdf, official's SoftHSM2 token (decision)",
        args.repeat,
        lambda: sign_pdf(document, kind=DocumentKind.RECOGNITION, province=hanoi, number="1/QĐ", pin=TOKEN_PIN),
    )
    check = timed("check_pdf of a signed report", args.repeat, lambda: check_pdf(by_agency))
    assert check.valid, check.problems
    print(f"unsigned {len(document):,} bytes, signed {len(by_agency):,} bytes (+{len(by_agency) - len(document):,})")


if __name__ == "__main__":
    main()
