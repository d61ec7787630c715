"""One tenant's application layer as a front door sees it: its command handlers and its query
handlers, built by the composition root (adapters/composition.py) and passed to the doors."""

from __future__ import annotations

from dataclasses import dataclass

from domain.handlers import Commands
from projections.queries import Queries


@dataclass(frozen=True)
class Desk:
    """What a front door needs of one tenant: its commands and its queries."""

    commands: Commands
    queries: Queries
