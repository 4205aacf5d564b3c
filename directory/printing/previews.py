"""PNG previews of printed sheets for the docs: `python -m directory.printing.previews IN OUT`.

Uses poppler's pdftoppm (make print-tools); IN is the folder `make print` wrote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# (language, file): the brochure in Swedish, Arabic and Tigrinya, and the Swedish wallet card.
PREVIEWS = (
    ("sv", "brochure-victim.pdf"),
    ("ar", "brochure-victim.pdf"),
    ("ti", "brochure-victim.pdf"),
    ("sv", "wallet-card.pdf"),
    ("sv", "poster.pdf"),
    ("sv", "staff-card.pdf"),
)
RESOLUTION = {"wallet-card.pdf": 200}  # dots per inch; the rest at 60


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for language, name in PREVIEWS:
        pdf = source / language / name
        if not pdf.exists():
            sys.exit(f"{pdf} is missing: run make print first.")
        stem = target / f"{language}-{pdf.stem}"
        dpi = str(RESOLUTION.get(name, 60))
        subprocess.run(["pdftoppm", "-png", "-r", dpi, str(pdf), str(stem)], check=True)
        print(f"wrote {stem}-*.png")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
