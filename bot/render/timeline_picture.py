"""Facts → a timeline picture (PNG) and its alt text. Pure: views, a day and a language in, bytes out.

One row per mission and Dutch contribution (plus a thin row for the international operation's own dates):
the plan (the first dates sources gave, as an outline, drawn only where sources moved them) above what happened
or is now expected (a solid bar up to today, lighter beyond). A date known only to a month, half-month, season
or year is drawn as a soft span over its whole period, never as a sharp day; milestones are markers, filled
when confirmed, hollow when expected, probable or estimated; today is a red line. The card is opaque and
light, so it reads the same on Discord's dark and light themes.

Drawn with Pillow alone (measured against matplotlib: ``python -m bench.run timeline``, README "Benchmarks"),
imported only when a picture is drawn, so that the idle bot does not carry it. The font is DejaVu Sans (the one
matplotlib ships), cut to the Latin scripts and kept here (``fonts/``, 150 KB with its bold): Pillow's own
scalable default font has no "é", "ë" or dash, which Dutch labels need. Every machine draws the same picture
without system fonts.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.dates import Certainty, FuzzyDate, Precision, format_day, format_with_certainty
from bot.facts.model import END_KINDS, MAIN, START_KINDS, Milestone, MilestoneKind, Scope, Status
from bot.facts.periods import milestone_end
from bot.facts.snapshot import MissionView, Versioned
from bot.i18n import Language, say
from bot.render.lines import STATUS_ORDER, contribution_heading, milestone_name

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parent / "fonts"
ALT_TEXT_MAX = 1024  # Discord's limit for an attachment's description
MAX_MISSIONS = 30  # a picture taller than this is not readable in a chat; the rest are named as left out

WIDTH = 1100
PAD = 24
LABEL_WIDTH = 290
HEADER = 74
AXIS = 40
LEGEND = 44
ROW = 50  # a contribution's row (all missions)
ROW_SINGLE = 70  # with room for marker labels (one mission)
OPERATION_ROW = 30
MARKER_LANE = 38  # below a row's top: the plan's outline at 6–12, the bar at 16–28, then the markers

Rgb = tuple[int, int, int]
CARD: Rgb = (250, 250, 247)
STRIPE: Rgb = (240, 240, 234)
BORDER: Rgb = (150, 150, 145)
INK: Rgb = (28, 32, 38)
MUTED: Rgb = (96, 102, 112)
GRID: Rgb = (214, 214, 208)
TODAY: Rgb = (205, 38, 38)
WHITE: Rgb = (255, 255, 255)
BAR: dict[Status, Rgb] = {Status.ACTIVE: (47, 111, 78), Status.PLANNED: (168, 128, 16), Status.ENDED: (107, 114, 128)}
OPERATION_BAR: Rgb = (120, 132, 160)


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn timeline: the PNG, its alt text (≤ 1024 characters, naming every mission drawn) and its file name."""

    png: bytes
    alt: str
    filename: str
    missions: tuple[str, ...]  # the slugs drawn, top to bottom
    width: int
    height: int
    rows: int
    first_day: date  # the time axis: the first and last day drawn
    last_day: date
    lanes: tuple[int, ...]  # the y of each row's milestone markers, top to bottom

    def x(self, day: date) -> float:
        """Where ``day`` begins on the picture (for tests that look at its pixels)."""
        days = (self.last_day - self.first_day).days + 1
        return PAD + LABEL_WIDTH + (day - self.first_day).days / days * (WIDTH - PAD - PAD - LABEL_WIDTH)


@dataclass(frozen=True, slots=True)
class Span:
    """Part of a bar: from ``start`` to ``end`` (each a fuzzy date, so either edge can be soft); ``end`` None:
    open, up to the picture's right edge."""

    start: FuzzyDate
    end: FuzzyDate | None
    end_day: date | None = None  # a sharp end given as a day (a start plus its duration)


@dataclass(frozen=True, slots=True)
class Row:
    slug: str
    title: str  # the mission's name, on its first row only ("" after)
    label: str
    status: Status
    milestones: tuple[Milestone, ...]
    planned: Span | None
    actual: Span | None
    operation: bool = False


