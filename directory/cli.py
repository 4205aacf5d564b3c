"""Admin commands: `python -m directory --help`. Parses arguments and calls the package."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sys
from calendar import monthrange
from datetime import date, datetime
from pathlib import Path
from typing import Iterator, List, NoReturn, Sequence, Tuple, Type

import click
from ruamel.yaml import YAML
from sqlalchemy.engine import make_url
from tqdm import tqdm

from . import export, hours, links
from .action_plan import PLAN_FILE, check_plan, due_measures
from .catalog import Catalog
from .hours import TZ
from .i18n import SUPPORTED_LANGUAGES
from .loader import DirectoryError, InvalidEntries, load_directory
from .printing import PrintError
from .printing import plan as printing_plan
from .problems import problems_text
from .settings import get_settings
from .staff_guidance import GUIDANCE_FILE, check_guidance
from .store import DirectoryUnavailable, current_catalog, current_guidance, current_plan
from .validate import validate_directory

PATH_ARG = click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=True, path_type=Path)
)
# stale reports these as missing; easy Swedish is optional and falls back to Swedish.
STALE_LANGUAGES = list(SUPPORTED_LANGUAGES)


def _fail(message: str, *, err: bool = True) -> NoReturn:
    click.echo(message, err=err)
    sys.exit(1)


def _catalog() -> Catalog:
    try:
        return current_catalog()
    except DirectoryUnavailable as error:
        _fail(str(error))


def _area_text(record: dict) -> str:
    area = record["area"]
    return area.get("municipality") or area.get("region") or "national"


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Manage the service directory: check and load the YAML entries, review and publish them.

    Settings come from the environment: DIRECTORY_DB_URL, DIRECTORY_ENTRIES_DIR,
    DIRECTORY_SNAPSHOT_PATH, DIRECTORY_MUNICIPALITY.
    """
    logging.basicConfig(level=logging.WARNING, format="%(message)s")


@cli.command()
@PATH_ARG
def validate(path: Path | None) -> None:
    """Check every entry file and list every problem (default: the shipped entries)."""
    settings = get_settings()
    root = path or settings.entries_dir
    try:
        report = validate_directory(root)
    except FileNotFoundError as error:
        _fail(f"Cannot validate: {error}.")
    # the plan and the staff guidance are loaded with the entries: checked with them too
    plan, plan_problems = check_plan(settings.guidance_dir / PLAN_FILE)
    measures = {measure["id"] for measure in (plan or {}).get("measures", [])}
    _, guidance_problems = check_guidance(settings.guidance_dir / GUIDANCE_FILE, measures)
    problems = sorted(report.problems + plan_problems + guidance_problems)
    if problems:
        click.echo(problems_text(problems))
        files = len({problem.path for problem in problems})
        _fail(
            f"{len(problems)} problem(s) in {files} file(s); fix them and run again.",
            err=False,
        )
    click.echo(
        f"OK: {report.files} entries in {root}, the action plan and the staff guidance are valid."
    )


@cli.command()
@PATH_ARG
def load(path: Path | None) -> None:
    """Validate, then load all entries into the database in one transaction.

    If anything is invalid nothing changes. Loading the same files again does nothing.
    """
    try:
        result = load_directory(path)
    except InvalidEntries as error:
        click.echo(problems_text(error.problems))
        _fail(f"Nothing was loaded: {len(error.problems)} problem(s) to fix first.", err=False)
    except DirectoryError as error:
        _fail(f"Load failed: {error}")
    where = make_url(get_settings().db_url).render_as_string(hide_password=True)
    if result.status == "unchanged":
        click.echo(f"Directory unchanged ({result.entries} entries in {where}).")
    else:
        click.echo(f"Loaded {result.entries} entries into {where}.")


@cli.command(name="list")
@click.option("--audience", help="Only entries for this audience, e.g. victim.")
@click.option("--topic", help="Only entries about this topic, e.g. honour.")
@click.option("--area", help="national, region, municipality, or a place name, e.g. Askersund.")
@click.option("--language", help="Only entries whose staff speak it or that offer an interpreter.")
def list_entries(
    audience: str | None, topic: str | None, area: str | None, language: str | None
) -> None:
    """List the loaded entries as a table: id, name, area, phone."""
    rows = [("ID", "NAME", "AREA", "PHONE")]
    wanted_area = area.casefold() if area else None
    for entry in sorted(_catalog().entries, key=lambda item: item.id):
        record = entry.record
        places = {entry.area_type, entry.region_key, entry.municipality_key}
        if (audience and audience not in entry.audiences) or (topic and topic not in entry.topics):
            continue
        if (wanted_area and wanted_area not in places) or (language and not entry.serves(language)):
            continue
        name = record["name"] + ("" if entry.status == "active" else f" [{entry.status}]")
        phone = record["phones"][0]["number"] if record["phones"] else "-"
        rows.append((entry.id, name, _area_text(record), phone))
    if len(rows) == 1:
        click.echo("No entries match.")
        return
    click.echo(_table(rows))


