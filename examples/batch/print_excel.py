"""Print the screening workbook as a clerk would, and keep page 1 as README's screenshot.

    python examples/batch/print_excel.py [--out docs/screenshots/batch-excel-printed.png]

Screens ``examples/batch/enterprises.csv`` (20 enterprises, Chinese template headers, two bad rows) on
2022-06-01 into a temporary .xlsx, prints it to PDF with LibreOffice (``soffice --headless``, Debian
package ``libreoffice-calc-nogui``) and renders the upper half of page 1 with ``pdftoppm``
(``poppler-utils``). Prints the number of pages of the whole printout. Everything but the PNG is
written to a temporary folder, removed at exit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = HERE.parents[1] / "docs" / "screenshots" / "batch-excel-printed.png"
    parser.add_argument("--out", type=Path, default=default)
    parser.add_argument("--resolution", type=int, default=150)
    args = parser.parse_args()
    from huiqi.batch import screen_file

    with tempfile.TemporaryDirectory(prefix="huiqi-print-") as tmp:
        work = Path(tmp)
        book = work / "筛查结果.xlsx"
        screen_file(HERE / "enterprises.csv", book, as_of=dt.date(2022, 6, 1))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(book)],
                       check=True, capture_output=True, timeout=300)
        pdf = book.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        print(f"{book.name}: {pages} pages printed (all sheets)")
        # the upper half of page 1 (A4 landscape): the header and the 20 rows, legible on a screen
        width, height = int(11.69 * args.resolution), int(8.27 * args.resolution * 0.42)
        subprocess.run(["pdftoppm", "-png", "-r", str(args.resolution), "-f", "1", "-l", "1", "-singlefile",
                        "-x", "0", "-y", "0", "-W", str(width), "-H", str(height), str(pdf), str(work / "page")],
                       check=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "page.png", args.out)
        print(f"page 1 → {args.out}")


if __name__ == "__main__":
    main()
