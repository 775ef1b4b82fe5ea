"""`compare.html`: one self-contained, offline page (no script, no font, no image, no network) with the KPI
table, inline SVG charts drawn here in Python, and who moves differently.

The page's own Content-Security-Policy forbids every fetch, so it reads the same from a USB stick (file://) as
anywhere else. Every text that comes from input is escaped with `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib import resources

from models.months import fmt_month
from planner.compare import (
    GROUPS,
    Comparison,
    Difference,
    KpiRow,
    ScenarioFigures,
    delta_sense,
    describe_move,
    describe_what,
    fmt_delta,
    fmt_value,
    kind_label,
    tr,
)

# Okabe–Ito colours: distinguishable with colour-blindness and in greyscale print order.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F7F7F", "#000000")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
TOP_UNITS = 10  # burden chart: this many source units at most

WIDTH = 640


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _css() -> str:
    return resources.files("planner.report").joinpath("assets/compare.css").read_text(encoding="utf-8")


def _num(value: float) -> str:
    """A coordinate: short, stable text."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 5 × 10^k, at least 1) so that about `ticks` steps cover `top`."""
    raw = max(top, 1) / ticks
    step = 1.0
    while step * 10 <= raw:
        step *= 10
    for mult in (1, 2, 5, 10):
        if step * mult >= raw:
            return max(1.0, step * mult)
    return max(1.0, step * 10)