@cli.command()
@click.argument("entry_id", metavar="ID")
def show(entry_id: str) -> None:
    """Show every field of one loaded entry, with its hours and whether it is open now."""
    entry = _catalog().by_id.get(entry_id)
    if entry is None:
        _fail(f'No entry with the id "{entry_id}". See: python -m directory list')
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100  # type: ignore[assignment]  # ruamel declares it None
    buffer = io.StringIO()
    yaml.dump(entry.record, buffer)
    click.echo(buffer.getvalue().rstrip())
    is_open = hours.open_now(entry.schedule)
    click.echo(f"# hours (sv): {hours.hours_text(entry.schedule, 'sv') or 'not given'}")
    click.echo(f"# hours (en): {hours.hours_text(entry.schedule, 'en') or 'not given'}")
    open_words = {True: "yes", False: "no", None: "unknown"}
    click.echo(f"# open now: {open_words[is_open]}")


def _months_before(day: date, months: int) -> date:
    years, month_index = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


@cli.command()
@click.option(
    "--months",
    default=12,
    show_default=True,
    type=click.IntRange(min=1),
    help="Entries verified longer ago than this are stale.",
)
def stale(months: int) -> None:
    """List what is due for review: old verification, review_needed, missing translations,
    and the units' routines the staff guidance still lacks."""
    records = sorted((entry.record for entry in _catalog().entries), key=lambda r: r["id"])
    cutoff = _months_before(datetime.now(TZ).date(), months)
    old = [r for r in records if date.fromisoformat(r["verified_on"]) < cutoff]
    flagged = [r for r in records if r.get("review_needed")]
    untranslated = [
        (r, [code for code in STALE_LANGUAGES if code not in r["description"]]) for r in records
    ]
    untranslated = [(r, missing) for r, missing in untranslated if missing]
    click.echo(f"Verified before {cutoff} ({len(old)}):")
    for record in old:
        click.echo(f"  {record['id']}: verified {record['verified_on']}")
    click.echo(f"Marked review_needed ({len(flagged)}):")
    for record in flagged:
        click.echo(f"  {record['id']}: {record['review_needed']}")
    click.echo(f"Descriptions missing in some languages ({len(untranslated)}):")
    for record, missing in untranslated:
        click.echo(f"  {record['id']}: falls back to English/Swedish for: {', '.join(missing)}")
    unchecked = [r for r in records if r["description"].get("review")]
    click.echo(f"Descriptions a native speaker should check ({len(unchecked)}):")
    for record in unchecked:
        for code, note in record["description"]["review"].items():
            click.echo(f"  {record['id']} ({code}): {note}")
    _stale_routines()


def _stale_routines() -> None:
    """The staff guidance's unit routines still marked review_needed (not yet filled in)."""
    try:
        items = current_guidance()["items"]
    except DirectoryUnavailable as error:
        _fail(str(error))
    unfilled = [item for item in items if (item.get("routine") or {}).get("review_needed")]
    click.echo(f"Staff guidance: unit routines marked review_needed ({len(unfilled)}):")
    for item in unfilled:
        click.echo(f"  {item['id']}: {item['routine']['review_needed']}")


@cli.command(name="check-links")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for each web server.",
)
def check_links(timeout: float) -> None:
    """Check that every url and source address still answers; lists the broken ones."""
    urls = links.urls_in(entry.record for entry in _catalog().entries)
    with tqdm(total=len(urls), desc="Checking links", unit="url", file=sys.stderr) as bar:
        results = links.check_links(urls, timeout=timeout, progress=bar.update)
    broken = [result for result in results if result.problem]
    for result in broken:
        click.echo(f"BROKEN {result.url}: {result.problem} (used by {', '.join(result.used_by)})")
    if broken:
        _fail(f"{len(broken)} of {len(results)} links are broken.")
    click.echo(f"All {len(results)} links work.")


@cli.command(name="export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["hsds"]),
    default="hsds",
    show_default=True,
    help="Output format: Open Referral HSDS 3.0 JSON.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
def export_directory(format_: str, output: Path | None) -> None:
    """Export the loaded directory as open data (HSDS 3.0 JSON)."""
    data = export.to_hsds(entry.record for entry in _catalog().entries)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"Cannot write {output}: {error.strerror or error}")
    click.echo(f"Wrote {len(data['services'])} services to {output}.", err=True)


