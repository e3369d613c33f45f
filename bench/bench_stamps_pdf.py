"""Benchmark of printable sheets: 10,000 and 100,000 stamps of one batch to an A4 PDF through
`stamps.domain.render_sheet` (the background job's function: read the stamps in chunks, draw them in parts of
`stamps.pdf.PART_PAGES` pages joined into one file, store it). Each size is measured in a fresh process of its
own, which reports the time, stamps per second, its resident memory just before drawing and its peak during it
(the RSS high-water mark, VmHWM, reset from the setup's first: flat memory is the same peak at both sizes),
then checks that the QR codes of the first and the last page decode to the stamps' URLs.

    .venv/bin/python bench/bench_stamps_pdf.py [--quantities 10000,100000]
    DATABASE_URL=postgres://ocop:ocop-test-only@127.0.0.1:5432/ocop_bench .venv/bin/python bench/bench_stamps_pdf.py
"""

import argparse
import json
import os
import subprocess
import sys
import time

from stamps_setup import (
    bench_product,
    certified_product,
    clear_stamps,
    new_batch,
    peak_rss_mb,
    reset_peak_rss,
    rss_mb,
    setup_django,
)


def decoded_as_expected(document, index: int, expected: set[str]) -> bool:
    import zxingcpp

    return {r.text for r in zxingcpp.read_barcodes(document[index].render(scale=3).to_pil())} == expected


def measure(quantity: int) -> None:
    """In the child process: one sheet of `quantity` stamps, printed as a JSON line."""
    setup_django()
    import pypdfium2

    from stamps.domain import issue_batch, render_sheet, request_sheet
    from stamps.links import batch_link_prefix

    product, admin = bench_product()
    clear_stamps()
    batch = issue_batch(batch_id=new_batch(product, admin, quantity).pk)
    sheet = request_sheet(batch=batch, by=admin, count=quantity, run_in_background=False)
    reset_peak_rss()
    found = {"rss_before_mb": rss_mb(), "grid": f"{sheet.columns}×{sheet.rows}", "qr_mm": str(sheet.qr_size_mm)}
    started = time.perf_counter()
    sheet = render_sheet(sheet_id=sheet.pk)
    found["seconds"] = time.perf_counter() - started
    found["peak_rss_mb"] = peak_rss_mb()
    found["size_mb"] = sheet.file.size / 1048576
    # Checked after the peak was read: the check itself loads the whole file.
    document = pypdfium2.PdfDocument(sheet.file.path)
    per_page = sheet.rows * sheet.columns
    found["pages"] = len(document)
    prefix = batch_link_prefix(batch)
    serials = batch.stamps.order_by("id").values_list("serial", flat=True)
    first = {prefix + serial for serial in serials[:per_page]}
    last_page = len(document) - 1
    last = {prefix + serial for serial in serials[last_page * per_page : quantity]}
    found["qr_ok"] = decoded_as_expected(document, 0, first) and decoded_as_expected(document, last_page, last)
    document.close()
    sheet.file.delete(save=False)
    clear_stamps()
    print(json.dumps(found), flush=True)


def run_child(quantity: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(quantity)], capture_output=True, text=True, env=os.environ
    )
    if out.returncode:
        sys.exit(f"the measurement of {quantity:,} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantities", default="10000,100000", help="comma-separated sheet sizes")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    database = setup_django()
    certified_product()  # migrated and loaded once, before any child measures
    print(f"database: {database}; every measurement in a fresh process")
    for quantity in [int(value) for value in args.quantities.split(",")]:
        found = run_child(quantity)
        verdict = "decode to the stamp URLs" if found["qr_ok"] else "do NOT all decode to the stamp URLs"
        print(
            f"{quantity:>8,} stamps ({found['grid']} a page, QR {found['qr_mm']} mm): {found['seconds']:.1f} s,"
            f" {quantity / found['seconds']:,.0f} stamps/s, {found['pages']:,} pages, {found['size_mb']:.1f} MB;"
            f" RSS {found['rss_before_mb']:.0f} MB before drawing, peak {found['peak_rss_mb']:.0f} MB;"
            f" first and last page QR codes {verdict}",
            flush=True,
        )
    print("goal: the same peak memory at every size")


if __name__ == "__main__":
    main()
