"""Wording for `/ciip ready` (readiness estimate) and `/ciip eligibility` (Seven-Point System)."""

from __future__ import annotations

from datetime import date

from bot.abii_rules import ELIGIBILITY, Measure
from bot.eligibility import Verdict
from bot.messages import Bullets, Field, Message, Paragraph, Tone, code, rich, strong
from bot.readiness import Action, Readiness
from bot.render import count_noun
from question_bank.blueprint import DOMAIN_BY_KEY

__all__ = [
    "DISCLAIMER",
    "eligibility_message",
    "readiness_message",
    "readiness_summary",
]

DISCLAIMER = (
    "ABII reports a scaled pass/fail result, not a percentage, and publishes no percent-correct "
    "cut score: this is an estimate of the percentage you would answer correctly, not a "
    "prediction that you will pass."
)


def _action_line(action: Action) -> str:
    name = DOMAIN_BY_KEY[action.domain].name
    gain = f"+{action.gain:.1f} points"
    if action.review:
        return f"review your {action.questions} fading {name} questions: {gain}"
    return f"about {action.questions} {name} questions: {gain}"


def readiness_summary(r: Readiness, exam: date | None) -> str:
    when = f"on {exam.isoformat()}" if exam is not None else "if you sat it today"
    return (
        f"About {r.percent:.0f}% correct {when} (80% band {r.low:.0f}-{r.high:.0f}%) on a fresh "
        "130-item exam."
    )


def readiness_message(r: Readiness, exam: date | None) -> Message:
    body: list = [Paragraph(rich(strong(readiness_summary(r, exam))))]
    if r.answered < 20:
        body.append(
            Paragraph(
                rich(
                    f"Based on {r.answered} answers so far, so the band is wide; it narrows as "
                    "you practise."
                )
            )
        )
    body.append(Paragraph(rich(strong("What would move it most:"))))
    body.append(Bullets(tuple(rich(_action_line(a)) for a in r.actions)))
    fields = tuple(
        Field(
            f"{DOMAIN_BY_KEY[d.key].letter} {DOMAIN_BY_KEY[d.key].name}",
            f"{d.points:.1f} of {100 * d.items / 130:.1f} pts · {d.p:.0%} · met {d.coverage:.0%}",
        )
        for d in r.domains
    )
    footer = rich(DISCLAIMER, " ")
    if exam is None:
        footer = rich(DISCLAIMER, " Set your exam date with ", code("/ciip plan YYYY-MM-DD"), ".")
    return Message(title="Your CIIP readiness", body=tuple(body), fields=fields, footer=footer)


def _rule_line(result) -> str:  # type: ignore[no-untyped-def]
    c = result.category
    cap = f", at most {c.max_points}" if c.max_points is not None else ""
    minimum = f" (minimum {c.min_points})" if c.min_points else ""
    if result.answered:
        return f"{c.name}: {result.value} -> {count_noun(result.points, 'point')}{minimum}"
    if c.measure is Measure.PER_UNIT:
        per = c.unit.removesuffix("s") if c.unit_size == 1 else f"{c.unit_size:g} {c.unit}"
        how = f"1 point per {per}{cap}"
    else:
        how = ", ".join(f"{w} {p}" for w, p, _ in c.levels) + f", +{c.bonus_points} "
        how += f"{c.bonus_word}{cap}"
    return f"{c.name}: not answered yet ({how}){minimum}"


def eligibility_message(v: Verdict) -> Message:
    lines = tuple(rich(_rule_line(r)) for r in v.results)
    body: list = [
        Paragraph(
            rich(
                f"ABII's Seven-Point Qualification System: at least {v.needed} points in total, "
                "and each category's minimum."
            )
        ),
        Bullets(lines),
    ]
    missing = [r for r in v.results if r.below_minimum and r.answered]
    if v.qualifies:
        verdict = f"✅ {v.total} points: you qualify to sit the CIIP exam."
        tone = Tone.SUCCESS
    elif not v.complete:
        step = v.next_step
        assert step is not None
        verdict = f"{v.total} points so far. Next: {step.question}"
        body.append(Paragraph(rich(strong(verdict))))
        body.append(Paragraph(rich("Answer with ", code(f"/ciip eligibility {step.key} ..."), ".")))
        return Message(title="CIIP eligibility", body=tuple(body), footer=_footer())
    else:
        short = [f"{v.needed - v.total} more points in total"] if v.total < v.needed else []
        short += [
            f"{count_noun(r.below_minimum, 'more ' + r.category.name.lower() + ' point')} "
            f"(minimum {r.category.min_points})"
            for r in missing
        ]
        verdict = f"Not yet: {v.total} points. Missing: " + "; ".join(short) + "."
        tone = Tone.WARNING
    body.append(Paragraph(rich(strong(verdict))))
    return Message(title="CIIP eligibility", body=tuple(body), footer=_footer(), tone=tone)


def _footer():  # type: ignore[no-untyped-def]
    steps = " ".join(f"{c.key}=..." for c in ELIGIBILITY.categories)
    return rich(
        "One step per command, or all at once: ",
        code(f"/ciip eligibility {steps}"),
        ". ABII decides eligibility on application; check its current handbook.",
    )
