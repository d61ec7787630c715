"""The tenant's signed chain head (issue 20): what it publishes so that any later export can be
shown to extend it. Public: it names no person and no request, only a position and a hash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from projections.queries.base import QueriesBase


class ChainQueries(QueriesBase):
    """Set by the composition: the signed head now, and the heads published by exports."""

    chain_head: Callable[[datetime], Any] | None = None
    published_heads: Callable[[], list[dict[str, Any]]] = staticmethod(list)  # type: ignore[assignment]

    def signed_head(self, now: datetime) -> tuple[Any, list[dict[str, Any]]]:
        if self.chain_head is None:
            raise LookupError("no chain head in this composition")
        return self.chain_head(now), self.published_heads()
