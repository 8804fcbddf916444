"""Seeded JSON mutation shared by the adapters' fuzz tests: junk values and missing keys at
random places of a well-formed payload."""

from __future__ import annotations

import copy
import random
from typing import Any

__all__ = ["JUNK", "mutate"]

JUNK: list[Any] = [
    None,
    "",
    0,
    -1,
    2**70,
    3.5,
    True,
    [],
    [[]],
    {},
    [1],
    {"id": 7},
    "x" * 4000,
    "U" * 65,
    "ciip:a:999999999999999999999:A",
    "ciip:d:1:Z",
    "ciip:",
    "\u0000\u200b",
    'quiz "unclosed',
    "timezone " + "A/" * 300,
    "ce delete #99999999999999999999999",
    "é" * 10,
]


def _spots(node: Any, out: list[tuple[Any, Any]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((node, key))
            _spots(value, out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.append((node, index))
            _spots(value, out)


def mutate(rng: random.Random, value: Any, junk: list[Any] = JUNK) -> Any:
    """A deep copy of `value` with one to three values replaced by junk or keys removed."""
    value = copy.deepcopy(value)
    for _ in range(rng.randint(1, 3)):
        spots: list[tuple[Any, Any]] = []
        _spots(value, spots)
        if not spots:
            break
        parent, key = rng.choice(spots)
        if isinstance(parent, dict) and rng.random() < 0.3:
            del parent[key]
        else:
            parent[key] = copy.deepcopy(rng.choice(junk))
    return value