# -- what to draw -------------------------------------------------------------------------------------
def current_views(views: Iterable[MissionView]) -> list[MissionView]:
    """The missions that have not ended, active first, then planned, each by name."""
    order = {status: i for i, status in enumerate(STATUS_ORDER)}
    chosen = [v for v in views if v.status is not Status.ENDED]
    return sorted(chosen, key=lambda v: (order[v.status], v.mission.name.en.casefold()))


def _first(versioned: Versioned[Milestone]) -> Milestone:
    """The oldest version: what was planned before later sources moved it."""
    return versioned.history[0] if versioned.history else versioned.current


def _span(start: Milestone | None, end: Milestone | None) -> Span | None:
    if start is None:
        return None
    if end is not None and end.date.last >= start.date.first:
        return Span(start.date, end.date)
    if start.until is not None:
        return Span(start.date, start.until)
    last = milestone_end(start)
    return Span(start.date, None, last) if last is not None else Span(start.date, None)


def _contribution_row(
    view: MissionView, key: str, number: int, items: list[Versioned[Milestone]], lang: Language
) -> Row:
    currents = [v.current for v in items]
    starts = [v for v in items if v.current.kind in START_KINDS]
    ends = [v for v in items if v.current.kind in END_KINDS]
    arrival = next((v for v in starts if v.current.kind is MilestoneKind.ARRIVAL), None)
    first_start = min(starts, key=lambda v: v.current.date.first, default=None)
    actual_start = arrival or first_start
    last_end = max(ends, key=lambda v: v.current.date.last, default=None)
    plan_start = next((v for v in starts if v.current.kind is MilestoneKind.DEPLOYMENT_START), first_start)
    planned = _span(_first(plan_start) if plan_start else None, _first(last_end) if last_end else None)
    actual = _span(actual_start.current if actual_start else None, last_end.current if last_end else None)
    if planned == actual:
        planned = None  # drawn only where sources moved the dates: the outline then shows the plan it was
    period = next((p for p in view.periods if p.key == key), None)
    contribution = next((c.current for c in view.contributions if c.current.key == key), None)
    if contribution is not None and key != MAIN and contribution.task is not None:
        label = contribution.task.get(lang)  # the heading's "Dutch contribution — " would only repeat itself
    elif contribution is not None:
        label = contribution_heading(view, contribution, lang)
    elif key == MAIN:
        label = say("card.contribution", lang)
    else:
        label = say("card.contribution_part", lang, contribution=say("card.contribution", lang), number=number)
    return Row(
        slug=view.mission.slug,
        title="",
        label=label,
        status=period.status if period else view.status,
        milestones=tuple(currents),
        planned=planned,
        actual=actual,
    )


def mission_rows(view: MissionView, lang: Language) -> list[Row]:
    """One row per Dutch contribution with dates (the main one first), then the operation's own dates."""
    groups: dict[str, list[Versioned[Milestone]]] = {}
    operation: list[Milestone] = []
    for versioned in view.milestones:
        m = versioned.current
        if m.scope is Scope.OPERATION:
            operation.append(m)
        else:
            groups.setdefault(m.contribution, []).append(versioned)
    keys = sorted(groups, key=lambda key: (key != MAIN, key))
    rows = [_contribution_row(view, key, n, groups[key], lang) for n, key in enumerate(keys, start=1)]
    if not rows:  # a mission with no Dutch dates yet still gets its row
        rows.append(Row(view.mission.slug, "", say("card.contribution", lang), view.status, (), None, None))
    if operation:
        status = view.operation.status if view.operation else Status.PLANNED
        rows.append(Row(view.mission.slug, "", say("card.operation", lang), status, tuple(operation), None, None, True))
    name = view.mission.name.get(lang)
    rows[0] = Row(**{**_fields(rows[0]), "title": name})
    return rows


def _fields(row: Row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in Row.__slots__}


