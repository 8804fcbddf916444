"""Pictures of where a learner (or a study group) stands, as PNG bytes.

matplotlib with the Agg canvas and the object API only (no pyplot: no global figure registry,
no display, nothing that grows between renders), so charts can be drawn in worker threads,
off the adapters' event loops. The palette is Okabe-Ito (distinguishable with every common
colour-vision deficiency), and values are also written as text so colour never carries meaning
alone. Figures are 6.4 x 4.8 in at 100 dpi: 640 px wide, legible on a phone without zooming.
The words a screen reader needs (alt text) are written by `bot.render_charts`.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "DomainBar",
    "GroupWeek",
    "WeekPoint",
    "exam_chart",
    "group_chart",
    "mastery_chart",
    "progress_chart",
]

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
}
SIZE = (6.4, 4.8)
DPI = 100
FONT = 10
LABEL_MARGIN = 0.42
"""Left margin for domain labels ("J Medical Imaging Informatics · 14%") at 640 px."""
class _Matplotlib(NamedTuple):
    figure: Any
    canvas: Any
    integer_locator: Any


@cache
def _matplotlib() -> _Matplotlib:
    """matplotlib, imported at the first chart rather than at start-up: importing it (with
    numpy) is a few hundred milliseconds every process would otherwise pay before its prompt."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    return _Matplotlib(Figure, FigureCanvasAgg, lambda: MaxNLocator(integer=True))


_LOCK = threading.Lock()
"""Font caching and mathtext are not documented as thread-safe; drawing is serialised (each
chart takes a few tens of milliseconds)."""


@dataclass(frozen=True, slots=True)
class DomainBar:
    """One domain's row: label, blueprint weight, accuracy with its interval, FSRS recall."""

    label: str
    weight: float
    accuracy: float | None
    low: float = 0.0
    high: float = 1.0
    recall: float | None = None
    answered: int = 0


@dataclass(frozen=True, slots=True)
class WeekPoint:
    week: date
    answered: int
    correct: int
    readiness: float | None = None
    """Predicted % correct on a fresh exam from the answers up to the week's end (0-100)."""

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class GroupWeek:
    week: date
    members: int
    answers: int


def _figure(
    rows: int = 1, cols: int = 1, height: float = SIZE[1], left: float = 0.1, bottom: float = 0.12
) -> tuple[Figure, list]:  # type: ignore[type-arg]
    """Fixed margins, not constrained layout: the layout solver drew every figure twice and
    cost more than the drawing itself (p99 over 300 ms on a loaded 2-core machine)."""
    mpl = _matplotlib()
    fig = mpl.figure(figsize=(SIZE[0], height), dpi=DPI)
    mpl.canvas(fig)
    axes = fig.subplots(rows, cols, squeeze=False)
    fig.subplots_adjust(left=left, right=0.97, top=0.92, bottom=bottom, hspace=0.45)
    return fig, [ax for row in axes for ax in row]


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    fig.clear()
    return buffer.getvalue()


def _percent_axis(ax, horizontal: bool = True) -> None:  # type: ignore[no-untyped-def]
    ticks = [0, 0.25, 0.5, 0.75, 1.0]
    labels = [f"{t:.0%}" for t in ticks]
    if horizontal:
        ax.set_xlim(0, 1.18)
        ax.set_xticks(ticks, labels)
        ax.grid(axis="x", alpha=0.3)
    else:
        ax.set_ylim(0, 1.05)
        ax.set_yticks(ticks, labels)
        ax.grid(axis="y", alpha=0.3)
    ax.tick_params(labelsize=FONT)
    ax.set_axisbelow(True)


def _domain_bars(ax, bars: Sequence[DomainBar], title: str) -> None:  # type: ignore[no-untyped-def]
    ys = list(range(len(bars)))[::-1]
    acc = [b.accuracy or 0.0 for b in bars]
    ax.barh(ys, acc, color=PALETTE["blue"], height=0.55, label="accuracy (95% interval)")
    for y, b in zip(ys, bars, strict=True):
        if b.accuracy is not None:
            ax.plot([b.low, b.high], [y, y], color="black", linewidth=1.2)
            ax.text(1.02, y, f"{b.accuracy:.0%}", va="center", fontsize=FONT - 1)
        else:
            ax.text(0.01, y, "not tried", va="center", fontsize=FONT - 1, color=PALETTE["grey"])
    recall = [(y, b.recall) for y, b in zip(ys, bars, strict=True) if b.recall is not None]
    if recall:
        ax.scatter(
            [r for _, r in recall],
            [y for y, _ in recall],
            marker="D",
            s=36,
            color=PALETTE["orange"],
            edgecolor="black",
            zorder=3,
            label="FSRS recall",
        )
    ax.set_yticks(ys, [f"{b.label} · {b.weight:.0%}" for b in bars], fontsize=FONT)
    _percent_axis(ax)
    ax.set_title(title, fontsize=FONT + 2, loc="left")


