"""Server-side SVG charts: readable without JavaScript, described for screen readers, never colour alone.

Every chart is drawn with text labels on the marks themselves and each series has its own line pattern and
marker shape; the page shows the same figures in a table beside it. Colours keep at least 3:1 against white.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Dark enough for 3:1 against white (WCAG 1.4.11); the text labels are darker still.
SERIES_STYLES = [
    {"colour": "#1f4e79", "dash": "", "marker": "circle"},
    {"colour": "#8a3b00", "dash": "8 4", "marker": "square"},
    {"colour": "#2d6a2d", "dash": "2 3", "marker": "triangle"},
    {"colour": "#5b2a86", "dash": "12 3 3 3", "marker": "diamond"},
]
TEXT = "#1a1a1a"
GRID = "#767676"


def format_number(value: Decimal | float | None) -> str:
    """Swedish number: decimal comma, thin space between thousands, at most two decimals."""
    if value is None:
        return "–"
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


@dataclass
class Series:
    label: str
    values: dict[str, Decimal]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude: int = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" class="chart-svg" '
        'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def line_chart(
    *, chart_id: str, title: str, description: str, periods: list[str], series: list[Series], unit: str = ""
) -> SafeString:
    """An indicator over time: one line per series, each with its own pattern and marker, labelled at its end."""
    width, height = 760, 340
    left, right, top, bottom = 64, 190, 34, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values.values()]
    y_max = _nice_max(max(values, default=0))
    y_min = min(0.0, min(values, default=0))
    span = (y_max - y_min) or 1.0

    def x_at(i: int) -> float:
        return left + (plot_w * i / max(len(periods) - 1, 1) if len(periods) > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        return top + plot_h - (v - y_min) / span * plot_h

    out = _open(chart_id, title, description, width, height)
    for step in range(5):
        v = y_min + span * step / 4
        y = y_at(v)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{escape(format_number(v))}</text>'
        )
    if unit:
        out.append(f'<text x="{left - 8}" y="{top - 18}" text-anchor="end" fill="{TEXT}">{escape(unit)}</text>')
    for i, period in enumerate(periods):
        out.append(
            f'<text x="{x_at(i):.1f}" y="{height - bottom + 20}" text-anchor="middle" '
            f'fill="{TEXT}">{escape(period)}</text>'
        )
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{TEXT}"/>')
    label_ys: list[float] = []
    for index, s in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = [(x_at(i), y_at(float(s.values[p]))) for i, p in enumerate(periods) if p in s.values]
        if not points:
            continue
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{style["colour"]}" stroke-width="2.5"{dash}/>')
        for x, y in points:
            out.append(_marker(style["marker"], x, y, style["colour"]))
        # The series is named at its last point, nudged so labels never overlap.
        last_y = points[-1][1]
        label_y = last_y
        while any(abs(label_y - other) < 16 for other in label_ys):
            label_y += 16
        label_ys.append(label_y)
        last_period = [p for p in periods if p in s.values][-1]
        out.append(_marker(style["marker"], left + plot_w + 16, label_y, style["colour"]))
        out.append(
            f'<text x="{left + plot_w + 26}" y="{label_y + 4:.1f}" fill="{TEXT}">'
            f"{escape(s.label)}: {escape(format_number(s.values[last_period]))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: list[tuple[str, Decimal, bool]], unit: str = ""
) -> SafeString:
    """Organisations side by side for one period: horizontal bars, each named and with its value written out.

    A reference bar (the whole län) is drawn hatched-outline rather than filled, and says so in its label.
    """
    row_h, left, right, top = 26, 200, 90, 10
    width = 760
    height = top * 2 + row_h * max(len(bars), 1) + 24
    plot_w = width - left - right
    max_value = _nice_max(max((float(v) for _l, v, _r in bars), default=0))
    out = _open(chart_id, title, description, width, height)
    for i, (label, value, reference) in enumerate(bars):
        y = top + i * row_h
        bar_w = max(float(value), 0) / max_value * plot_w
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}">{escape(label)}</text>')
        if reference:
            out.append(
                f'<rect x="{left}" y="{y + 4}" width="{bar_w:.1f}" height="{row_h - 8}" fill="#ffffff" '
                f'stroke="{SERIES_STYLES[1]["colour"]}" stroke-width="2" stroke-dasharray="6 3"/>'
            )
        else:
            out.append(
                f'<rect x="{left}" y="{y + 4}" width="{bar_w:.1f}" height="{row_h - 8}" '
                f'fill="{SERIES_STYLES[0]["colour"]}"/>'
            )
        value_text = format_number(value) + (f" {unit}" if unit else "")
        out.append(f'<text x="{left + bar_w + 6:.1f}" y="{y + 17}" fill="{TEXT}">{escape(value_text)}</text>')
    axis_y = top + row_h * len(bars) + 4
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{TEXT}"/>')
    out.append("</svg>")
    return mark_safe("".join(out))


def indicator_chart_context(*, indicator: Any, figures: Any, period: str, organisation_slug: str) -> dict[str, Any]:
    """Both charts of an indicator page and the tables with the same figures."""
    county_label = str(_("Hela länet"))
    slug_to_name = {slug: name for name, slug in figures.organisation_slugs.items()}
    chosen = slug_to_name.get(organisation_slug, "")
    series: list[Series] = []
    if figures.county_values:
        series.append(Series(county_label, figures.county_values))
    if chosen:
        series.append(Series(chosen, figures.by_organisation[chosen]))
    elif not series and figures.by_organisation:
        first = next(iter(figures.by_organisation))
        series.append(Series(first, figures.by_organisation[first]))
    unit = indicator.unit
    periods = figures.periods
    over_time = None
    if periods and series:
        over_time = line_chart(
            chart_id="chart-over-time",
            title=str(_("%(name)s över tid") % {"name": indicator.name}),
            description=str(
                _("Linjediagram för %(series)s, perioderna %(first)s–%(last)s. Samma siffror finns i tabellen nedan.")
                % {"series": ", ".join(s.label for s in series), "first": periods[0], "last": periods[-1]}
            ),
            periods=periods,
            series=series,
            unit=unit,
        )
    selected_period = period if period in periods else (periods[-1] if periods else "")
    bars: list[tuple[str, Decimal, bool]] = [
        (name, values[selected_period], False)
        for name, values in figures.by_organisation.items()
        if selected_period in values
    ]
    if selected_period in figures.county_values:
        bars.append((county_label + " " + str(_("(jämförelse)")), figures.county_values[selected_period], True))
    side_by_side = None
    if bars:
        side_by_side = bar_chart(
            chart_id="chart-by-organisation",
            title=str(_("%(name)s per organisation %(period)s") % {"name": indicator.name, "period": selected_period}),
            description=str(
                _(
                    "Stapeldiagram med %(count)s organisationer för perioden %(period)s. "
                    "Samma siffror finns i tabellen nedan."
                )
                % {"count": len(bars), "period": selected_period}
            ),
            bars=bars,
            unit=unit,
        )
    time_rows = [(p, [format_number(s.values.get(p)) for s in series]) for p in periods]
    return {
        "periods": periods,
        "series": series,
        "over_time_svg": over_time,
        "time_rows": time_rows,
        "selected_period": selected_period,
        "selected_organisation": organisation_slug if chosen else "",
        "organisation_choices": sorted(figures.organisation_slugs.items()),
        "side_by_side_svg": side_by_side,
        "bar_rows": [(label, format_number(value), reference) for label, value, reference in bars],
    }


STATUS_FILL = {
    "ej_paborjad": "#ffffff",
    "pagar": "#1f4e79",
    "klar": "#2d6a2d",
    "forsenad": "#a4262c",
    "pausad": "#8a3b00",
}


def timeline_svg(*, timeline: Any, title: str) -> SafeString:
    """Workstreams as bars over the years, milestones as numbered diamonds; the status is written on each row."""
    left, right, top, row_h = 20, 20, 36, 64
    width = 1000
    plot_w = width - left - right
    height = top + row_h * max(len(timeline.rows), 1) + 10

    def x(pct: int) -> float:
        return left + plot_w * pct / 100

    description = _(
        "Tidslinje %(start)s–%(end)s med %(count)s arbetsområden. Samma uppgifter finns i tabellen nedan."
    ) % {
        "start": timeline.start.year,
        "end": timeline.end.year,
        "count": len(timeline.rows),
    }
    out = _open("timeline", title, str(description), width, height)
    for year, pct in timeline.years:
        out.append(
            f'<line x1="{x(pct):.1f}" y1="{top - 14}" x2="{x(pct):.1f}" y2="{height}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{x(pct) + 4:.1f}" y="{top - 18}" fill="{TEXT}">{year}</text>')
    if timeline.today is not None:
        out.append(
            f'<line x1="{x(timeline.today):.1f}" y1="{top - 10}" x2="{x(timeline.today):.1f}" y2="{height}" '
            f'stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<text x="{x(timeline.today) + 4:.1f}" y="{top - 2}" fill="{TEXT}">{escape(str(_("I dag")))}</text>'
        )
    for i, row in enumerate(timeline.rows):
        y = top + i * row_h
        ws = row.workstream
        label = f"{ws.name} – {ws.get_status_display()}, {ws.progress} %"
        out.append(f'<text x="{left}" y="{y + 16}" fill="{TEXT}" font-weight="600">{escape(label)}</text>')
        fill = STATUS_FILL.get(ws.status, "#1f4e79")
        out.append(
            f'<rect x="{x(row.offset):.1f}" y="{y + 24}" width="{plot_w * row.width / 100:.1f}" height="14" '
            f'fill="{fill}" stroke="{TEXT}" stroke-width="1"/>'
        )
        last_label_x = -100.0
        stagger = 0
        for milestone, pct, number in row.milestones:
            mx, my = x(pct), y + 31
            # Milestones a few days apart would print their numbers on top of each other.
            stagger = 0 if mx - last_label_x > 14 else stagger + 10
            last_label_x = mx
            colour = "#2d6a2d" if milestone.status == "klar" else "#ffffff"
            out.append(
                f"<g><title>{escape(f'{number}. {milestone.title} ({milestone.due_date:%Y-%m-%d})')}</title>"
                f'<polygon points="{mx:.1f},{my - 9:.1f} {mx + 9:.1f},{my:.1f} '
                f'{mx:.1f},{my + 9:.1f} {mx - 9:.1f},{my:.1f}" '
                f'fill="{colour}" stroke="{TEXT}" stroke-width="1.5"/>'
                f'<text x="{mx + stagger:.1f}" y="{my + 22:.1f}" text-anchor="middle" fill="{TEXT}" '
                f'font-size="11">{number}</text></g>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))