# -- alt text -------------------------------------------------------------------------------------------
def _fit(head: str, parts: list[str], tail: str = "", limit: int = ALT_TEXT_MAX) -> str:
    """``head`` and as many whole ``parts`` as fit (joined by "; "), then ``tail``."""
    text = head
    for part in parts:
        candidate = f"{text}; {part}" if text != head else f"{text} {part}"
        if len(candidate) + len(tail) + 1 > limit:
            break
        text = candidate
    return f"{text} {tail}".strip() if tail else text


def _alt_text(views: list[MissionView], as_of: date, lang: Language, left_out: int, single: bool) -> str:
    day = format_day(as_of, lang)
    if single:
        (view,) = views
        name = view.mission.name.get(lang)
        head = say("picture.alt_one", lang, name=name, status=say(f"status.{view.status}", lang).lower(), day=day)
        parts = [
            f"{milestone_name(m, lang)}: {format_with_certainty(m.date, m.certainty, lang)}"
            for m in (v.current for v in view.milestones)
        ]
        return _fit(head, parts)
    names = [f"{v.mission.name.get(lang)} ({say(f'status.{v.status}', lang).lower()})" for v in views]
    head = say("picture.alt_all", lang, count=len(views), day=day)
    tail = say("picture.alt_left_out", lang, count=left_out) if left_out else ""
    text = head + " " + "; ".join(names) + (" " + tail if tail else "")
    if len(text) <= ALT_TEXT_MAX:
        return text
    plain = head + " " + "; ".join(v.mission.name.get(lang) for v in views) + (" " + tail if tail else "")
    return plain  # the caller made sure the plain names fit


def _fitting_views(views: list[MissionView], as_of: date, lang: Language) -> list[MissionView]:
    """As many missions as the alt text can name (each name is up to 100 characters), at most MAX_MISSIONS."""
    chosen: list[MissionView] = []
    for view in views[:MAX_MISSIONS]:
        trial = [*chosen, view]
        left_out = len(views) - len(trial)
        head = say("picture.alt_all", lang, count=len(trial), day=format_day(as_of, lang))
        tail = say("picture.alt_left_out", lang, count=left_out) if left_out else ""
        plain = head + " " + "; ".join(v.mission.name.get(lang) for v in trial) + (" " + tail if tail else "")
        if len(plain) > ALT_TEXT_MAX:
            break
        chosen = trial
    return chosen


# -- drawing --------------------------------------------------------------------------------------------
def _mix(colour: Rgb, background: Rgb, alpha: float) -> Rgb:
    return (
        round(colour[0] * alpha + background[0] * (1 - alpha)),
        round(colour[1] * alpha + background[1] * (1 - alpha)),
        round(colour[2] * alpha + background[2] * (1 - alpha)),
    )


