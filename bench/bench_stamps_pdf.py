"""Benchmark of printable sheets: 10,000 stamps of one batch to an A4 PDF through `stamps.domain.render_sheet`
(the background job's function: read the stamps, draw 40 QR codes a page, store the file). Prints the time and
stamps per second (target: under 60 s), and checks that the first page's QR codes decode.

    .venv/bin/python bench/bench_stamps_pdf.py [--quantity 10000]
"""

import argparse
import time

from stamps_setup import certified_product, clear_stamps, new_batch, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantity", type=int, default=10_000)
    args = parser.parse_args()
    database = setup_django()

    import pypdfium2
    import zxingcpp

    from stamps.domain import issue_batch, render_sheet, request_sheet
    from stamps.links import batch_link_prefix

    product, admin = certified_product()
    clear_stamps()
    n = args.quantity
    batch = issue_batch(batch_id=new_batch(product, admin, n).pk)
    sheet = request_sheet(batch=batch, by=admin, count=n, run_in_background=False)
    print(f"database: {database}; {n:,} stamps, {sheet.columns}×{sheet.rows} a page, QR {sheet.qr_size_mm} mm")

    started = time.perf_counter()
    sheet = render_sheet(sheet_id=sheet.pk)
    elapsed = time.perf_counter() - started
    size = sheet.file.size
    with sheet.file.open("rb") as file:
        document = pypdfium2.PdfDocument(file.read())
    pages = len(document)
    print(
        f"PDF: {elapsed:.1f} s, {n / elapsed:,.0f} stamps/s, {pages:,} pages, {size / 1048576:.1f} MB (target < 60 s)"
    )
    prefix = batch_link_prefix(batch)
    decoded = {r.text for r in zxingcpp.read_barcodes(document[0].render(scale=3).to_pil())}
    first_page = batch.stamps.order_by("id").values_list("serial", flat=True)[: sheet.rows * sheet.columns]
    expected = {prefix + serial for serial in first_page}
    verdict = "all equal" if decoded == expected else "NOT all equal"
    print(f"first page: {len(decoded)} QR codes decoded, {verdict} to the stamp URLs")
    document.close()
    sheet.file.delete(save=False)
    clear_stamps()


if __name__ == "__main__":
    main()