def _axis_top(top: float) -> tuple[float, float]:
    step = nice_step(top)
    return step * max(1, -(-top // step)), step


def _svg_open(title_id: str, title: str, height: int) -> str:
    return (f'<svg viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{title_id}" class="chart-svg" preserveAspectRatio="xMidYMid meet">'
            f'<title id="{title_id}">{_e(title)}</title>')


def _legend(names: Sequence[str], y: float, x0: float = 0) -> str:
    """One row (wrapping) of colour swatches with scenario names."""
    parts, x, row = [], x0, 0
    for i, name in enumerate(names):
        label = name if len(name) <= 30 else name[:29] + "…"
        width = 24 + 7.5 * len(label)
        if x + width > WIDTH and x > x0:
            x, row = x0, row + 1
        yy = y + 16 * row
        parts.append(f'<rect x="{_num(x)}" y="{_num(yy - 9)}" width="10" height="10" fill="{colour(i)}"/>'
                     f'<text class="label" x="{_num(x + 14)}" y="{_num(yy)}">{_e(label)}</text>')
        x += width
    return f'<g class="legend">{"".join(parts)}</g>'


def _legend_rows(names: Sequence[str]) -> int:
    x, rows = 0.0, 1
    for name in names:
        width = 24 + 7.5 * min(len(name), 30)
        if x + width > WIDTH and x > 0:
            x, rows = 0, rows + 1
        x += width
    return rows


def _y_grid(left: int, top: int, plot_w: int, plot_h: int, ymax: float, step: float) -> list[str]:
    """Horizontal grid lines with their value labels, every `step` from 0 to `ymax` (vertical charts)."""
    out = []
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + plot_h - plot_h * tick / ymax
        out.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{_num(y)}" y2="{_num(y)}"/>'
                   f'<text class="tick" x="{left - 6}" y="{_num(y + 4)}" text-anchor="end">{tick:g}</text>')
        tick += step
    return out


def bar_chart(chart_id: str, title: str, categories: Sequence[str], names: Sequence[str],
              values: Sequence[Sequence[float]], backdrop: Sequence[Sequence[float]] | None = None,
              x_label: str = "", backdrop_label: str = "") -> str:
    """Vertical grouped bars: one group per category, one bar per scenario (`values[scenario][category]`).

    `backdrop`, when given, draws a pale bar of that height behind each bar (e.g. posts open behind posts filled).
    """
    legend_h = 16 * _legend_rows(names) + 8
    height = 280 + legend_h
    left, right, top, bottom = 44, 10, 14 + legend_h, 44
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max([v for row in values for v in row] + [v for row in (backdrop or []) for v in row] + [1])
    ymax, step = _axis_top(peak)
    out = [_svg_open(f"{chart_id}-t", title, height), _legend(names, 12)]
    out.extend(_y_grid(left, top, plot_w, plot_h, ymax, step))
    group_w = plot_w / max(1, len(categories))
    bar_w = min(36.0, group_w * 0.8 / max(1, len(names)))
    for c, cat in enumerate(categories):
        gx = left + group_w * c + (group_w - bar_w * len(names)) / 2
        for s, name in enumerate(names):
            x = gx + bar_w * s
            if backdrop is not None:
                b = backdrop[s][c]
                bh = plot_h * b / ymax
                out.append(f'<rect class="backdrop" x="{_num(x + 1)}" y="{_num(top + plot_h - bh)}" '
                           f'width="{_num(bar_w - 2)}" height="{_num(bh)}" fill="{colour(s)}" fill-opacity="0.18" '
                           f'stroke="{colour(s)}" stroke-opacity="0.5" stroke-dasharray="3 2">'
                           f'<title>{_e(name)} — {_e(cat)}: {b:g} {_e(backdrop_label)}</title></rect>')
            v = values[s][c]
            h = plot_h * v / ymax
            y = top + plot_h - h
            out.append(f'<rect class="bar" x="{_num(x + 1)}" y="{_num(y)}" width="{_num(bar_w - 2)}" '
                       f'height="{_num(h)}" fill="{colour(s)}"><title>{_e(name)} — {_e(cat)}: {v:g}</title></rect>')
            out.append(f'<text class="value" x="{_num(x + bar_w / 2)}" y="{_num(y - 3)}" '
                       f'text-anchor="middle">{v:g}</text>')
        out.append(f'<text class="tick" x="{_num(left + group_w * (c + 0.5))}" y="{top + plot_h + 16}" '
                   f'text-anchor="middle">{_e(cat)}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    if x_label:
        out.append(f'<text class="label" x="{_num(left + plot_w / 2)}" y="{height - 8}" '
                   f'text-anchor="middle">{_e(x_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def hbar_chart(chart_id: str, title: str, categories: Sequence[str], names: Sequence[str],
               values: Sequence[Sequence[float]]) -> str:
    """Horizontal grouped bars: one row per category (e.g. a source unit), one bar per scenario."""
    legend_h = 16 * _legend_rows(names) + 8
    bar_h = 12.0
    row_h = bar_h * len(names) + 10
    left, right, top, bottom = 236, 30, 10 + legend_h, 26
    plot_w = WIDTH - left - right
    plot_h = row_h * max(1, len(categories))
    height = int(top + plot_h + bottom)
    peak = max([v for row in values for v in row] + [1])
    xmax, step = _axis_top(peak)
    out = [_svg_open(f"{chart_id}-t", title, height), _legend(names, 12)]
    tick = 0.0
    while tick <= xmax + 1e-9:
        x = left + plot_w * tick / xmax
        out.append(f'<line class="grid" x1="{_num(x)}" x2="{_num(x)}" y1="{top}" y2="{_num(top + plot_h)}"/>'
                   f'<text class="tick" x="{_num(x)}" y="{_num(top + plot_h + 14)}" text-anchor="middle">'
                   f'{tick:g}</text>')
        tick += step
    for c, cat in enumerate(categories):
        y0 = top + row_h * c + 5
        label = cat if len(cat) <= 32 else cat[:31] + "…"
        out.append(f'<text class="tick" x="{left - 6}" y="{_num(y0 + row_h / 2)}" text-anchor="end">'
                   f'<title>{_e(cat)}</title>{_e(label)}</text>')
        for s, name in enumerate(names):
            v = values[s][c]
            w = plot_w * v / xmax
            y = y0 + bar_h * s
            out.append(f'<rect class="bar" x="{left}" y="{_num(y)}" width="{_num(w)}" height="{_num(bar_h - 2)}" '
                       f'fill="{colour(s)}"><title>{_e(name)} — {_e(cat)}: {v:g}</title></rect>'
                       f'<text class="value" x="{_num(left + w + 3)}" y="{_num(y + bar_h - 3)}">{v:g}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{_num(top + plot_h)}"/>')
    out.append("</svg>")
    return "".join(out)


def step_chart(chart_id: str, title: str, months: Sequence[int], names: Sequence[str],
               used: Sequence[Sequence[float]], capacity: Sequence[Sequence[float]]) -> str:
    """Per scenario, a solid step line of `used` per month and a dashed one of `capacity`, same colour."""
    legend_h = 16 * _legend_rows(names) + 8
    height = 260 + legend_h
    left, right, top, bottom = 44, 14, 14 + legend_h, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max([v for row in used for v in row] + [v for row in capacity for v in row] + [1])
    ymax, step = _axis_top(peak)
    n = max(1, len(months))
    col = plot_w / n
    out = [_svg_open(f"{chart_id}-t", title, height), _legend(names, 12)]
    out.extend(_y_grid(left, top, plot_w, plot_h, ymax, step))
    every = max(1, -(-n // 8))
    for i, m in enumerate(months):
        if i % every == 0:
            x = left + col * i
            out.append(f'<line class="axis" x1="{_num(x)}" x2="{_num(x)}" y1="{top + plot_h}" '
                       f'y2="{top + plot_h + 4}"/><text class="tick" x="{_num(x)}" y="{top + plot_h + 16}" '
                       f'text-anchor="middle">{_e(fmt_month(m))}</text>')

    def path(series: Sequence[float], offset: float) -> str:
        pts = []
        for i, v in enumerate(series):
            y = top + plot_h - plot_h * v / ymax - offset
            x0, x1 = left + col * i, left + col * (i + 1)
            pts.append(f"{'M' if i == 0 else 'L'}{_num(x0)},{_num(y)} L{_num(x1)},{_num(y)}")
        return " ".join(pts)

    for s, name in enumerate(names):
        offset = 1.5 * s  # keeps equal lines of several scenarios visible side by side
        if capacity[s]:
            out.append(f'<path class="capacity" d="{path(capacity[s], offset)}" fill="none" stroke="{colour(s)}" '
                       f'stroke-width="1.5" stroke-dasharray="5 4"><title>{_e(name)}</title></path>')
        if used[s]:
            total = sum(used[s])
            out.append(f'<path class="used" d="{path(used[s], offset)}" fill="none" stroke="{colour(s)}" '
                       f'stroke-width="2.5"><title>{_e(name)}: {total:g}</title></path>')
    out.append(f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    out.append("</svg>")
    return "".join(out)


# --- the four charts of the comparison ------------------------------------------------------------------------
def _figure(chart_id: str, title: str, svg: str, note: str = "") -> str:
    note_html = f'<p class="note">{_e(note)}</p>' if note else ""
    return (f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>{svg}{note_html}'
            f"</figure>")


def _empty(chart_id: str, title: str, lang: str) -> str:
    return (f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>'
            f'<p class="note">{_e(tr("chart.empty", lang))}</p></figure>')


def chart_priority(cmp: Comparison) -> str:
    lang, names = cmp.lang, cmp.names
    title = tr("chart.priority", lang)
    prios = [5, 4, 3, 2, 1]
    values = [[f.filled_by_priority.get(p, 0) for p in prios] for f in cmp.scenarios]
    opened = [[f.open_by_priority.get(p, 0) for p in prios] for f in cmp.scenarios]
    svg = bar_chart("chart-priority", title, [str(p) for p in prios], names, values, backdrop=opened,
                    x_label=tr("chart.priority.x", lang), backdrop_label=tr("chart.priority.open", lang))
    return _figure("chart-priority", title, svg, tr("chart.priority.note", lang))


def chart_groups(cmp: Comparison) -> str:
    lang, names = cmp.lang, cmp.names
    title = tr("chart.groups", lang)
    values = [[f.groups.get(g, 0) for g in GROUPS] for f in cmp.scenarios]
    svg = bar_chart("chart-groups", title, [tr(f"group.{g}", lang) for g in GROUPS], names, values)
    return _figure("chart-groups", title, svg)


def chart_seats(cmp: Comparison) -> str:
    lang, names = cmp.lang, cmp.names
    title = tr("chart.seats", lang)
    months = sorted({s.month for f in cmp.scenarios for s in f.seat_use})
    if not months:
        return _empty("chart-seats", title, lang)
    used, cap = [], []
    for f in cmp.scenarios:
        by_month = {s.month: s for s in f.seat_use}
        used.append([by_month[m].used if m in by_month else 0 for m in months])
        cap.append([by_month[m].capacity if m in by_month else 0 for m in months])
    svg = step_chart("chart-seats", title, months, names, used, cap)
    return _figure("chart-seats", title, svg, tr("chart.seats.note", lang))


def chart_burden(cmp: Comparison) -> str:
    lang, names = cmp.lang, cmp.names
    title = tr("chart.burden", lang)
    units: dict[str, str] = {}
    peak: dict[str, int] = {}
    for f in cmp.scenarios:
        for unit_id, n in f.burden.items():
            units.setdefault(unit_id, f.unit_names.get(unit_id, unit_id))
            peak[unit_id] = max(peak.get(unit_id, 0), n)
    if not units:
        return _empty("chart-burden", title, lang)
    top = sorted(peak, key=lambda u: (-peak[u], units[u], u))[:TOP_UNITS]
    values = [[f.burden.get(u, 0) for u in top] for f in cmp.scenarios]
    svg = hbar_chart("chart-burden", title, [units[u] for u in top], names, values)
    return _figure("chart-burden", title, svg)


# --- tables -------------------------------------------------------------------------------------------------------
def _kpi_table(cmp: Comparison) -> str:
    lang = cmp.lang
    head = [f'<th scope="col">{_e(tr("kpi", lang))}</th>']
    for i, name in enumerate(cmp.names):
        swatch = f'<span class="swatch" style="background:{colour(i)}"></span> '
        head.append(f'<th scope="col" class="num">{swatch}{_e(name)}</th>')
        if i > 0:
            head.append(f'<th scope="col" class="num">{_e(tr("delta", lang))}</th>')
    body = [_kpi_row(row, lang) for row in cmp.rows]
    return (f'<table class="kpi" id="kpi-table"><thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _kpi_row(row: KpiRow, lang: str) -> str:
    label = tr(f"kpi.{row.key}", lang)
    sub = label.startswith("  ")
    cells = [f"<td>{_e(label.strip())}</td>"]
    for i, value in enumerate(row.values):
        cells.append(f'<td class="num">{_e(fmt_value(row.metric, value, lang))}</td>')
        if i > 0:
            sense = delta_sense(row.metric, row.deltas[i])
            cells.append(f'<td class="delta {sense}">{_e(fmt_delta(row.metric, row.deltas[i]))}</td>')
    cls = ' class="sub"' if sub else ""
    return f'<tr{cls} data-kpi="{_e(row.key)}">{"".join(cells)}</tr>'


def _diff_table(cmp: Comparison, scenario: str, diffs: Sequence[Difference]) -> str:
    lang = cmp.lang
    if not diffs:
        return f'<p class="note">{_e(tr("no_differences", lang))}</p>'
    heads = [tr("change", lang), tr("cadre", lang), tr("from_unit", lang), tr("in_base", lang, base=cmp.base),
             tr("in_other", lang), tr("what_changed", lang)]
    rows = []
    for d in diffs:
        rows.append(
            f'<tr class="diff {d.change}"><td><span class="change {d.change}">{_e(tr(f"change.{d.change}", lang))}'
            f'</span></td><td>{_e(d.cadre_name)} <span class="ids">{_e(d.cadre_id)}</span></td>'
            f'<td>{_e(d.from_unit_name)}</td><td>{_e(describe_move(d.before, lang))}</td>'
            f'<td>{_e(describe_move(d.after, lang))}</td><td>{_e(describe_what(d, lang))}</td></tr>')
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    return (f'<table class="diff" data-scenario="{_e(scenario)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _assignments(f: ScenarioFigures, lang: str) -> str:
    heads = [tr("kind", lang), tr("cadre", lang), tr("from_unit", lang), tr("target_unit", lang),
             tr("title_col", lang), tr("start", lang), tr("end", lang), tr("score", lang)]
    rows = []
    for v in f.moves:
        score = "" if v.score is None else f"{v.score:g}"
        rows.append(f"<tr><td>{_e(kind_label(v.kind, lang))}</td><td>{_e(v.cadre_name)} "
                    f'<span class="ids">{_e(v.cadre_id)}</span></td><td>{_e(v.from_unit_name)}</td>'
                    f'<td>{_e(v.target_unit_name)} <span class="ids">{_e(v.target_id)}</span></td>'
                    f"<td>{_e(v.title)}</td><td>{fmt_month(v.start)}</td><td>{fmt_month(v.end)}</td>"
                    f'<td class="num">{_e(score)}</td></tr>')
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    return (f"<details><summary>{_e(f.name)} — {_e(tr('assignments', lang))} ({len(f.moves)})</summary>"
            f'<table class="assignments"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"</details>")


def render_html(cmp: Comparison, generated: str | None = None) -> str:
    """The whole page as text (UTF-8 when written)."""
    lang = cmp.lang
    scenarios = []
    for i, f in enumerate(cmp.scenarios):
        file_html = f' <span class="file">{_e(f.file)}</span>' if f.file else ""
        scenarios.append(f'<li><span class="swatch" style="background:{colour(i)}"></span>'
                         f"<strong>{_e(f.name)}</strong>{file_html}</li>")
    warnings = []
    for f in cmp.scenarios:
        if f.violations:
            warnings.append(f'<p class="warn">{_e(tr("cli.violations", lang, name=f.name, n=len(f.violations)))}'
                            f"</p>")
    diff_sections = []
    for f in cmp.scenarios[1:]:
        mine = [d for d in cmp.differences if d.scenario == f.name]
        diff_sections.append(f"<h3>{_e(f.name)}</h3>{_diff_table(cmp, f.name, mine)}")
    if not diff_sections:
        diff_sections.append(f'<p class="note">{_e(tr("no_differences", lang))}</p>')
    meta = f'<p class="meta">{_e(tr("generated", lang))}: {_e(generated)}</p>' if generated else ""
    charts = "".join((chart_priority(cmp), chart_groups(cmp), chart_seats(cmp), chart_burden(cmp)))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{_e(tr("title", lang))}</title>'
        f"<style>{_css()}</style></head><body>"
        f'<header><h1>{_e(tr("title", lang))}</h1>'
        f'<p class="sub">{_e(tr("subtitle", lang, base=cmp.base))}</p>{meta}'
        f'<ul class="scenarios">{"".join(scenarios)}</ul>{"".join(warnings)}</header>'
        f'<main><section id="kpis"><h2>{_e(tr("kpis", lang))}</h2>{_kpi_table(cmp)}</section>'
        f'<section id="charts"><h2>{_e(tr("charts", lang))}</h2><div class="charts">{charts}</div></section>'
        f'<section id="differences"><h2>{_e(tr("differences", lang, base=cmp.base))}</h2>'
        f'{"".join(diff_sections)}</section>'
        f'<section id="assignments"><h2>{_e(tr("assignments", lang))}</h2>'
        f'{"".join(_assignments(f, lang) for f in cmp.scenarios)}</section></main>'
        f'<footer>{_e(tr("footer", lang))}</footer></body></html>\n'
    )