class _Canvas:
    """The drawing surface with its time scale: days to x."""

    def __init__(self, height: int, first: date, last: date, lang: Language) -> None:
        from PIL import Image, ImageDraw, ImageFont  # here, not at the top: the idle bot does not load Pillow

        self.image = Image.new("RGB", (WIDTH, height), CARD)
        self.draw: ImageDraw.ImageDraw = ImageDraw.Draw(self.image)
        self.font: ImageFont.FreeTypeFont = _font(ImageFont, 15, bold=True)
        self.small: ImageFont.FreeTypeFont = _font(ImageFont, 13)
        self.title_font: ImageFont.FreeTypeFont = _font(ImageFont, 21, bold=True)
        self.first, self.last, self.lang = first, last, lang
        self.left, self.right = PAD + LABEL_WIDTH, WIDTH - PAD
        self.days = max(1, (last - first).days + 1)
        self._run: tuple[int, int, int, int, Rgb] | None = None  # columns being gathered by strip()

    def strip(self, column: int, top: int, bottom: int, fill: Rgb) -> None:
        """One column of a bar; runs of the same colour are drawn as one rectangle (:meth:`strip_end`)."""
        run = self._run
        if run is not None and run[1] == column and run[2:] == (top, bottom, fill):
            self._run = (run[0], column + 1, top, bottom, fill)
            return
        self.strip_end()
        self._run = (column, column + 1, top, bottom, fill)

    def strip_end(self) -> None:
        if self._run is not None:
            start, end, top, bottom, fill = self._run
            self.draw.rectangle([start, top, end - 1, bottom], fill=fill)
            self._run = None

    def x(self, day: date) -> float:
        """The left edge of ``day``'s column."""
        return self.left + (day - self.first).days / self.days * (self.right - self.left)

    def x_end(self, day: date) -> float:
        """The right edge of ``day``'s column."""
        return self.x(day + timedelta(days=1))

    def clip(self, x: float) -> float:
        return min(max(x, self.left), self.right)

    def text(self, xy: tuple[float, float], text: str, font: Any, fill: Rgb, anchor: str = "la") -> None:
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)

    def fitted(self, text: str, font: Any, width: float) -> str:
        """``text`` on one line (a fact's text may hold a line break), cut with "…" to ``width`` pixels."""
        text = " ".join(text.split())
        if font.getlength(text) <= width:
            return text
        low, high = 0, len(text)  # the longest prefix that fits with "…": a binary search, not a loop per letter
        while low < high:
            middle = (low + high + 1) // 2
            if font.getlength(text[:middle] + "…") <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def bar(self, top: int, bottom: int, span: Span, colour: Rgb, background: Rgb, today: date) -> None:
        """A solid bar up to today, lighter beyond; an imprecise edge fades in or out over its whole period."""
        start, end = span.start, span.end
        x0 = self.clip(self.x(start.first))
        if end is not None:
            x1 = self.clip(self.x_end(end.last))
        elif span.end_day is not None:
            x1 = self.clip(self.x_end(span.end_day))
        else:
            x1 = self.right
        now = self.x(today)
        fade_in = (self.x(start.first), self.x_end(start.last)) if start.precision is not Precision.DAY else None
        fade_out = (
            (self.x(end.first), self.x_end(end.last))
            if end is not None and end.precision is not Precision.DAY
            else None
        )
        if end is None and span.end_day is None:
            fade_out = (max(x0, self.right - 40), self.right)  # open-ended: it goes on
        column = int(x0)
        while column < x1:
            alpha = 1.0 if column < now else 0.45
            if fade_in and fade_in[0] <= column < fade_in[1]:
                alpha *= 0.15 + 0.85 * (column - fade_in[0]) / max(1.0, fade_in[1] - fade_in[0])
            if fade_out and fade_out[0] <= column < fade_out[1]:
                alpha *= 1.0 - 0.85 * (column - fade_out[0]) / max(1.0, fade_out[1] - fade_out[0])
            self.strip(column, top, bottom, _mix(colour, background, alpha))
            column += 1
        self.strip_end()

    def outline(self, top: int, bottom: int, span: Span, colour: Rgb, background: Rgb) -> None:
        """The plan: an outline, dotted where an edge is imprecise."""
        start, end = span.start, span.end
        x0 = self.clip(self.x(start.first))
        x1: float = self.right
        if end is not None:
            x1 = self.clip(self.x_end(end.last))
        elif span.end_day is not None:
            x1 = self.clip(self.x_end(span.end_day))
        if x1 <= x0:
            return
        faint = _mix(colour, background, 0.25)
        self.draw.rectangle([x0, top, x1, bottom], fill=_mix(colour, background, 0.12))
        soft_left = self.clip(self.x_end(start.last)) if start.precision is not Precision.DAY else x0
        soft_right = self.clip(self.x(end.first)) if end is not None and end.precision is not Precision.DAY else x1
        self.draw.line([(soft_left, top), (soft_right, top)], fill=colour, width=2)
        self.draw.line([(soft_left, bottom), (soft_right, bottom)], fill=colour, width=2)
        for x, sharp in (
            (x0, start.precision is Precision.DAY),
            (x1, end is not None and end.precision is Precision.DAY),
        ):
            if sharp and self.left < x < self.right:
                self.draw.line([(x, top), (x, bottom)], fill=colour, width=2)
        for a, b in ((x0, soft_left), (soft_right, x1)):
            for x in range(int(a), int(b), 4):
                self.draw.line([(x, top), (min(x + 2, b), top)], fill=faint)
                self.draw.line([(x, bottom), (min(x + 2, b), bottom)], fill=faint)

    def shows(self, m: Milestone) -> bool:
        return m.date.last >= self.first and m.date.first <= self.last

    def marker(self, centre_y: int, m: Milestone, background: Rgb) -> tuple[float, float]:
        """A milestone (within the range: :meth:`shows`): a dot on its day, or a soft band over its whole period;
        filled when confirmed. Returns the x-range it takes."""
        confirmed = m.certainty is Certainty.CONFIRMED
        if m.date.precision is Precision.DAY:
            cx = (self.x(m.date.first) + self.x_end(m.date.first)) / 2
            r = 6
            box = [cx - r, centre_y - r, cx + r, centre_y + r]
            self.draw.ellipse([cx - r - 2, centre_y - r - 2, cx + r + 2, centre_y + r + 2], fill=WHITE)
            self.draw.ellipse(box, fill=INK if confirmed else WHITE, outline=INK, width=2)
            return cx - r - 2, cx + r + 2
        x0, x1 = self.clip(self.x(m.date.first)), self.clip(self.x_end(m.date.last))
        x1 = max(x1, x0 + 3)
        top, bottom = centre_y - 7, centre_y + 7
        core = 0.55 if confirmed else 0.22
        width = x1 - x0
        for column in range(int(x0), int(x1) + 1):
            edge = min(column - x0, x1 - column) / max(1.0, min(6.0, width / 3))
            alpha = core * min(1.0, 0.35 + 0.65 * max(0.0, edge))
            self.strip(column, top, bottom, _mix(INK, background, alpha))
        self.strip_end()
        if not confirmed:  # hollow: dotted top and bottom edges over the period
            for x in range(int(x0), int(x1), 4):
                self.draw.line([(x, top), (min(x + 2, x1), top)], fill=INK)
                self.draw.line([(x, bottom), (min(x + 2, x1), bottom)], fill=INK)
        return x0, x1


