"""Chart messages: the picture (from `bot.charts`) and alt text that says the same in words.

Alt text is written for a screen reader and for the console: it names every number the
picture shows, in the order the picture shows it, so nothing is lost without the image.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import charts
from bot.exam_report import ExamReport
from bot.learner import DomainSkill, wilson_interval
from bot.messages import Attachment, Message
from question_bank.blueprint import Domain

__all__ = [
    "domain_label",
    "exam_attachment",
    "group_message",
    "mastery_message",
    "progress_message",
    "saved_file_line",
    "skill_bars",
]


def saved_file_line(path: str) -> str:
    """The console's note after writing a chart or an export to disk."""
    return f"Saved {path}"


def domain_label(d: Domain) -> str:
    return f"{d.letter} {d.name}"


def _pct(value: float | None) -> str:
    return "not tried" if value is None else f"{value:.0%}"


def skill_bars(skills: Sequence[DomainSkill]) -> list[charts.DomainBar]:
    return [
        charts.DomainBar(
            domain_label(s.domain),
            s.domain.weight,
            s.accuracy,
            *s.interval,
            recall=s.mean_retrievability,
            answered=s.answered,
        )
        for s in skills
    ]


def _bars_alt(bars: Sequence[charts.DomainBar]) -> str:
    parts = []
    for b in bars:
        text = f"{b.label} (weight {b.weight:.0%}): {_pct(b.accuracy)}"
        if b.accuracy is not None:
            text += f", interval {b.low:.0%}–{b.high:.0%}, {b.answered} answered"
        if b.recall is not None:
            text += f", recall {b.recall:.0%}"
        parts.append(text)
    return "; ".join(parts) + "."


def mastery_message(skills: Sequence[DomainSkill]) -> Message:
    bars = skill_bars(skills)
    alt = "Bar chart of accuracy per exam domain with 95% intervals and FSRS recall. " + _bars_alt(
        bars
    )
    return Message(
        title="Your domain mastery",
        body="Accuracy per domain (bar, with its 95% interval), FSRS recall (diamond); the "
        "label gives each domain's share of the exam.",
        attachments=(Attachment("ciip-mastery.png", charts.mastery_chart(bars), alt),),
    )


def progress_message(weeks: Sequence[charts.WeekPoint]) -> Message:
    described = "; ".join(
        f"week of {w.week:%d %b}: {w.answered} answered"
        + (f", {w.accuracy:.0%} correct" if w.accuracy is not None else "")
        + (f", readiness {w.readiness:.0f}%" if w.readiness is not None else "")
        for w in weeks
    )
    alt = (
        "Line chart of weekly accuracy and readiness with bars for questions answered. "
        + described
        + "."
    )
    return Message(
        title="Your progress",
        body="Weekly accuracy (solid line), readiness (dashed: the predicted percent correct "
        "on a fresh 130-item exam from your answers up to that week) and questions answered "
        "(bars), last 12 weeks. Readiness is an estimate of percent correct, not a pass "
        "prediction.",
        attachments=(Attachment("ciip-progress.png", charts.progress_chart(weeks), alt),),
    )


def exam_attachment(report: ExamReport) -> Attachment:
    bars = [
        charts.DomainBar(
            domain_label(d.domain),
            d.domain.weight,
            d.percent,
            *wilson_interval(d.correct, d.asked),
            answered=d.asked,
        )
        for d in report.domains
    ]
    title = f"Mock exam: {report.correct}/{report.total} ({report.percent:.0%})"
    alt = (
        f"Bar chart of the mock exam score per domain; overall {report.percent:.0%}. "
        + "; ".join(
            f"{domain_label(d.domain)} (weight {d.domain.weight:.0%}): {d.correct} of {d.asked}, "
            f"{d.percent:.0%}"
            for d in report.domains
        )
        + "."
    )
    return Attachment(
        f"ciip-exam-{report.exam_id}.png", charts.exam_chart(bars, report.percent, title), alt
    )


def group_message(
    name: str, weeks: Sequence[charts.GroupWeek], weakest: Sequence[DomainSkill]
) -> Message:
    bars = skill_bars(weakest)
    alt = (
        "Study group chart. Members who answered per week: "
        + "; ".join(f"week of {w.week:%d %b}: {w.members} ({w.answers} answers)" for w in weeks)
        + ". Weakest domains: "
        + (_bars_alt(bars) if bars else "none yet.")
    )
    return Message(
        title=f"Study group picture{f': {name}' if name else ''}",
        body="Members who answered each week, and the group's weakest domains.",
        attachments=(Attachment("ciip-group.png", charts.group_chart(weeks, bars), alt),),
        private=False,
    )
