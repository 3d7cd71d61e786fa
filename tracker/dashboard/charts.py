"""The OPDC dashboard's charts as SVG geometry (bars, columns, a funnel), drawn from the
figures and rendered by templates/tracker/dashboard_chart.html: no JavaScript, nothing from
a CDN."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from pythainlp.tokenize import word_tokenize

from tracker.dashboard.queries import Figure, Filters, rounded

PALETTE = ["#1f5fa8", "#e07b22", "#2a9d6f", "#8e44ad", "#c0392b"]
FUNNEL_COLOURS = ["#c9dcf2", "#8fb6e3", "#4f8fd1", "#1f5fa8", "#123d6e"]
CHART_WIDTH = 720
LABEL_WIDTH = 230
VALUE_GAP = 60


# A label line holds about this many characters of 13 px text in LABEL_WIDTH (Thai vowel and
# tone marks above or below a consonant take no width, so they are not counted).
LINE_LENGTH = 28
LINE_HEIGHT = 15


def _width(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char) != "Mn")


def _words(text: str) -> list[str]:
    """Where a label may break: at spaces, and between Thai words (Thai writes no spaces)."""
    return word_tokenize(text, engine="newmm", keep_whitespace=True)


def label_lines(text: str, length: int = LINE_LENGTH, lines: int = 2) -> list[str]:
    """A label in at most `lines` lines of about `length` characters, broken between words;
    if it does not fit, the last line ends in an ellipsis (the full label is the tooltip)."""
    wrapped: list[list[str]] = [[]]
    for word in _words(text):
        if wrapped[-1] and _width("".join(wrapped[-1]) + word.rstrip()) > length:
            wrapped.append([])
        if wrapped[-1] or word.strip():
            wrapped[-1].append(word)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        while len(last) > 1 and _width("".join(last).rstrip()) + 1 > length:
            last.pop()
        while len(last) > 1 and not last[-1].strip():
            last.pop()
        last.append("…")
    # A single word longer than a line (a long English word, a code) is cut.
    return ["".join(words).strip()[: length + 8] for words in wrapped] or [""]


def _bar_chart(labels, series, names, centred=False, colours=None) -> dict:
    """Horizontal bars, one group per label and one bar per series."""
    colours = colours or PALETTE
    bar_area = CHART_WIDTH - LABEL_WIDTH - VALUE_GAP
    bar_height, gap = (34, 10) if centred else (16, 14)
    largest = max([value or 0 for values in series for value in values] + [1])
    shapes, texts = [], []
    y = 10
    for index, label in enumerate(labels):
        group_top = y
        for number, values in enumerate(series):
            value = values[index] or 0
            width = round(bar_area * value / largest, 1)
            x = LABEL_WIDTH + ((bar_area - width) / 2 if centred else 0)
            colour = colours[index % len(colours)] if centred else colours[number % len(colours)]
            shapes.append(
                {
                    "x": x,
                    "y": y,
                    "width": max(width, 1),
                    "height": bar_height,
                    "fill": colour,
                    "title": f"{label} — {names[number]}: {value}",
                }
            )
            texts.append(
                {
                    "x": x + max(width, 1) + 6,
                    "y": y + bar_height / 2 + 4,
                    "text": str(value),
                    "anchor": "start",
                    "cls": "value",
                }
            )
            y += bar_height + 2
        lines = label_lines(label)
        first_line = (group_top + y) / 2 + 4 - (len(lines) - 1) * LINE_HEIGHT / 2
        texts.append(
            {
                "x": LABEL_WIDTH - 8,
                "y": first_line,
                "text": label,
                "lines": lines,
                "line_height": LINE_HEIGHT,
                "anchor": "end",
                "cls": "label",
            }
        )
        y += gap
    legend = [] if centred or len(names) < 2 else _legend(names, colours)
    return {
        "width": CHART_WIDTH,
        "height": y + (24 if legend else 0),
        "shapes": shapes,
        "texts": texts,
        "legend": [dict(item, y=y + 8) for item in legend],
        "empty": not labels,
    }


def _legend(names, colours) -> list[dict]:
    return [
        {"x": LABEL_WIDTH + number * 150, "name": name, "fill": colours[number % len(colours)]}
        for number, name in enumerate(names)
    ]


def _column_chart(labels, values, highlight=None) -> dict:
    """Vertical columns, one per fiscal year."""
    height, top, bottom = 240, 20, 40
    area = height - top - bottom
    count = max(len(labels), 1)
    slot = (CHART_WIDTH - 40) / count
    width = min(slot * 0.6, 80)
    largest = max(values + [1])
    shapes, texts = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = area * value / largest
        x = 20 + slot * index + (slot - width) / 2
        y = top + area - bar
        fill = PALETTE[1] if highlight is not None and index == highlight else PALETTE[0]
        shapes.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "width": round(width, 1),
                "height": max(round(bar, 1), 1),
                "fill": fill,
                "title": f"{label}: {value}",
            }
        )
        texts.append(
            {"x": x + width / 2, "y": y - 6, "text": str(value), "anchor": "middle", "cls": "value"}
        )
        texts.append(
            {
                "x": x + width / 2,
                "y": height - bottom + 18,
                "text": label,
                "anchor": "middle",
                "cls": "label",
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": height,
        "shapes": shapes,
        "texts": texts,
        "legend": [],
        "empty": not labels,
        "baseline": top + area,
    }


def _stages_chart(figure: Figure, filters: Filters) -> dict:
    chart = _bar_chart(
        [row[0] for row in figure.rows],
        [[row[2] for row in figure.rows]],
        [figure.columns[2]],
        centred=True,
        colours=FUNNEL_COLOURS,
    )
    chart["note"] = _(
        "The funnel shows how many prototypes reached at least each stage; the numbers "
        "below also give how many are at each stage now."
    )
    return chart


def _over_time_chart(figure: Figure, filters: Filters) -> dict:
    years = figure.keys  # BE, as the filter has them
    highlight = years.index(filters.fiscal_year) if filters.fiscal_year in years else None
    labels = [str(row[3]) for row in figure.rows]  # in the reader's era
    return _column_chart(labels, [row[1] for row in figure.rows], highlight)


# Bars a chart draws at most; the table and the exports hold every row.
TOP_ROWS = 15


def _simple_bars(value_columns):
    def build(figure: Figure, filters: Filters) -> dict:
        rows = figure.rows[:TOP_ROWS]
        chart = _bar_chart(
            [row[0] for row in rows],
            [[row[column] for row in rows] for column in value_columns],
            [figure.columns[column] for column in value_columns],
        )
        if len(figure.rows) > TOP_ROWS:
            chart["note"] = _(
                "The chart shows the first %(shown)s of %(total)s; the numbers below and the "
                "exports have them all."
            ) % {"shown": TOP_ROWS, "total": len(figure.rows)}
        return chart

    return build


def _outcomes_chart(figure: Figure, filters: Filters) -> dict:
    """Before and after on one scale per outcome: before is 100."""
    rows = [row for row in figure.rows if row[3]][:10]
    labels = [f"{row[0]} ({row[1]})" for row in rows]
    before = [100 for _row in rows]
    # Half up to a whole number, as the table's two decimals read (15.98 shows as 16, not 15).
    after = [
        int(rounded(row[4] * 100 / row[3]).quantize(Decimal(1), ROUND_HALF_UP)) for row in rows
    ]
    return _bar_chart(labels, [before, after], [_("Before = 100"), _("After")])


CHARTS = {
    "stages": _stages_chart,
    "over_time": _over_time_chart,
    "by_agency": _simple_bars([1]),
    "by_province": _simple_bars([2]),
    "by_region": _simple_bars([1, 2]),
    "training_reach": _simple_bars([1, 2, 3]),
    "training_to_prototypes": _simple_bars([1, 2]),
    "outcomes": _outcomes_chart,
}


def draw(figures: list[Figure], filters: Filters) -> None:
    """Give each figure its chart."""
    for figure in figures:
        figure.chart = CHARTS[figure.key](figure, filters)
