"""Replace one generated section of a Markdown document, between start and end markers."""

from pathlib import Path


def write_section(path: Path, name: str, body: str, title: str = "") -> None:
    """Put `body` between `<!-- name:start -->` and `<!-- name:end -->`, adding them if missing."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = (
        path.read_text(encoding="utf-8") if path.exists() else (f"# {title}\n\n" if title else "")
    )
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
