"""Turns quiz and learner results into neutral `Message`s: the wording lives here, once.

Related wording lives beside it by subject: `render_daily`, `render_boards`, `render_ce`,
`render_overview`. Text is structured (`bot.messages.rich`), never platform markup.
"""

from __future__ import annotations

from bot import actions
from bot.answers import AnswerOutcome
from bot.learner import DomainSkill
from bot.learner_views import Streak
from bot.messages import (
    Bullets,
    Button,
    ButtonStyle,
    Choice,
    Field,
    Message,
    Paragraph,
    Rich,
    Tone,
    code,
    rich,
    strong,
)
from bot.quiz import IssuedQuestion, QuizFilter
from bot.reports import ReportReason
from question_bank.blueprint import DOMAIN_BY_KEY
from question_bank.schema import LETTERS, Question

__all__ = [
    "count_noun",
    "error_message",
    "explanation_fields",
    "help_message",
    "outcome_message",
    "question_header",
    "question_message",
    "report_usage",
    "stats_message",
    "streak_message",
]

REASONS = {
    "due": "Review due",
    "new": "New question",
    "refresh": "Refresher",
    "open": "Open question",
}
SLIPPED = "Something went wrong on my side; try again."
REPORT_LABEL = "Report this question"
REPORT_REASON_WORDS = tuple(r.value for r in ReportReason)
"""The reasons as members type them."""
DATABASE_BUSY = "The database is not answering right now; try again in a moment."


def count_noun(n: float, singular: str, plural: str | None = None) -> str:
    """`1 credit`, `2 credits`, `1.5 credits`, `+1 point`."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n:g} {word}"


def question_header(q: Question) -> str:
    d = DOMAIN_BY_KEY[q.domain]
    return f"{d.name} ({d.letter}) · {q.id} · difficulty {q.difficulty}/3"


def question_message(item: IssuedQuestion, answer_hint: str) -> Message:
    """A personal question with A-D buttons; `answer_hint` is how this adapter's members answer
    (buttons, or typed letters at the console), chosen by the adapter's capabilities."""
    q = item.question
    token = item.filter.token
    reason = REASONS.get(item.reason, "")
    narrowed = f" · {item.filter.label()}" if token else ""
    return Message(
        title=question_header(q),
        body=q.stem,
        choices=tuple(Choice(letter, q.options[letter]) for letter in LETTERS),
        buttons=tuple(
            Button(letter, actions.answer_issued(item.issued_id, letter, token))
            for letter in LETTERS
        ),
        footer=f"{reason}{narrowed}. {answer_hint}".lstrip(". "),
    )


def explanation_fields(q: Question, choice: str | None) -> tuple[Field, ...]:
    fields = [Field("Why", q.explanation, inline=False)]
    if choice and choice != q.key and choice in q.why_wrong:
        fields.append(Field(f"Why not {choice}", q.why_wrong[choice], inline=False))
    fields.append(Field("Reference", "; ".join(q.references), inline=False))
    return tuple(fields)


def outcome_message(
    outcome: AnswerOutcome, f: QuizFilter | None = None, *, buttons: bool = True
) -> Message:
    """The verdict card: Next question and Report this question; `buttons` False (the
    console) adds the typed way to report, since buttons are not shown there."""
    q = outcome.question
    verdict = "✅ Correct!" if outcome.correct else "❌ Not quite."
    body: list[Paragraph] = [
        Paragraph(rich(f"{verdict} The answer is ", strong(f"{q.key}) {q.options[q.key]}")))
    ]
    if not outcome.correct:
        body.append(Paragraph(rich(f"You chose {outcome.choice}) {q.options[outcome.choice]}")))
    footer = f"🔥 Streak: {count_noun(outcome.streak, 'day')}"
    if outcome.points:
        footer += f" · +{count_noun(outcome.points, 'point')}"
    if outcome.duplicate:
        footer = "You already answered this one; your first answer counts. " + footer
    token = f.token if f is not None else None
    footer_rich = rich(footer)
    if not buttons:  # no Report button to press: say how to report by typing
        footer_rich = rich(footer, "\nSomething wrong with this question? ", *report_usage(q.id))
    return Message(
        title=question_header(q),
        body=tuple(body),
        fields=explanation_fields(q, outcome.choice),
        footer=footer_rich,
        buttons=(
            Button("Next question", actions.next_question(token), ButtonStyle.PRIMARY),
            Button(REPORT_LABEL, actions.report_question(q.id)),
        ),
        tone=Tone.SUCCESS if outcome.correct else Tone.FAILURE,
    )


def report_usage(question_id: str) -> Rich:
    """The typed form of a report, for adapters without buttons and for "other" with a note."""
    return rich(code(f"/ciip report {question_id} <{'|'.join(REPORT_REASON_WORDS)}> [note]"))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def stats_message(skills: list[DomainSkill], weakest: list[DomainSkill]) -> Message:
    lines = []
    for k in skills:
        low, high = k.interval
        if k.answered:
            lines.append(
                rich(
                    f"{k.domain.letter} {k.domain.name}: {k.correct} of {k.answered} correct "
                    f"({_pct(k.accuracy)}, 95% CI {low:.0%}–{high:.0%}), "
                    f"recall tomorrow {_pct(k.mean_retrievability)}"
                )
            )
        else:
            lines.append(rich(f"{k.domain.letter} {k.domain.name}: not tried yet"))
    total = sum(k.answered for k in skills)
    right = sum(k.correct for k in skills)
    if weakest:
        weak = ", ".join(k.domain.name for k in weakest)
    elif total:
        weak = "none yet: no misses so far"
    else:
        weak = "answer a few questions first"
    return Message(
        title="Your CIIP domains",
        body=(Bullets(tuple(lines)),),
        fields=(
            Field("Answered", f"{right} of {total} correct" if total else "none yet"),
            Field("Weakest", weak),
        ),
        footer=rich(
            "Recall is FSRS's forecast of remembering tomorrow. Try ",
            code("/ciip quiz <domain>"),
            " to practice one domain.",
        ),
    )


def streak_message(streak: Streak) -> Message:
    if streak.current:
        body = (
            f"🔥 {count_noun(streak.current, 'day')} in a row (best {streak.best}). "
            "Answer one question a day to keep it."
        )
    else:
        body = f"No streak running (best {streak.best}). Answer a question today to start one."
    return Message(title="Your streak", body=body)


def help_message(lines: list[tuple[str, str]]) -> Message:
    return Message(
        title="ciip-tutor: practice for the CIIP exam",
        body=(
            Bullets(
                tuple(rich(code(f"/ciip {usage}"), f": {summary}") for usage, summary in lines)
            ),
        ),
    )


def _backticked(text: str) -> Rich:
    """Core texts mark commands with backticks; they become code spans, the rest plain."""
    return rich(*(code(p) if i % 2 else p for i, p in enumerate(text.split("`")) if p))


def error_message(text: str) -> Message:
    """A refusal, with backticked words as code spans."""
    return Message(body=_backticked(text), tone=Tone.ERROR)


def text_message(text: str, *, private: bool = True, title: str = "") -> Message:
    """A short notice, with backticked words as code spans."""
    return Message(title=title, body=_backticked(text), private=private)


def nudge_message(streak_days: int, due: int) -> Message:
    reviews = count_noun(due, "review")
    verb = "is" if due == 1 else "are"
    return Message(
        title="ciip-tutor reminder",
        body=rich(
            f"🔥 Your {count_noun(streak_days, 'day')} streak ends at midnight and {reviews} "
            f"{verb} due. ",
            code("/ciip quiz"),
            " takes a minute.",
        ),
        tone=Tone.WARNING,
    )
