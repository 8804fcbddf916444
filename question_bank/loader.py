"""Reads the shipped bank (and team files) into validated `Question` models.

Errors are collected, never raised one at a time, so an author fixing a file sees every problem
in one run; the engine's sync refuses to start on a bank that has any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from question_bank.blueprint import DOMAIN_BY_KEY
from question_bank.schema import Question, QuestionFile

__all__ = [
    "DATA_DIR",
    "TAXONOMY_FILE",
    "BankLoad",
    "load_bank",
    "load_file",
    "load_taxonomy",
    "safe_load",
]

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TAXONOMY_FILE = PACKAGE_DIR / "taxonomy.yaml"

# libyaml's C loader parses the bank about ten times faster than the pure-Python one (most of
# the console's start-up time); same safe subset of YAML, same result.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> object:
    """`yaml.safe_load`, with libyaml's C loader when PyYAML was built with it."""
    return yaml.load(text, Loader=_SafeLoader)


@dataclass
class BankLoad:
    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_taxonomy(path: Path = TAXONOMY_FILE) -> dict[str, dict[str, str]]:
    """Domain key -> {subtopic id: description}."""
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(domain): {str(k): str(v) for k, v in subs.items()} for domain, subs in data.items()}


def format_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "question"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def validate_question(
    raw: object, taxonomy: dict[str, dict[str, str]], where: str
) -> tuple[Question | None, list[str]]:
    """Validate one raw mapping against the schema and the taxonomy."""
    if not isinstance(raw, dict):
        return None, [f"{where}: expected a mapping of question fields"]
    try:
        question = Question.model_validate(raw)
    except ValidationError as exc:
        return None, [f"{where} ({raw.get('id', '?')}): {format_validation_error(exc)}"]
    errors = []
    if question.domain not in DOMAIN_BY_KEY:
        errors.append(f"{where} ({question.id}): unknown domain {question.domain!r}")
    elif question.subtopic not in taxonomy.get(question.domain, {}):
        errors.append(
            f"{where} ({question.id}): unknown subtopic {question.subtopic!r} for "
            f"{question.domain}; see question_bank/taxonomy.yaml"
        )
    return (None if errors else question), errors


def load_file(path: Path, taxonomy: dict[str, dict[str, str]] | None = None) -> BankLoad:
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    result = BankLoad()
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
        parsed = QuestionFile.model_validate(data)
    except (yaml.YAMLError, OSError) as exc:
        result.errors.append(f"{path.name}: cannot read: {exc}")
        return result
    except ValidationError as exc:
        result.errors.append(f"{path.name}: {format_validation_error(exc)}")
        return result
    for index, raw in enumerate(parsed.questions, start=1):
        if isinstance(raw, dict) and "domain" not in raw:
            raw = {"domain": parsed.domain, **raw}
        question, errors = validate_question(raw, taxonomy, f"{path.name} #{index}")
        result.errors.extend(errors)
        if question is not None:
            if question.domain != parsed.domain:
                result.errors.append(
                    f"{path.name} ({question.id}): domain {question.domain} in a "
                    f"{parsed.domain} file"
                )
            result.questions.append(question)
    return result


def load_bank(data_dir: Path = DATA_DIR) -> BankLoad:
    """Load every `*.yaml` file of the bank and check ids are unique across files."""
    taxonomy = load_taxonomy()
    result = BankLoad()
    for path in sorted(data_dir.glob("*.yaml")):
        part = load_file(path, taxonomy)
        result.questions.extend(part.questions)
        result.errors.extend(part.errors)
    seen: dict[str, int] = {}
    for q in result.questions:
        seen[q.id] = seen.get(q.id, 0) + 1
    result.errors.extend(f"duplicate id {qid} ({n} times)" for qid, n in seen.items() if n > 1)
    return result
