"""Every environment variable the assistant reads is in the README's settings table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|getenv\(|_int\(|_float\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read():
    for package in ("bot", "actions", "directory"):
        for path in (ROOT / package).rglob("*.py"):
            yield from READS.findall(path.read_text(encoding="utf-8"))


def test_the_settings_table_lists_every_variable_the_code_reads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings") :]
    table = table[: table.index("\n## ", 1)]
    found = set(variables_read())
    assert len(found) >= 15  # the pattern still finds them
    assert sorted(v for v in found if f"`{v}`" not in table) == []
