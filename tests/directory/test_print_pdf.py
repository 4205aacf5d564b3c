"""`python -m directory print` and `print-all`: the PDFs read back with poppler and zbar, as a
reader (or a scanner) would; bad input leaves nothing half-written. Needs `make print-tools`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from directory.i18n import SUPPORTED_LANGUAGES
from directory.printing.render import LocalOnlyFetcher
from directory.printing.run import EVERY_SHEET
from directory.printing.texts import sheet_texts

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CHAT = "https://www.askersund.se/stod-vid-vald"
KVINNOFRID, LOCAL = "020-50 50 50", "0583-810 00"
SCRIPTS = {
    "ar": "\u0600-\u06ff",
    "fa": "\u0600-\u06ff",
    "uk": "\u0400-\u04ff",
    "ti": "\u1200-\u137f",
}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def environment(tmp: Path, entries: Path, **extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SQLALCHEMY_SILENCE_UBER_WARNING="1")
    env.update(
        DIRECTORY_DB_URL=f"sqlite:///{tmp / 'directory.db'}",
        DIRECTORY_SNAPSHOT_PATH=str(tmp / "snapshot.json"),
        DIRECTORY_ENTRIES_DIR=str(entries),
        DIRECTORY_MUNICIPALITY="Askersund",
        PRINT_CHAT_URL=CHAT,
    )
    env.update(extra)
    return env


def directory_cli(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "directory", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def text_of(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return BIDI_MARKS.sub("", raw.stdout)


def qr_of(pdf: Path, tmp: Path, dpi: int) -> str:
    stem = tmp / f"qr-{pdf.parent.name}-{pdf.stem}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf), str(stem)], check=True
    )
    image = next(tmp.glob(f"{stem.name}*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    return found.stdout.strip()


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("entries") / "entries"
    shutil.copytree(ROOT / "directory" / "entries", target)
    return target


@pytest.fixture(scope="module")
def printed(tmp_path_factory, shipped_copy) -> Path:
    """`make print`'s command, once for the module: every sheet in every language."""
    tmp = tmp_path_factory.mktemp("print")
    result = directory_cli(
        ["print-all", "--output-dir", str(tmp / "out")], environment(tmp, shipped_copy)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(SUPPORTED_LANGUAGES) * len(EVERY_SHEET)} of" in result.stdout
    return tmp / "out"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_sheet_gives_112_kvinnofridslinjen_and_the_local_number(printed, language):
    for _, _, name in EVERY_SHEET:
        text = text_of(printed / language / name)
        assert "112" in text and KVINNOFRID in text and LOCAL in text, (language, name)


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_other_scripts_come_out_in_their_script_and_in_reading_order(printed, language):
    text = text_of(printed / language / "brochure-victim.pdf")
    words = re.findall(f"[{SCRIPTS[language]}]+", sheet_texts(language).text["what_text"])
    assert len(words) >= 15
    # the words of the paragraph, found one after the other; Arabic lam-alef ligatures come back
    # from pdftotext in another order, so a few Arabic and Persian words may be missed
    position, found = 0, 0
    for word in words:
        at = text.find(word, position)
        if at >= 0:
            position, found = at + len(word), found + 1
    share = found / len(words)
    assert share >= (0.85 if language in ("ar", "fa") else 1.0), (language, share)


def test_every_font_is_embedded_and_noto_and_no_glyph_is_missing(printed):
    for language in SUPPORTED_LANGUAGES:
        for _, _, name in EVERY_SHEET:
            pdf = printed / language / name
            listing = subprocess.run(
                ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()[2:]
            assert listing, pdf
            for line in listing:
                font, embedded = line.split()[0], line.split()[-5]
                assert "Noto" in font and embedded == "yes", (pdf, line)
            assert "\ufffd" not in text_of(pdf), pdf


def test_the_qr_code_on_every_sheet_leads_to_the_chat_page(printed, tmp_path):
    for language in SUPPORTED_LANGUAGES:
        for _, _, name in EVERY_SHEET:
            dpi = 300 if name == "wallet-card.pdf" else 150
            assert qr_of(printed / language / name, tmp_path, dpi) == CHAT, (language, name)


def test_a_new_number_in_the_directory_shows_on_the_next_print(shipped_copy, tmp_path):
    entries = tmp_path / "entries"
    shutil.copytree(shipped_copy, entries)
    entry = entries / "national" / "kvinnofridslinjen.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(KVINNOFRID, "020-12 34 56"))
    output = tmp_path / "card.pdf"
    result = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--output", str(output)],
        environment(tmp_path, entries),
    )
    assert result.returncode == 0, result.stderr
    text = text_of(output)
    assert "020-12 34 56" in text and KVINNOFRID not in text
    # the card also says when it was printed and when its details were last verified
    assert re.search(
        r"Utskriven \d{4}-\d\d-\d\d\. Uppgifterna kontrollerades senast 2026-11-26", text
    )


def _without_review(path: Path) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    del data["review_needed"]
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def test_final_refuses_a_sheet_with_an_entry_under_review_and_prints_it_once_reviewed(
    shipped_copy, tmp_path
):
    entries = tmp_path / "entries"
    shutil.copytree(shipped_copy, entries)
    output = tmp_path / "card.pdf"
    args = ["print", "--language", "sv", "--kind", "card", "--final", "--output", str(output)]
    refused = directory_cli(args, environment(tmp_path, entries))
    assert refused.returncode == 1
    assert "stodlinjen-for-man: the entry is under review" in refused.stdout + refused.stderr
    assert not output.exists()
    _without_review(entries / "national" / "stodlinjen-for-man.yml")
    _without_review(entries / "askersund" / "askersund-socialtjanst.yml")
    printed = directory_cli(args, environment(tmp_path, entries))
    assert printed.returncode == 0, printed.stdout + printed.stderr
    assert "Utkast" not in text_of(output) and "020-80 80 80" in text_of(output)


