"""Server-rendered SVG bar chart: population vs letters vs replies per stratum.

No JavaScript and no external library: the same markup prints, exports and works with
screen readers (it has a title and a description; the page shows the numbers as a table
next to it).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from quartier.lottery.comparison import Comparison
from quartier.lottery.selectors import CategoryStats

SERIES = (
    ("population_share", "#4a5a8c"),
    ("letters_share", "#b5651d"),
    ("replies_share", "#2e7d32"),
)
BAR = 9
GAP = 14
LABEL_WIDTH = 150
PLOT_WIDTH = 300


def series_labels() -> list[str]:
    return [_("Population"), _("Letters"), _("Replies")]


def bar_chart(stats: CategoryStats, chart_id: str) -> SafeString:
    rows = [
        (row.label, [float(getattr(row, attribute)) for attribute, _c in SERIES])
        for row in stats.rows
    ]
    series = list(zip(series_labels(), [colour for _a, colour in SERIES], strict=True))
    return share_chart(
        title=stats.label,
        description=_(
            "Share of population, letters and replies per value; the table below gives the numbers."
        ),
        rows=rows,
        series=series,
        chart_id=chart_id,
    )


def share_chart(
    *,
    title: str,
    description: str,
    rows: list[tuple[str, list[float]]],
    series: list[tuple[str, str]],
    chart_id: str,
) -> SafeString:
    """Horizontal bars: one group per row, one bar per series (shares between 0 and 1)."""
    group = len(series) * BAR + GAP
    height = len(rows) * group + 40
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="lottery-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    y = 10
    for label, shares in rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + len(series) * BAR / 2 + 4}" text-anchor="end" font-size="12" fill="#1a1a1a">{escape(label)}</text>'
        )
        for index, ((_name, colour), share) in enumerate(zip(series, shares, strict=True)):
            bar_y = y + index * BAR
            length = max(share * PLOT_WIDTH, 0.5)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{BAR - 1}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR - 1}" font-size="9" fill="#1a1a1a">{round(100 * share)} %</text>'
            )
        y += group
    legend_x = LABEL_WIDTH
    for name, colour in series:
        parts.append(f'<rect x="{legend_x}" y="{y + 4}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{legend_x + 14}" y="{y + 13}" font-size="11" fill="#1a1a1a">{escape(name)}</text>'
        )
        legend_x += 150
    parts.append("</svg>")
    return mark_safe("".join(parts))


def comparison_chart(comparison: Comparison, chart_id: str) -> SafeString:
    """The extract against the official figures (two bars per value)."""
    return share_chart(
        title=comparison.label,
        description=_(
            "Share in the register extract and in the official statistic per value; the "
            "table below gives the numbers."
        ),
        rows=[(row.label, [row.extract_share, row.official_share]) for row in comparison.rows],
        series=[(_("Register extract"), "#b5651d"), (_("Official statistic"), "#4a5a8c")],
        chart_id=chart_id,
    )
