"""What every list shares: a search text, a sort column from the list's own whitelist, and the
SQL both become.

A list names the columns it may be sorted by (`Columns`: a key the client sends, and the SQL
expressions behind it); anything else is refused naming the field `sort`, at both doors alike.
Sorting is one ORDER BY with empty values last whichever the direction, then the list's own
tiebreak (a unique column), so a page never shows a row twice or skips one. A search is
matched as plain text, case-insensitive: `%` and `_` typed by a user mean themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInputError

MAX_SEARCH = 100
Columns = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Sort:
    """A sort column and its direction: `due` ascending, `-due` descending."""

    key: str
    descending: bool = False

    @property
    def text(self) -> str:
        return ("-" if self.descending else "") + self.key


def sort_of(text: str | None, columns: Columns, default: str) -> Sort:
    """The client's `sort` (`key` or `-key`) checked against the list's columns; None: its default."""
    given = (text or "").strip() or default
    descending = given.startswith("-")
    key = given.removeprefix("-")
    if key not in columns:
        allowed = ", ".join(sorted(columns))
        raise InvalidInputError(
            f"sort: harus salah satu dari {allowed} (awali dengan - untuk urutan menurun)",
            f"sort: must be one of {allowed} (prefix - for descending)",
            "sort",
        )
    return Sort(key, descending)


def search_of(text: str | None, field: str = "q") -> str | None:
    """The client's search text, trimmed; None when empty; too long is refused naming `field`."""
    found = " ".join((text or "").split())
    if len(found) > MAX_SEARCH:
        raise InvalidInputError(
            f"{field}: paling banyak {MAX_SEARCH} karakter",
            f"{field}: at most {MAX_SEARCH} characters",
            field,
        )
    return found or None


def order_by(sort: Sort, columns: Columns, tiebreak: str) -> str:
    """` ORDER BY …`: the sort's expressions, empty values last, then the unique tiebreak."""
    direction = "DESC" if sort.descending else "ASC"
    parts: list[str] = []
    for expression in columns[sort.key]:
        parts += [f"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END", f"{expression} {direction}"]
    return " ORDER BY " + ", ".join([*parts, tiebreak])


def matching(
    search: str | None, columns: Sequence[str], opd_column: str | None = None
) -> tuple[str, list[Any]]:
    """SQL true where any column holds the search text (and, with `opd_column`, where the OPD's
    name does); ("", []) without a search."""
    if search is None:
        return "", []
    pattern = "%" + search.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    tests = [f"LOWER(COALESCE({column}, '')) LIKE ? ESCAPE '!'" for column in columns]
    if opd_column is not None:
        tests.append(f"{opd_column} IN (SELECT code FROM rm_opds WHERE LOWER(name) LIKE ? ESCAPE '!')")
    return "(" + " OR ".join(tests) + ")", [pattern] * len(tests)