def test_a_final_print_needs_the_chat_address_set(shipped_copy, tmp_path):
    env = environment(tmp_path, shipped_copy)
    del env["PRINT_CHAT_URL"]
    output = tmp_path / "card.pdf"
    result = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--final", "--output", str(output)], env
    )
    assert result.returncode == 1 and "PRINT_CHAT_URL" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--language", "xx", "--kind", "card"], 2, "Invalid value for '--language'"),
        (["--language", "sv", "--kind", "flyer"], 2, "Invalid value for '--kind'"),
        (["--language", "sv", "--kind", "poster", "--audience", "staff"], 1, "no poster for"),
    ],
)
def test_an_unknown_language_kind_or_sheet_is_a_plain_error(
    shipped_copy, tmp_path, args, code, message
):
    output = tmp_path / "x.pdf"
    result = directory_cli(
        ["print", *args, "--output", str(output)], environment(tmp_path, shipped_copy)
    )
    assert result.returncode == code and message in result.stderr
    assert "Traceback" not in result.stderr and not output.exists()


def test_a_directory_that_fails_validation_prints_nothing_and_keeps_the_old_sheet(
    shipped_copy, tmp_path
):
    entries = tmp_path / "entries"
    shutil.copytree(shipped_copy, entries)
    (entries / "national" / "bris.yml").write_text("id: bris\nname: [unclosed\n", encoding="utf-8")
    output = tmp_path / "card.pdf"
    output.write_bytes(b"the sheet printed last week")
    result = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--output", str(output)],
        environment(tmp_path, entries),
    )
    assert result.returncode == 1
    assert "bris.yml" in result.stdout and "Nothing was printed" in result.stdout + result.stderr
    assert output.read_bytes() == b"the sheet printed last week"


def test_an_output_folder_that_does_not_exist_is_a_plain_error(shipped_copy, tmp_path):
    output = tmp_path / "no" / "such" / "card.pdf"
    result = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--output", str(output)],
        environment(tmp_path, shipped_copy),
    )
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_the_system_refuses_is_a_plain_error(shipped_copy, tmp_path):
    """/proc takes no files, not even for root (who passes every permission check)."""
    result = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--output", "/proc/card.pdf"],
        environment(tmp_path, shipped_copy),
    )
    assert result.returncode == 1 and "Cannot write /proc/card.pdf" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_text_too_long_for_its_panel_is_refused_not_cut(shipped_entries, tmp_path, monkeypatch):
    from directory.loader import load_directory
    from directory.printing import PrintError, content
    from directory.printing.run import print_sheet
    from directory.printing.texts import SheetTexts

    load_directory()
    monkeypatch.setenv("PRINT_CHAT_URL", CHAT)
    output = tmp_path / "brochure.pdf"
    output.write_bytes(b"old")
    long = dict(sheet_texts("sv").text, what_text="Mycket lång text. " * 400)
    monkeypatch.setattr(content, "sheet_texts", lambda language: SheetTexts("sv", long, {}))
    with pytest.raises(PrintError, match=r"does not fit on the paper \(the front page\)"):
        print_sheet(kind="brochure", audience="victim", language="sv", output=output)
    assert output.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".print-")] == []


def with_css(monkeypatch, css: str) -> None:
    """Every sheet laid out with one more style rule (loads the copied directory first)."""
    from directory.loader import load_directory
    from directory.printing import render

    load_directory()
    laid_out = render.sheet_html
    monkeypatch.setattr(
        render,
        "sheet_html",
        lambda sheet, paper: laid_out(sheet, paper).replace(
            "</body>", f"<style>{css}</style></body>"
        ),
    )


def test_a_sheet_larger_than_its_paper_is_refused(shipped_entries, tmp_path, monkeypatch):
    from directory.printing import PrintError
    from directory.printing.run import print_sheet

    with_css(monkeypatch, ".poster { height: 400mm; }")
    with pytest.raises(PrintError, match=r"does not fit on the paper \(the poster\)"):
        print_sheet(kind="poster", audience="victim", language="sv", output=tmp_path / "poster.pdf")
    assert not (tmp_path / "poster.pdf").exists()


def test_a_layout_that_drops_services_is_refused(shipped_entries, tmp_path, monkeypatch):
    """WeasyPrint lays no columns out in an absolutely placed box and drops what does not fit
    without growing any box: every service on the sheet must have been laid out."""
    from directory.printing import PrintError
    from directory.printing.run import print_sheet

    with_css(monkeypatch, ".inside { position: absolute; top: 0; left: 0; }")
    with pytest.raises(PrintError, match=r"\(.*a service\)"):
        print_sheet(
            kind="brochure", audience="victim", language="lattlast", output=tmp_path / "b.pdf"
        )


def test_the_poster_comes_in_a3_and_only_the_poster(shipped_copy, tmp_path):
    env = environment(tmp_path, shipped_copy)
    output = tmp_path / "poster.pdf"
    args = ["print", "--language", "ar", "--kind", "poster", "--paper", "a3"]
    assert directory_cli([*args, "--output", str(output)], env).returncode == 0
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True).stdout
    assert "(A3)" in info
    card = directory_cli(
        ["print", "--language", "sv", "--kind", "card", "--paper", "a3", "--output", str(output)],
        env,
    )
    assert card.returncode == 1 and "Only the poster comes in A3" in card.stderr


def test_templates_cannot_reach_the_network():
    fetcher = LocalOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://fonts.example.com/font.css")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
