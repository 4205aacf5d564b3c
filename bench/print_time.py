"""How long `make print`'s command takes for every sheet in every language (target: under 60 s).

    python -m bench.print_time [--runs 3] [--write-docs]

Each run is a fresh process on a fresh copy of the directory database, as an administrator's run
is; the sheets are read back to count their pages."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.docs_section import write_section
from bench.machine import load_average, machine, revision

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "printing.md"
SECTION = "print-time"
TARGET_SECONDS = 60


def one_run() -> tuple[float, int, int]:
    """Seconds for print-all, the number of PDFs and their pages."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            DIRECTORY_DB_URL=f"sqlite:///{tmp}/directory.db",
            DIRECTORY_SNAPSHOT_PATH=f"{tmp}/snapshot.json",
        )
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "directory", "print-all", "--output-dir", f"{tmp}/out"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.monotonic() - started
        pdfs = sorted(Path(tmp, "out").glob("*/*.pdf"))
        pages = 0
        for pdf in pdfs:
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            pages += int(
                next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
            )
        return seconds, len(pdfs), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results = []
    for run in range(1, args.runs + 1):
        results.append(one_run())
        print(f"run {run}: {results[-1][0]:.1f} s, {results[-1][1]} sheets, {results[-1][2]} pages")
    times = [seconds for seconds, _, _ in results]
    _, sheets, pages = results[-1]
    verdict = "met" if max(times) < TARGET_SECONDS else "MISSED"
    text = (
        f"`make print`'s command (`python -m directory print-all`), {sheets} sheets "
        f"({pages} pages) "
        f"in nine languages, a fresh process and database each run: **median "
        f"{statistics.median(times):.1f} s**, slowest {max(times):.1f} s over {len(times)} runs "
        f"(target under {TARGET_SECONDS} s: {verdict}).\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, load average "
        f"{load_average():.1f}, revision {revision()} (`make bench`)."
    )
    print(text)
    if args.write_docs:
        write_section(DOCS, SECTION, text, title="Printed brochures, posters and cards")


if __name__ == "__main__":
    main()
