"""Move the assistant's texts between the domain and translators' files, and list what needs review.

    python -m bot.translations template > for-translators.yml     # every response in sv and en
    python -m bot.translations add-responses LANG FILE             # one language into the domain
    python -m bot.translations add-descriptions LANG FILE          # service descriptions
    python -m bot.translations review --write docs/translations.md # the native-speaker review list

A translators' file maps each response name to `text`, `buttons` (titles, in the source's order)
and optionally `review` (what a native speaker should check). Adding a language again replaces
its variants, so a corrected file can be imported as often as needed.
"""

import copy
import sys
from io import StringIO
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import click
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot.language.detect import text_direction
from directory.catalog import Schedule
from directory.hours import hours_text

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "bot" / "domain"
ENTRIES = ROOT / "directory" / "entries"
PRINTED_TEXTS = ROOT / "directory" / "printing" / "texts"  # brochures, posters, cards
REVIEW_KEY = "review"
# Rule files whose blocks or files carry `review:` marks, listed in the review document.
MARKED_RULE_FILES = ("bot/language/lexicon.yml", "directory/locales.yml")


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, anchors and block scalars survive
    yaml.width = 4096  # type: ignore[assignment]  # never re-wrap the hand-written lines
    yaml.preserve_quotes = True  # type: ignore[assignment]
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def variant_language(variant: dict) -> str:
    """The language a response variant is for: its `language` condition, else Swedish."""
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return "sv"


def domain_responses(domain: Path = DOMAIN) -> Iterator[Tuple[Path, str, list]]:
    for path in sorted(domain.glob("*.yml")):
        data = _yaml().load(path.read_text(encoding="utf-8"))
        for name, variants in (data.get("responses") or {}).items():
            yield path, name, variants


def template() -> Dict[str, dict]:
    """Every response's Swedish and English text and button titles: what translators start from."""
    source: Dict[str, dict] = {}
    for _path, name, variants in domain_responses():
        if _same_for_all(variants):
            continue
        for variant in variants:
            lang = variant_language(variant)
            if lang in ("sv", "en"):
                entry: Dict[str, Any] = {"text": str(variant["text"])}
                if variant.get("buttons"):
                    entry["buttons"] = [str(b["title"]) for b in variant["buttons"]]
                source.setdefault(name, {})[lang] = entry
    return source


def _localised_custom(custom: dict, language: str, schedules: Dict[str, Optional[Schedule]]):
    """A static payload for another language: same services, hours in that language."""
    localised = copy.deepcopy(dict(custom))
    localised["language"] = language
    localised["direction"] = text_direction(language)
    services = []
    for service in custom.get("services") or []:
        service = CommentedMap(copy.deepcopy(dict(service)))
        service.fa.set_flow_style()
        text = hours_text(schedules.get(service["id"]), language)
        if text:
            service["hours"] = text
        services.append(service)
    if services:
        localised["services"] = services
    return localised


def _schedules() -> Dict[str, Optional[Schedule]]:
    safe = YAML(typ="safe")
    schedules = {}
    for path in ENTRIES.glob("*/*.yml"):
        record = safe.load(path.read_text(encoding="utf-8"))
        schedules[record["id"]] = Schedule.from_dict(record.get("schedule"))
    return schedules


def _new_variant(language: str, translated: dict, english: dict, schedules) -> CommentedMap:
    variant = CommentedMap()
    condition = CommentedSeq([CommentedMap(type="slot", name="language", value=language)])
    condition.fa.set_flow_style()
    condition[0].fa.set_flow_style()
    variant["condition"] = condition
    variant["text"] = DoubleQuotedScalarString(translated["text"])
    titles = translated.get("buttons") or []
    source_buttons = english.get("buttons") or []
    if len(titles) != len(source_buttons):
        raise click.ClickException(
            f"{len(titles)} buttons where the source has {len(source_buttons)}"
        )
    if source_buttons:
        buttons = CommentedSeq()
        for title, source in zip(titles, source_buttons, strict=True):
            button = CommentedMap(title=DoubleQuotedScalarString(title), payload=source["payload"])
            button.fa.set_flow_style()
            buttons.append(button)
        variant["buttons"] = buttons
    if english.get("custom"):
        variant["custom"] = _localised_custom(english["custom"], language, schedules)
    if translated.get(REVIEW_KEY):
        variant["metadata"] = CommentedMap(review=str(translated[REVIEW_KEY]))
    return variant


def written_once(variant: dict) -> bool:
    """A variant written once for everyone (the unsupported-language answer is bilingual)."""
    return bool((variant.get("metadata") or {}).get("same_for_all_languages"))


def _same_for_all(variants: list) -> bool:
    return any(written_once(v) for v in variants)