@contextlib.contextmanager
def _printing_errors(*also: Type[Exception]) -> Iterator[None]:
    """A directory that fails validation, or a sheet that cannot be printed: a plain error."""
    plain: Tuple[Type[Exception], ...] = (PrintError, DirectoryError, *also)
    try:
        yield
    except InvalidEntries as error:
        click.echo(problems_text(error.problems))
        _fail(f"Nothing was printed: the directory has {len(error.problems)} problem(s).")
    except plain as error:
        _fail(str(error))


@cli.command(name="print")
@click.option(
    "--language",
    required=True,
    type=click.Choice(SUPPORTED_LANGUAGES),
    help="lattlast: easy Swedish.",
)
@click.option("--kind", required=True, type=click.Choice(printing_plan.KINDS))
@click.option(
    "--audience",
    type=click.Choice(printing_plan.AUDIENCES),
    default="victim",
    show_default=True,
    help="Whom the sheet speaks to; a card for staff is the staff card (A4).",
)
@click.option(
    "--paper",
    type=click.Choice(printing_plan.PAPERS),
    default="a4",
    show_default=True,
    help="The poster's paper.",
)
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--final", is_flag=True, help="Refuse a sheet with unreviewed texts or entries.")
def print_command(
    language: str, kind: str, audience: str, paper: str, output: Path, final: bool
) -> None:
    """Print a brochure, poster or wallet card as PDF from the directory (docs/printing.md)."""
    from .printing.run import print_sheet  # WeasyPrint and Pango: only when printing

    with _printing_errors():
        done = print_sheet(
            kind=kind, audience=audience, language=language, output=output, final=final, paper=paper
        )
    draft = len(done.sheet.unreviewed)
    click.echo(
        f"Wrote {output}" + (f" (a draft: {draft} texts or entries to review)." if draft else ".")
    )


@cli.command(name="print-all")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/print"),
    show_default=True,
)
@click.option("--final", is_flag=True, help="Refuse sheets with unreviewed texts or entries.")
def print_all_command(output_dir: Path, final: bool) -> None:
    """Print every kind of sheet in every language into OUTPUT_DIR/<language>/ (make print)."""
    from .printing.run import print_all  # WeasyPrint and Pango: only when printing

    with _printing_errors(OSError):  # the output folder cannot be made
        failures = print_all(output_dir, final=final, progress=click.echo)
    if failures:
        _fail(f"{len(failures)} sheet(s) not printed; see above.")


def _measure_line(measure: dict, language: str = "sv") -> str:
    when = measure.get("due") or ""
    if measure.get("recurring"):
        when = (when + ", " if when else "") + RECURRING[measure["recurring"]]
    status = STATUS[measure.get("status", "not_reported")]
    return (
        f"  område {measure['area']}  {measure['id']}\n"
        f"    {measure['what'][language]}\n"
        f"    när: {when}   ansvarig: {measure['responsible']}   status: {status}"
    )


RECURRING = {"yearly": "varje år", "twice_yearly": "två gånger om året", "ongoing": "löpande"}
STATUS = {"not_reported": "ej rapporterad", "started": "påbörjad", "done": "klar"}


def _plan() -> dict:
    try:
        return current_plan()
    except DirectoryUnavailable as error:
        _fail(str(error))


@cli.group(invoke_without_command=True)
@click.pass_context
def plan(context: click.Context) -> None:
    """The action plan: every measure with its date, owner and status (directory/guidance)."""
    if context.invoked_subcommand is not None:
        return
    loaded = _plan()
    click.echo(f"{loaded['title']['sv']} ({loaded['owner']})")
    click.echo(loaded["follow_up"]["sv"])
    for number, name in sorted(loaded["areas"].items(), key=lambda item: int(item[0])):
        click.echo(f"\nOmråde {number}: {name['sv']}")
        for measure in loaded["measures"]:
            if str(measure["area"]) == str(number):
                click.echo(_measure_line(measure))


@plan.command()
@click.option(
    "--months",
    default=6,
    show_default=True,
    type=click.IntRange(min=0, max=120),
    help="Also list measures due within this many months.",
)
def due(months: int) -> None:
    """Measures overdue or due soon, and the recurring ones: for the yearly follow-up meeting."""
    loaded = _plan()
    today = datetime.now(TZ).date()
    overdue, coming, recurring = due_measures(loaded, today, months)
    sections = [
        (f"Försenade (skulle vara klara före {today}, inte rapporterade som klara)", overdue),
        (f"Ska vara klara inom {months} månader", coming),
        ("Återkommande (följs upp varje gång)", recurring),
    ]
    for heading, measures in sections:
        click.echo(f"{heading}: {len(measures)}")
        for measure in measures:
            click.echo(_measure_line(measure))


def command_names() -> List[str]:
    """Every registered command (the README test checks each is documented)."""
    return sorted(cli.commands)


def main() -> None:
    """Entry point for `python -m directory`."""
    cli(prog_name="python -m directory")
