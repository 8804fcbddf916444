"""Team-authored questions from CSV or YAML, validated row by row before anything is stored.

CSV columns (header row required; see README "Contributing and importing questions"):
  id, domain, subtopic, difficulty, stem, option_a, option_b, option_c, option_d, key,
  explanation, why_wrong_a, why_wrong_b, why_wrong_c, why_wrong_d, references, tags, version
`references` are separated by ` | `, `tags` by commas; the key's own why_wrong cell stays empty.
YAML files use the bank's own format (`domain:` and `questions:`) or a plain list of questions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from question_bank.factcheck import check_question
from question_bank.loader import load_taxonomy, safe_load, validate_question
from question_bank.schema import LETTERS, Question

__all__ = [
    "CSV_COLUMNS",
    "ImportReport",
    "RowError",
    "file_problem",
    "parse_file",
    "question_to_row",
]

SUFFIXES = (".csv", ".yaml", ".yml")

CSV_COLUMNS = (
    "id", "domain", "subtopic", "difficulty", "stem",
    "option_a", "option_b", "option_c", "option_d", "key", "explanation",
    "why_wrong_a", "why_wrong_b", "why_wrong_c", "why_wrong_d",
    "references", "tags", "version",
)  # fmt: skip
REQUIRED = frozenset(CSV_COLUMNS) - {"tags", "version"}


@dataclass(frozen=True)
class RowError:
    row: str  # "row 3" (CSV, counting the header as row 1) or "#3" (YAML)
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.row} ({self.question_id or 'no id'}): {self.message}"


@dataclass
class ImportReport:
    good: list[Question] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[str]:
        """Row labels in file order; a file-level problem ("file") sorts first."""
        return sorted({e.row for e in self.errors}, key=_row_order)


def _row_order(row: str) -> int:
    number = row.split()[-1].lstrip("#")
    return int(number) if number.isdigit() else 0


def file_problem(path: Path) -> str | None:
    """Why `path` cannot be imported at all (missing, wrong kind, not UTF-8), in one sentence.

    Checked before any database is opened, so a typo in a file name touches nothing.
    """
    if path.suffix.lower() not in SUFFIXES:
        return f"{path.name}: use a .csv, .yaml or .yml file"
    try:
        path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return f"{path}: no such file"
    except IsADirectoryError:
        return f"{path}: is a folder, not a file"
    except OSError as exc:
        return f"{path}: cannot read it ({exc.strerror or exc.__class__.__name__})"
    except UnicodeDecodeError as exc:
        return (
            f"{path.name} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 (in Excel: CSV UTF-8)"
        )
    return None


def _row_to_raw(row: dict[str, str]) -> dict[str, object]:
    key = (row.get("key") or "").strip().upper()
    raw: dict[str, object] = {
        "id": (row.get("id") or "").strip(),
        "domain": (row.get("domain") or "").strip(),
        "subtopic": (row.get("subtopic") or "").strip(),
        "difficulty": (row.get("difficulty") or "").strip(),
        "stem": row.get("stem") or "",
        "options": {x: row.get(f"option_{x.lower()}") or "" for x in LETTERS},
        "key": key,
        "explanation": row.get("explanation") or "",
        "why_wrong": {x: row.get(f"why_wrong_{x.lower()}") or "" for x in LETTERS if x != key},
        "references": [r.strip() for r in (row.get("references") or "").split("|") if r.strip()],
        "tags": [t.strip() for t in (row.get("tags") or "").split(",") if t.strip()],
    }
    if (row.get("version") or "").strip():
        raw["version"] = row["version"].strip()
    return raw


def _csv_rows(text: str) -> tuple[list[tuple[str, dict[str, object]]], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or ())
    missing = sorted(REQUIRED - header)
    if missing:
        return [], [RowError("row 1", "", f"missing columns: {', '.join(missing)}")]
    unknown = sorted(header - set(CSV_COLUMNS))
    errors = [RowError("row 1", "", f"unknown columns: {', '.join(unknown)}")] if unknown else []
    rows = []
    for n, row in enumerate(reader, start=2):
        raw = _row_to_raw(row)
        key = str(raw["key"])
        if key in LETTERS and (row.get(f"why_wrong_{key.lower()}") or "").strip():
            # The schema would never see this cell (the key has no why_wrong): say so.
            errors.append(
                RowError(
                    f"row {n}",
                    str(raw["id"]),
                    f"why_wrong_{key.lower()} must be empty because {key} is the key; "
                    "put that text in explanation",
                )
            )
            continue
        rows.append((f"row {n}", raw))
    return rows, errors


def _yaml_rows(text: str) -> tuple[list[tuple[str, dict[str, object]]], list[RowError]]:
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        return [], [RowError("file", "", f"not valid YAML: {exc}")]
    default_domain = None
    if isinstance(data, dict):
        default_domain = data.get("domain")
        data = data.get("questions")
    if not isinstance(data, list):
        return [], [RowError("file", "", "expected a list of questions (or domain + questions)")]
    rows = []
    for n, raw in enumerate(data, start=1):
        if isinstance(raw, dict) and default_domain and "domain" not in raw:
            raw = {"domain": default_domain, **raw}
        rows.append((f"#{n}", raw))
    return rows, []


def parse_file(path: Path, taken_ids: Iterable[str] = ()) -> ImportReport:
    """Validate every row of a CSV or YAML file; `taken_ids` are ids already used elsewhere."""
    report = ImportReport()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(RowError("file", "", f"cannot read {path}: {exc}"))
        return report
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, errors = _csv_rows(text)
    elif suffix in (".yaml", ".yml"):
        rows, errors = _yaml_rows(text)
    else:
        errors, rows = [RowError("file", "", "use a .csv, .yaml or .yml file")], []
    report.errors.extend(errors)
    if not rows and not errors:
        report.errors.append(RowError("file", "", "no questions in the file"))
    taxonomy = load_taxonomy()
    taken = set(taken_ids)
    seen: dict[str, str] = {}
    for where, raw in rows:
        qid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        question, problems = validate_question(raw, taxonomy, where)
        for problem in problems:
            message = problem.split(": ", 1)[1] if ": " in problem else problem
            report.errors.append(RowError(where, qid, message))
        if question is None:
            continue
        if question.id in seen:
            report.errors.append(RowError(where, qid, f"id also used in {seen[question.id]}"))
            continue
        if question.id in taken:
            report.errors.append(RowError(where, qid, "id already used by another question"))
            continue
        seen[question.id] = where
        report.warnings.extend(RowError(where, qid, p.message) for p in check_question(question))
        report.good.append(question)
    return report


def question_to_row(q: Question) -> dict[str, str]:
    row = {
        "id": q.id, "domain": q.domain, "subtopic": q.subtopic, "difficulty": str(q.difficulty),
        "stem": q.stem, "key": q.key, "explanation": q.explanation,
        "references": " | ".join(q.references), "tags": ",".join(q.tags),
        "version": str(q.version),
    }  # fmt: skip
    for x in LETTERS:
        row[f"option_{x.lower()}"] = q.options[x]
        row[f"why_wrong_{x.lower()}"] = q.why_wrong.get(x, "")
    return row