def _font(module: Any, size: int, bold: bool = False) -> Any:
    """DejaVu Sans from ``fonts/``: the same picture on every machine."""
    return module.truetype(str(FONTS / ("DejaVuSans-Bold-latin.ttf" if bold else "DejaVuSans-latin.ttf")), size)


def _range(rows: list[Row], as_of: date, single: bool) -> tuple[date, date]:
    """From the first date drawn to the last (and always today and two months ahead); with several missions at
    most two years either side of today, so that one mission running since 1948 does not squash the others
    (its bar runs in from the left edge)."""
    days: list[date] = [as_of]
    for row in rows:
        for m in row.milestones:
            days += [m.date.first, m.date.last]
            if m.until is not None:
                days.append(m.until.last)
            end = milestone_end(m)
            if end is not None:
                days.append(end)
        for span in (row.planned, row.actual):
            if span is not None and span.end_day is not None:
                days.append(span.end_day)
    first, last = min(days), max(days)
    if not single:
        first, last = max(first, as_of - timedelta(days=730)), min(last, as_of + timedelta(days=730))
    if last - as_of < timedelta(days=60):
        last = as_of + timedelta(days=60)  # always a little of what lies ahead
    margin = timedelta(days=max(10, (last - first).days // 25))
    return first - margin, last + margin


def _marker_name(m: Milestone, lang: Language) -> str:
    """ "Arrival": the row already says which contribution."""
    return milestone_name(m, lang) if m.scope is Scope.OPERATION else say(f"milestone.{m.kind}", lang)


def _within(row: Row, first: date, last: date) -> bool:
    """Whether anything of ``row`` falls between ``first`` and ``last``."""
    if any(m.date.last >= first and m.date.first <= last for m in row.milestones):
        return True
    for span in (row.planned, row.actual):
        if span is None:
            continue
        end = span.end.last if span.end is not None else span.end_day
        if span.start.first <= last and (end is None or end >= first):
            return True
    return False


def _axis(canvas: _Canvas, top: int, bottom: int) -> None:
    """Months when the range is short enough to name them (with the year on a line below, at the first month
    named and at each January), else years; light grid lines, labels that never run into each other."""
    months_short = say("picture.months_short", canvas.lang).split()
    per_month = (canvas.right - canvas.left) / (canvas.days / 30.44)
    ticks: list[tuple[date, str, str]] = []  # day, month label, year label
    month_step = next((s for s in (1, 2, 3, 6) if per_month * s >= canvas.small.getlength("Jan") + 14), None)
    if month_step is not None:
        y, m, named_year = canvas.first.year, canvas.first.month, False
        while (day := date(y, m, 1)) <= canvas.last:
            if day >= canvas.first and (m - 1) % month_step == 0:
                ticks.append((day, months_short[m - 1], str(y) if m == 1 or not named_year else ""))
                named_year = True
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        room = canvas.small.getlength("2020") + 14
        year_step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if per_month * 12 * s >= room), 100)
        for y in range(canvas.first.year + 1, canvas.last.year + 1):
            if y % year_step == 0:
                ticks.append((date(y, 1, 1), str(y), ""))
    for day, label, year in ticks:
        x = canvas.x(day)
        strong = day.month == 1
        canvas.draw.line([(x, top), (x, bottom)], fill=_mix(MUTED, CARD, 0.45) if strong else GRID, width=1)
        if x + 3 + canvas.small.getlength(label) <= WIDTH - 4:
            canvas.text((x + 3, bottom + 4), label, canvas.small, MUTED)
        if year and x + 3 + canvas.small.getlength(year) <= WIDTH - 4:
            canvas.text((x + 3, bottom + 19), year, canvas.small, INK)


