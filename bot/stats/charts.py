"""PNG charts of a report, for pasting into the twice-yearly document. They draw only what the
report publishes: a hidden figure ("<5", "..") is drawn as no bar, and the chart says so."""

from pathlib import Path
from typing import List

from bot.stats.report import Report, Table, labels

CHARTS = {"role": "per-month-by-role.png", "language": "per-month-by-language.png"}
CHARTS["band"] = "per-month-by-time-band.png"


def _draw(report: Report, table: Table, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    words = labels()[report.language]
    rows = [(key, label) for key, label in table.rows]
    width = 0.8 / max(1, len(rows))
    figure, axes = plt.subplots(figsize=(9, 4.8), dpi=120)
    for index, (key, label) in enumerate(rows):
        heights = [table.cells[(key, m)] for m in report.months]
        drawn = [h if isinstance(h, int) else 0 for h in heights]
        positions = [m + (index - len(rows) / 2) * width + width / 2 for m in range(len(heights))]
        axes.bar(positions, drawn, width=width, label=label)
    axes.set_xticks(range(len(report.months)))
    axes.set_xticklabels(report.months)
    axes.set_title(f"{table.title} ({report.period.label}, {report.municipality})")
    axes.legend(fontsize="small", ncol=2, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.text(0.01, 0.01, words["small"], fontsize="x-small")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    figure.savefig(path)
    plt.close(figure)


def write_charts(report: Report, folder: Path) -> List[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report.tables:
        if table.name in CHARTS and table.rows:
            path = folder / CHARTS[table.name]
            _draw(report, table, path)
            written.append(path)
    return written
