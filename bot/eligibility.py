"""`/ciip eligibility`: ABII's Seven-Point Qualification System (rules as data in
`bot.abii_rules.ELIGIBILITY`) applied to what a member tells us, one step per command or all
at once, so it works the same in a chat, a DM and the console.

    /ciip eligibility                          where you stand and the next question
    /ciip eligibility experience 36            months of work
    /ciip eligibility education bachelor informatics
    /ciip eligibility certifications 1
    /ciip eligibility ce 20                    hours
    /ciip eligibility experience=36 education=master ce=20   several at once
    /ciip eligibility reset

Answers are kept (`eligibility_answers`), so a member can come back to the next step later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bot.abii_rules import ELIGIBILITY, EligibilityCategory, EligibilityRules, Measure
from bot.commands import UsageError
from bot.context import CoreContext
from bot.identity import Actor
from bot.storage.models import EligibilityAnswers

__all__ = ["CategoryResult", "EligibilityBook", "Verdict", "assess", "parse_answers"]

MAX_NUMBER = 1000


@dataclass(frozen=True, slots=True)
class CategoryResult:
    category: EligibilityCategory
    answered: bool
    points: int
    value: str

    @property
    def below_minimum(self) -> int:
        return max(0, self.category.min_points - self.points)


@dataclass(frozen=True, slots=True)
class Verdict:
    results: tuple[CategoryResult, ...]
    total: int
    needed: int

    @property
    def complete(self) -> bool:
        return all(r.answered for r in self.results)

    @property
    def qualifies(self) -> bool:
        return self.total >= self.needed and not any(r.below_minimum for r in self.results)

    @property
    def next_step(self) -> EligibilityCategory | None:
        return next((r.category for r in self.results if not r.answered), None)


def _points(category: EligibilityCategory, value: Any) -> int:
    if category.measure is Measure.PER_UNIT:
        points = math.floor(float(value) / category.unit_size + 1e-9)
    else:
        level, bonus = value
        points = dict((w, p) for w, p, _ in category.levels)[level]
        if bonus and points > 0:
            points += category.bonus_points
    if category.max_points is not None:
        points = min(points, category.max_points)
    return max(0, points)


def _describe(category: EligibilityCategory, value: Any) -> str:
    if category.measure is Measure.PER_UNIT:
        return f"{float(value):g} {category.unit}"
    level, bonus = value
    text = dict((w, t) for w, _, t in category.levels)[level]
    return text + (f" ({category.bonus_word})" if bonus else "")


def assess(answers: dict[str, Any], rules: EligibilityRules = ELIGIBILITY) -> Verdict:
    results = []
    for c in rules.categories:
        if c.key in answers:
            results.append(
                CategoryResult(c, True, _points(c, answers[c.key]), _describe(c, answers[c.key]))
            )
        else:
            results.append(CategoryResult(c, False, 0, ""))
    return Verdict(tuple(results), sum(r.points for r in results), rules.total_points)


def _value(category: EligibilityCategory, words: list[str]) -> Any:
    usage = _usage(category)
    if category.measure is Measure.PER_UNIT:
        if len(words) != 1:
            raise UsageError(usage)
        try:
            number = float(words[0])
        except ValueError:
            raise UsageError(f"{words[0][:20]} is not a number. {usage}") from None
        if not math.isfinite(number) or number < 0 or number > MAX_NUMBER:
            raise UsageError(f"Give a number from 0 to {MAX_NUMBER}. {usage}")
        return number
    levels = [w for w, _, _ in category.levels]
    level = next((w for w in words if w.lower() in levels), None)
    extra = [w for w in words if w.lower() not in (*levels, category.bonus_word)]
    if level is None or extra:
        raise UsageError(usage)
    return [level.lower(), any(w.lower() == category.bonus_word for w in words)]


def _usage(category: EligibilityCategory) -> str:
    if category.measure is Measure.PER_UNIT:
        return f"Usage: `/ciip eligibility {category.key} NUMBER` ({category.unit})."
    levels = "|".join(w for w, _, _ in category.levels)
    return f"Usage: `/ciip eligibility {category.key} {levels} [{category.bonus_word}]`."


def parse_answers(args: tuple[str, ...], rules: EligibilityRules = ELIGIBILITY) -> dict[str, Any]:
    """`experience 36` or `experience=36 education=master` -> {key: value}; nothing stored on
    any error."""
    keys = ", ".join(f"`{c.key}`" for c in rules.categories)
    if any("=" in a for a in args):
        found: dict[str, Any] = {}
        for arg in args:
            key, sep, raw = arg.partition("=")
            category = rules.category(key.lower())
            if not sep or category is None:
                raise UsageError(f"I don't know `{arg[:30]}`. Steps: {keys}.")
            found[category.key] = _value(category, raw.replace(",", " ").split())
        return found
    category = rules.category(args[0].lower())
    if category is None:
        raise UsageError(f"I don't know the step `{args[0][:30]}`. Steps: {keys}, or `reset`.")
    return {category.key: _value(category, list(args[1:]))}


class EligibilityBook:
    def __init__(self, ctx: CoreContext) -> None:
        self.ctx = ctx

    def run(self, actor: Actor, args: tuple[str, ...]) -> Verdict:
        """Apply the command's answers (if any) and return where the member stands."""
        with self.ctx.work() as u:
            key = u.member(actor)
            row = u.session.get(EligibilityAnswers, key.member_id)
            answers = dict(row.answers) if row is not None else {}
            if args and args[0].lower() == "reset":
                if row is not None:
                    u.session.delete(row)
                return assess({})
            if args:
                answers.update(parse_answers(args))
                if row is None:
                    row = EligibilityAnswers(
                        member_id=key.member_id, answers=answers, updated_at=self.ctx.now()
                    )
                    u.session.add(row)
                else:
                    row.answers, row.updated_at = answers, self.ctx.now()
            return assess(answers)
