"""Read model "comments": each request's discussion, comment by comment (domain/comments.py).

One row per comment, keyed by its request and its number in the thread; a retracted comment
keeps its row (and its text, for the history) with the moment it was retracted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.comments import Discussion, Subject
from projections.base import BatchTx, Context, Projection, Tx, parse_ts, to_json, ts


@dataclass(frozen=True)
class CommentRow:
    request_id: str
    number: int
    actor: str
    actor_name: str
    role: str
    text: str
    mentions: tuple[str, ...]
    at: datetime
    retracted_at: datetime | None


class CommentsProjection(Projection):
    name = "comments"
    version = 1
    tables = ("rm_comments",)
    ddl = (
        "CREATE TABLE IF NOT EXISTS rm_comments ("
        " request_id TEXT NOT NULL, number INTEGER NOT NULL, position BIGINT NOT NULL, actor TEXT NOT NULL,"
        " actor_name TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, mentions TEXT NOT NULL,"
        " at TEXT NOT NULL, retracted_at TEXT, PRIMARY KEY (request_id, number))",
    )

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        if isinstance(event, Discussion.Commented):
            tx.insert("rm_comments", {
                "request_id": event.request_id, "number": event.number, "position": position,
                "actor": event.actor, "actor_name": event.actor_name, "role": event.role, "text": event.text,
                "mentions": to_json(list(event.mentions)), "at": ts(event.at), "retracted_at": None,
            }, key=(event.request_id, event.number))  # fmt: skip
        elif isinstance(event, Discussion.CommentRetracted):
            held = tx.held("rm_comments", (event.request_id, event.number))
            if held is not None:
                held["retracted_at"] = ts(event.at)
                return
            tx.execute("UPDATE rm_comments SET retracted_at = ? WHERE request_id = ? AND number = ?",
                       (ts(event.at), event.request_id, event.number))  # fmt: skip


def subject_of(tx: Tx, request_id: str) -> Subject | None:
    """The request a thread is about, from the requests read model (None: no such request)."""
    rows = tx.query("SELECT id, title, opd, submitted_by, variant_id, variant_version FROM rm_requests"
                    " WHERE id = ?", (request_id,))  # fmt: skip
    if not rows:
        return None
    row = rows[0]
    return Subject(row["id"], row["title"], row["opd"], row["submitted_by"], row["variant_id"],
                   int(row["variant_version"]))  # fmt: skip


def thread_of(tx: Tx, request_id: str) -> list[CommentRow]:
    """A request's comments, oldest first."""
    rows = tx.query("SELECT * FROM rm_comments WHERE request_id = ? ORDER BY number", (request_id,))
    return [_comment(row) for row in rows]


def _comment(row: dict[str, Any]) -> CommentRow:
    at = parse_ts(row["at"])
    assert at is not None
    return CommentRow(row["request_id"], int(row["number"]), row["actor"], row["actor_name"], row["role"],
                      row["text"], tuple(json.loads(row["mentions"])), at,
                      parse_ts(row["retracted_at"]))  # fmt: skip
