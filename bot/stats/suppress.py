"""The small-cell rule: no figure under 5 leaves the database, and none can be worked out.

A count under 5 is shown as "<5". Where a published total would then give a hidden figure away by
subtraction (a row's months against its total; the languages, time bands or channels of a month
against that month's conversations), the smallest other figure is withheld too ("..")."""

from typing import Dict, Iterable, List, Optional, Tuple

SMALL = "<5"
WITHHELD = ".."
THRESHOLD = 5
Cell = Tuple[str, str]  # (row, column)


def _hide_one_more(
    cells: List[Cell], counts: Dict[Cell, int], hidden: Dict[Cell, str], total: Optional[Cell]
) -> bool:
    """If exactly one of `cells` is hidden while their published total is shown, withhold the
    smallest shown one (or the total when no other is shown). True when something changed."""
    if total is not None and total in hidden:
        return False
    if sum(1 for cell in cells if cell in hidden) != 1:
        return False
    shown = [cell for cell in cells if cell not in hidden]
    if shown:
        hidden[min(shown, key=lambda c: (counts.get(c, 0), c))] = WITHHELD
    elif total is not None:
        hidden[total] = WITHHELD
    else:
        return False
    return True


def protect(
    counts: Dict[Cell, int],
    rows: Iterable[str],
    months: List[str],
    partitions: Iterable[Tuple[List[str], str]] = (),
) -> Dict[Cell, object]:
    """Every cell of a table as it may be published. `counts` holds each (row, month) and
    (row, "total"); `partitions` lists groups of rows whose figures add up to another row (for
    example the languages to the conversations), checked column by column."""
    rows = list(rows)
    columns = [*months, "total"]
    hidden: Dict[Cell, str] = {
        (row, col): SMALL
        for row in rows
        for col in columns
        if counts.get((row, col), 0) < THRESHOLD
    }
    partitions = list(partitions)
    for _ in range(50):  # each pass only hides more; a table settles in a few passes
        changed = False
        for row in rows:
            cells = [(row, month) for month in months]
            changed |= _hide_one_more(cells, counts, hidden, (row, "total"))
        for members, sum_row in partitions:
            for col in columns:
                cells = [(member, col) for member in members]
                changed |= _hide_one_more(cells, counts, hidden, (sum_row, col))
        if not changed:
            break
    return {
        (row, col): hidden.get((row, col), counts.get((row, col), 0))
        for row in rows
        for col in columns
    }