def _legend(canvas: _Canvas, y: int) -> None:
    lang, x = canvas.lang, float(PAD)
    entries: list[tuple[str, str]] = [
        ("confirmed", say("picture.legend.confirmed", lang)),
        ("uncertain", say("picture.legend.uncertain", lang)),
        ("imprecise", say("picture.legend.imprecise", lang)),
        ("planned", say("picture.legend.planned", lang)),
        ("actual", say("picture.legend.actual", lang)),
        ("today", say("picture.legend.today", lang)),
    ]
    draw, cy = canvas.draw, y + 10
    for kind, label in entries:
        if kind == "confirmed":
            draw.ellipse([x, cy - 6, x + 12, cy + 6], fill=INK, outline=INK, width=2)
            x += 18
        elif kind == "uncertain":
            draw.ellipse([x, cy - 6, x + 12, cy + 6], fill=WHITE, outline=INK, width=2)
            x += 18
        elif kind == "imprecise":
            draw.rectangle([x, cy - 6, x + 28, cy + 6], fill=_mix(INK, CARD, 0.3))
            x += 34
        elif kind == "planned":
            draw.rectangle(
                [x, cy - 4, x + 28, cy + 4],
                fill=_mix(BAR[Status.ACTIVE], CARD, 0.12),
                outline=BAR[Status.ACTIVE],
                width=2,
            )
            x += 34
        elif kind == "actual":
            draw.rectangle([x, cy - 5, x + 14, cy + 5], fill=BAR[Status.ACTIVE])
            draw.rectangle([x + 14, cy - 5, x + 28, cy + 5], fill=_mix(BAR[Status.ACTIVE], CARD, 0.45))
            x += 34
        else:
            draw.line([(x + 6, cy - 8), (x + 6, cy + 8)], fill=TODAY, width=2)
            x += 14
        canvas.text((x, cy), label, canvas.small, INK, anchor="lm")
        x += canvas.small.getlength(label) + 18


