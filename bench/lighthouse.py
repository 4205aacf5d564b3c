"""Lighthouse on the demo page with the widget: accessibility and best practices (target 100).

    python -m bench.lighthouse [--write-docs]        # make lighthouse

Starts its own servers on loopback, runs npm's Lighthouse (tools/lighthouse, pinned) with
Debian's Chromium, closed and open chat both, and writes the scores into docs/widget.md. Exits 1
when a score is below 100. Slow (a minute or two), so not part of `make test`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.docs_section import write_section
from bench.machine import revision
from harness.servers import ROOT, running_servers

CLI = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("accessibility", "best-practices")
DOCS = ROOT / "docs" / "widget.md"


def audit(url: str, out: Path) -> dict:
    """Lighthouse's category scores (0-100) and the audits that failed, for one page."""
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={FLAGS}",
            "--quiet",
            "--form-factor=mobile",
        ],
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = sorted(
        audit_id
        for audit_id, result in report["audits"].items()
        if result.get("score") is not None
        and result["score"] < 1
        and result.get("scoreDisplayMode") == "binary"
    )
    return {"scores": scores, "failed": failed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not CLI.exists():
        sys.exit(f"{CLI} is missing: run make lighthouse (it installs tools/lighthouse first).")
    with running_servers() as servers:
        result = audit(servers.url + "/webhooks/webchat/demo", servers.workdir / "demo.json")
    scores = result["scores"]
    line = ", ".join(f"{name} **{score}**" for name, score in scores.items())
    text = (
        f"Lighthouse 12.8.2 (`make lighthouse`) on the demo page with the widget, mobile: {line}."
        + (f" Failed audits: {', '.join(result['failed'])}." if result["failed"] else "")
        + f"\n\nMeasured {time.strftime('%Y-%m-%d')} with Debian's Chromium, revision {revision()}."
    )
    print(text)
    if args.write_docs:
        write_section(DOCS, "lighthouse", text)
    return 0 if all(score == 100 for score in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