def add_responses(language: str, translations: Dict[str, dict], domain: Path = DOMAIN) -> List[str]:
    """Put `language`'s variant into every response, before the Swedish default; list problems."""
    yaml, schedules, problems, seen = _yaml(), _schedules(), [], set()
    for path in sorted(domain.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        responses = data.get("responses") or {}
        for name, variants in responses.items():
            seen.add(name)
            if _same_for_all(variants):
                continue
            if name not in translations:
                problems.append(f"{name}: no {language} translation")
                continue
            english = next((v for v in variants if variant_language(v) == "en"), variants[-1])
            try:
                new = _new_variant(language, translations[name], english, schedules)
            except click.ClickException as error:
                problems.append(f"{name}: {error.message}")
                continue
            kept = [v for v in variants if variant_language(v) != language]
            default_at = next((i for i, v in enumerate(kept) if not v.get("condition")), len(kept))
            variants.clear()
            variants.extend([*kept[:default_at], new, *kept[default_at:]])
        if responses:
            buffer = StringIO()
            yaml.dump(data, buffer)
            path.write_text(buffer.getvalue(), encoding="utf-8")
    problems += [
        f"{name}: not a response in the domain" for name in translations if name not in seen
    ]
    return problems


def add_descriptions(
    language: str, translations: Dict[str, str], entries: Path = ENTRIES
) -> List[str]:
    """Write `language`'s description into each entry file; `id__review` notes become marks."""
    yaml, problems = _yaml(), []
    ids = {key for key in translations if not key.endswith("__review")}
    for path in sorted(entries.glob("*/*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        entry_id = data["id"]
        if entry_id not in ids:
            problems.append(f"{entry_id}: no {language} description")
            continue
        description = data["description"]
        description[language] = str(translations[entry_id]).strip()
        note = translations.get(f"{entry_id}__review")
        marks = description.get(REVIEW_KEY) or CommentedMap()
        marks.pop(language, None)
        if note:
            marks[language] = str(note)
        if marks:
            description[REVIEW_KEY] = marks
        else:
            description.pop(REVIEW_KEY, None)
        buffer = StringIO()
        yaml.dump(data, buffer)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        ids.discard(entry_id)
    problems += [f"{entry_id}: no such directory entry" for entry_id in sorted(ids)]
    return problems


def entry_texts(record: dict) -> List[Tuple[str, Any]]:
    """The translated texts of a directory entry, each with what it is: the description, each
    phone's instruction, the opening-hours note."""
    texts: List[Tuple[str, Any]] = [("description", record.get("description"))]
    for index, phone in enumerate(record.get("phones") or [], start=1):
        if phone.get("label"):
            texts.append((f"phone {index}'s instruction", phone["label"]))
    note = (record.get("schedule") or {}).get("note")
    if note:
        texts.append(("opening-hours note", note))
    return texts


def review_items() -> Dict[str, List[str]]:
    """Everything marked for a native speaker's review, per language."""
    items: Dict[str, List[str]] = {}
    for path, name, variants in domain_responses():
        for variant in variants:
            note = (variant.get("metadata") or {}).get(REVIEW_KEY)
            if note:
                items.setdefault(variant_language(variant), []).append(
                    f"response `{name}` ({path.name}): {note}"
                )
    safe = YAML(typ="safe")
    for path in sorted(ENTRIES.glob("*/*.yml")):
        record = safe.load(path.read_text(encoding="utf-8"))
        for what, texts in entry_texts(record):
            for lang, note in ((texts or {}).get(REVIEW_KEY) or {}).items():
                items.setdefault(lang, []).append(f"{what} of `{record['id']}`: {note}")
    for rule_dir in ("bot/safety/danger_patterns",):
        for path in sorted((ROOT / rule_dir).glob("*.yml")):
            note = (safe.load(path.read_text(encoding="utf-8")) or {}).get(REVIEW_KEY)
            if note:
                items.setdefault(path.stem, []).append(
                    f"danger patterns `{rule_dir}/{path.name}`: {note}"
                )
    for relative in MARKED_RULE_FILES:
        data = safe.load((ROOT / relative).read_text(encoding="utf-8")) or {}
        for lang, block in data.items():
            if isinstance(block, dict) and block.get(REVIEW_KEY):
                items.setdefault(lang, []).append(f"`{relative}` ({lang}): {block[REVIEW_KEY]}")
    for path in sorted(PRINTED_TEXTS.glob("*.yml")):
        marks = (safe.load(path.read_text(encoding="utf-8")) or {}).get(REVIEW_KEY) or {}
        for key, note in marks.items():
            items.setdefault(path.stem, []).append(f"printed text `{key}` ({path.name}): {note}")
    return items


@click.group()
def cli() -> None:
    """Translations of the assistant's responses and the directory's descriptions."""


@cli.command(name="template")
def template_command() -> None:
    """Print every response in Swedish and English, for translators."""
    YAML().dump(template(), sys.stdout)


def _load_file(path: str) -> dict:
    data = YAML(typ="safe").load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise click.ClickException(f"{path}: expected a mapping of names to translations")
    return data


def _report(file: str, written: str, problems: List[str]) -> None:
    """Every problem with the file it came from; exit 1 if there was any."""
    for problem in problems:
        click.echo(f"{file}: {problem}", err=True)
    click.echo(f"{written} ({len(problems)} problems)")
    if problems:
        sys.exit(1)


def _import_command(name: str, importer: Any, written_to: str, help_text: str) -> None:
    """`name LANGUAGE FILE`: import a translators' file with `importer`, then report."""

    @cli.command(name=name, help=help_text)
    @click.argument("language")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    def command(language: str, file: str) -> None:
        _report(file, f"{language}: {written_to}", importer(language, _load_file(file)))


_import_command(
    "add-responses",
    add_responses,
    "responses written to bot/domain/",
    "Add (or replace) LANGUAGE's variant of every response from a translators' FILE.",
)
_import_command(
    "add-descriptions",
    add_descriptions,
    "descriptions written to directory/entries/",
    "Add (or replace) LANGUAGE's service descriptions from FILE (`id: text`, `id__review: …`).",
)


@cli.command(name="review")
@click.option(
    "--write", "target", type=click.Path(dir_okay=False), help="Write this Markdown file."
)
def review_command(target: Optional[str]) -> None:
    """List every text marked `review: native speaker`, per language."""
    from bot.translations_doc import render  # the document's wording lives with the document

    text = render(review_items())
    if target:
        Path(target).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {target}")
    else:
        click.echo(text)


if __name__ == "__main__":
    cli()