def render_timeline(views: list[MissionView], as_of: date, lang: Language, single: bool = False) -> Picture:
    """The picture of ``views`` (one mission with ``single``, else the current missions, in the order given)."""
    total = len(views)
    shown = views if single else _fitting_views(views, as_of, lang)
    rows = [row for view in shown for row in mission_rows(view, lang)]
    first, last = _range(rows, as_of, single)
    if not single:  # a part that ended before the range only takes room: its mission's first row stays
        rows = [r for r in rows if r.title or _within(r, first, last)]
    heights = [OPERATION_ROW if r.operation else (ROW_SINGLE if single else ROW) for r in rows]
    plot_top = HEADER
    plot_bottom = plot_top + sum(heights)
    height = plot_bottom + AXIS + LEGEND + PAD // 2
    canvas = _Canvas(height, first, last, lang)
    draw = canvas.draw

    # The card's frame and title.
    draw.rectangle([0, 0, WIDTH - 1, height - 1], outline=BORDER, width=1)
    if single:
        title = say("picture.title_one", lang, name=shown[0].mission.name.get(lang))
    else:
        title = say("picture.title_all", lang)
    canvas.text((PAD, 18), canvas.fitted(title, canvas.title_font, WIDTH - 2 * PAD), canvas.title_font, INK)
    canvas.text((PAD, 48), say("card.known_on", lang, day=format_day(as_of, lang)), canvas.small, MUTED)

    # Rows: stripes per mission, labels, grid, bars and markers.
    y = plot_top
    mission_index = -1
    tops: list[tuple[int, Rgb]] = []
    lanes: list[int] = []
    for row, h in zip(rows, heights, strict=True):
        if row.title:
            mission_index += 1
        background = STRIPE if mission_index % 2 else CARD
        draw.rectangle([1, y, WIDTH - 2, y + h - 1], fill=background)
        tops.append((y, background))
        y += h
    _axis(canvas, plot_top, plot_bottom)
    for row, h, (top, background) in zip(rows, heights, tops, strict=True):
        if row.title:
            canvas.text((PAD, top + 6), canvas.fitted(row.title, canvas.font, LABEL_WIDTH - 12), canvas.font, INK)
            canvas.text((PAD, top + 25), canvas.fitted(row.label, canvas.small, LABEL_WIDTH - 12), canvas.small, MUTED)
        else:
            label = canvas.fitted(row.label, canvas.small, LABEL_WIDTH - 24)
            canvas.text((PAD + 12, top + (h - 14) // 2), label, canvas.small, MUTED)
        colour = OPERATION_BAR if row.operation else BAR[row.status]
        lanes.append(top + h // 2 if row.operation else top + MARKER_LANE)
        if row.operation:
            centre = top + h // 2
            draw.line([(canvas.left, centre), (canvas.right, centre)], fill=_mix(OPERATION_BAR, background, 0.35))
        else:
            if row.planned is not None:
                canvas.outline(top + 6, top + 12, row.planned, colour, background)
            if row.actual is not None:
                canvas.bar(top + 16, top + 28, row.actual, colour, background, as_of)
            centre = top + MARKER_LANE
        labelled_to = float("-inf")
        for m in sorted(row.milestones, key=lambda m: (m.date.first, m.key)):
            if not canvas.shows(m):
                continue
            x0, x1 = canvas.marker(centre, m, background)
            if single and not row.operation:
                label = canvas.fitted(_marker_name(m, lang), canvas.small, 160)
                width = canvas.small.getlength(label)
                lx = min(max((x0 + x1) / 2 - width / 2, canvas.left), canvas.right - width)
                if lx > labelled_to + 6:
                    canvas.text((lx, centre + 12), label, canvas.small, MUTED)
                    labelled_to = lx + width

    # Today, over everything.
    today_x = canvas.x(as_of) + 0.5 * (canvas.x_end(as_of) - canvas.x(as_of))
    draw.line([(today_x, plot_top - 4), (today_x, plot_bottom)], fill=TODAY, width=2)
    canvas.text((today_x, plot_top - 6), say("picture.legend.today", lang), canvas.small, TODAY, anchor="md")
    draw.line([(canvas.left, plot_bottom), (canvas.right, plot_bottom)], fill=MUTED)
    _legend(canvas, plot_bottom + AXIS)

    buffer = io.BytesIO()
    canvas.image.save(buffer, format="PNG", compress_level=3)  # 6 took half the drawing time for 10% fewer bytes
    alt = _alt_text(shown, as_of, lang, total - len(shown), single)
    filename = f"timeline-{shown[0].mission.slug}.png" if single and shown else "timeline.png"
    return Picture(
        png=buffer.getvalue(),
        alt=alt[:ALT_TEXT_MAX],
        filename=filename,
        missions=tuple(v.mission.slug for v in shown),
        width=WIDTH,
        height=height,
        rows=len(rows),
        first_day=first,
        last_day=last,
        lanes=tuple(lanes),
    )
