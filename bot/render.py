"""Turns engine results into neutral `Message`s: the wording lives here, once, for all."""

from __future__ import annotations

from bot import actions
from bot.abii_rules import DOMAIN_BY_KEY
from bot.ce_book import CeLine
from bot.ce_calendar import CeStatus
from bot.leaderboard import Board
from bot.learner import DomainSkill
from bot.messages import Button, ButtonStyle, Choice, Field, Message, Tone
from bot.tutor import AnswerOutcome, IssuedQuestion
from question_bank.schema import LETTERS, Question

__all__ = [
    "board_message",
    "ce_list_message",
    "ce_status_message",
    "error_message",
    "outcome_message",
    "question_message",
    "stats_message",
    "streak_message",
]

REASONS = {
    "due": "Review due",
    "new": "New question",
    "refresh": "Refresher",
    "open": "Open question",
}


def question_header(q: Question) -> str:
    d = DOMAIN_BY_KEY[q.domain]
    return f"{d.name} ({d.letter}) · {q.id} · difficulty {q.difficulty}/3"


def question_message(item: IssuedQuestion) -> Message:
    q = item.question
    return Message(
        title=question_header(q),
        body=q.stem,
        choices=tuple(Choice(letter, q.options[letter]) for letter in LETTERS),
        buttons=tuple(
            Button(letter, actions.answer_issued(item.issued_id, letter)) for letter in LETTERS
        ),
        footer=f"{REASONS.get(item.reason, '')}. Answer with a button (or type A-D).".lstrip(". "),
    )


def explanation_fields(q: Question, choice: str | None) -> tuple[Field, ...]:
    fields = [Field("Why", q.explanation, inline=False)]
    if choice and choice != q.key and choice in q.why_wrong:
        fields.append(Field(f"Why not {choice}", q.why_wrong[choice], inline=False))
    fields.append(Field("Reference", "; ".join(q.references), inline=False))
    return tuple(fields)


def outcome_message(outcome: AnswerOutcome, next_domain: str | None = None) -> Message:
    q = outcome.question
    verdict = "✅ Correct!" if outcome.correct else "❌ Not quite."
    body = f"{verdict} The answer is *{q.key}) {q.options[q.key]}*"
    if not outcome.correct:
        body += f"\nYou chose {outcome.choice}) {q.options[outcome.choice]}"
    footer = f"🔥 Streak: {outcome.streak} day{'s' if outcome.streak != 1 else ''}"
    if outcome.points:
        footer += f" · +{outcome.points} points"
    if outcome.duplicate:
        footer = "You already answered this one; your first answer counts. " + footer
    return Message(
        title=question_header(q),
        body=body,
        fields=explanation_fields(q, outcome.choice),
        footer=footer,
        buttons=(Button("Next question", actions.next_question(next_domain), ButtonStyle.PRIMARY),),
        tone=Tone.SUCCESS if outcome.correct else Tone.FAILURE,
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def stats_message(skills: list[DomainSkill], weakest: list[DomainSkill]) -> Message:
    lines = []
    for k in skills:
        low, high = k.interval
        if k.answered:
            lines.append(
                f"{k.domain.letter} {k.domain.name}: {k.correct}/{k.answered} "
                f"({_pct(k.accuracy)}, 95% CI {low:.0%}–{high:.0%}), "
                f"recall {_pct(k.mean_retrievability)}"
            )
        else:
            lines.append(f"{k.domain.letter} {k.domain.name}: not tried yet")
    total = sum(k.answered for k in skills)
    right = sum(k.correct for k in skills)
    weak = ", ".join(k.domain.name for k in weakest) or "answer a few questions first"
    return Message(
        title="Your CIIP domains",
        body="\n".join(lines),
        fields=(
            Field("Answered", f"{right}/{total} correct" if total else "none yet"),
            Field("Weakest", weak),
        ),
        footer="Try `/ciip quiz <domain>` to practise one domain.",
    )


def streak_message(current: int, best: int) -> Message:
    if current:
        body = f"🔥 {current}-day streak (best {best}). Answer one question a day to keep it."
    else:
        body = f"No streak running (best {best}). Answer a question today to start one."
    return Message(title="Your streak", body=body)


def board_message(board: Board, label: str) -> Message:
    period = {"week": "this week", "month": "this month", "all": "all time"}[board.period]
    if not board.rows:
        body = "Nobody has scored yet. Be the first: `/ciip quiz`."
    else:
        medals = {1: "🥇", 2: "🥈", 3: "🥉"}
        body = "\n".join(
            f"{medals.get(r.rank, f'{r.rank}.')} {r.display_name}: {r.points} pts "
            f"({r.correct}/{r.answered})"
            for r in board.rows
        )
    footer = ""
    if board.me is not None:
        footer = f"You: #{board.me.rank} of {board.total} with {board.me.points} pts"
    return Message(title=f"Leaderboard, {label}, {period}", body=body, footer=footer)


def ce_status_message(status: CeStatus | None) -> Message:
    if status is None:
        return Message(
            title="CE tracking",
            body="Tell me when you passed the CIIP exam first: `/ciip ce setup YYYY-MM-DD`.",
        )
    lines = []
    if status.period_started:
        lines.append(
            f"Period {status.period.label}: {status.credits:g} of {status.required:g} credits, "
            f"{status.remaining:g} to go, {status.days_left} days left (due {status.period.end})."
        )
    else:
        lines.append(
            f"Your first CE period starts {status.period.start} and runs to {status.period.end}; "
            f"{status.credits:g} credits logged for it so far."
        )
    lines.append(
        f"Annual renewal: ${status.fee_usd} due {status.fee_due}; from Jan 1 to Mar 31 a "
        f"${status.late_fee_usd} late fee applies, after Mar 31 the certification is discontinued."
    )
    if status.in_late_window:
        lines.append(
            f"⚠️ Late window until {status.late_window_end}: if last year's renewal is unpaid, "
            f"pay it with the ${status.late_fee_usd} late fee now."
        )
        if status.previous_period is not None and status.previous_short > 0:
            lines.append(
                f"⚠️ Period {status.previous_period.label} is {status.previous_short:g} credits "
                f"short: report them by {status.late_window_end}."
            )
    if status.ten_year_due < status.today:
        lines.append(
            f"Ten-year requirements were due {status.ten_year_due}; check ABII's portal that "
            "they are recorded."
        )
    else:
        lines.append(f"Ten-year requirements due {status.ten_year_due}.")
    return Message(
        title="CE status",
        body="\n".join(lines),
        tone=Tone.WARNING if status.in_late_window else Tone.INFO,
    )


def ce_list_message(lines: list[CeLine]) -> Message:
    if not lines:
        return Message(title="CE log", body='Nothing logged yet: `/ciip ce log 1.5 "Title"`.')
    body = "\n".join(
        f"#{x.id} {x.earned_on} {x.credits:g} cr {x.title}"
        + (f" [{x.category}]" if x.category else "")
        for x in lines
    )
    return Message(title="CE log", body=body, footer="Delete with `/ciip ce delete ID`.")


def error_message(text: str) -> Message:
    return Message(body=text, tone=Tone.ERROR)