def mastery_chart(bars: Sequence[DomainBar]) -> bytes:
    """Per domain: accuracy bar with its Wilson interval, FSRS recall diamond; the label
    carries the blueprint weight so the heaviest domains read first."""
    with _LOCK:
        fig, (ax,) = _figure(left=LABEL_MARGIN, bottom=0.2)
        _domain_bars(ax, bars, "Domain mastery (label: blueprint weight)")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=FONT - 1)
        return _png(fig)


def progress_chart(weeks: Sequence[WeekPoint]) -> bytes:
    """Weekly accuracy as a line (with the count answered as light bars behind it)."""
    with _LOCK:
        fig, (ax,) = _figure(left=0.12, bottom=0.18)
        fig.subplots_adjust(right=0.88)
        xs = list(range(len(weeks)))
        twin = ax.twinx()
        twin.bar(xs, [w.answered for w in weeks], color=PALETTE["sky"], alpha=0.45, width=0.6)
        twin.set_ylabel("answered", fontsize=FONT)
        twin.yaxis.set_major_locator(_matplotlib().integer_locator())
        twin.tick_params(labelsize=FONT)
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
        points = [(x, w.accuracy) for x, w in zip(xs, weeks, strict=True) if w.accuracy is not None]
        if points:
            ax.plot(
                [x for x, _ in points],
                [a for _, a in points],
                color=PALETTE["blue"],
                marker="o",
                linewidth=2,
            )
            for x, a in points:
                ax.annotate(
                    f"{a:.0%}",
                    (x, a),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=FONT - 1,
                )
        ready = [(x, w.readiness / 100) for x, w in zip(xs, weeks, strict=True) if w.readiness]
        if ready:
            ax.plot(
                [x for x, _ in ready],
                [r for _, r in ready],
                color=PALETTE["vermillion"],
                linestyle="--",
                marker="s",
                linewidth=1.5,
                label="readiness (predicted % on a fresh exam)",
            )
        if points:
            ax.lines[0].set_label("accuracy that week")
        if points or ready:
            ax.legend(loc="upper left", fontsize=FONT - 2, frameon=False)
        ax.set_xticks(xs, [w.week.strftime("%d %b") for w in weeks], rotation=45, fontsize=FONT - 1)
        _percent_axis(ax, horizontal=False)
        ax.set_ylabel("accuracy, readiness", fontsize=FONT)
        ax.set_title("Accuracy and readiness (bars: answered)", fontsize=FONT + 2, loc="left")
        return _png(fig)


def exam_chart(bars: Sequence[DomainBar], total: float, title: str) -> bytes:
    """A mock exam's per-domain scores, with the overall score as a dashed line."""
    with _LOCK:
        fig, (ax,) = _figure(left=LABEL_MARGIN, bottom=0.2)
        _domain_bars(ax, bars, title)
        ax.axvline(
            total,
            color=PALETTE["vermillion"],
            linestyle="--",
            linewidth=1.5,
            label=f"overall {total:.0%}",
        )
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=FONT - 1)
        return _png(fig)


def group_chart(weeks: Sequence[GroupWeek], weakest: Sequence[DomainBar]) -> bytes:
    """A study group's week: active members per week (top), its weakest domains (bottom)."""
    with _LOCK:
        mpl = _matplotlib()
        fig = mpl.figure(figsize=(SIZE[0], 6.4), dpi=DPI)
        mpl.canvas(fig)
        # Two panels with their own left margins: bars need room for domain names, weeks not.
        top = fig.add_axes((0.1, 0.6, 0.87, 0.34))
        bottom = fig.add_axes((LABEL_MARGIN, 0.07, 0.97 - LABEL_MARGIN, 0.38))
        xs = list(range(len(weeks)))
        top.bar(xs, [w.members for w in weeks], color=PALETTE["green"], width=0.6)
        for x, w in zip(xs, weeks, strict=True):
            top.text(x, w.members, f"{w.members}", ha="center", va="bottom", fontsize=FONT - 1)
        top.set_xticks(xs, [w.week.strftime("%d %b") for w in weeks], fontsize=FONT - 1)
        top.yaxis.set_major_locator(mpl.integer_locator())
        top.set_ylabel("members", fontsize=FONT)
        top.set_ylim(0, max([w.members for w in weeks] + [1]) * 1.25)
        top.set_title("Members who answered, per week", fontsize=FONT + 2, loc="left")
        if weakest:
            _domain_bars(bottom, weakest, "Weakest domains (label: exam weight)")
        else:
            bottom.axis("off")
            bottom.text(0.5, 0.5, "No answers yet", ha="center", fontsize=FONT + 1)
        return _png(fig)
