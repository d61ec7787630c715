"""structlog, configured in one place; context (tenant, request id, user) rides on contextvars.

`console` (development): readable lines. `json` (production, ALUR_LOG_FORMAT=json): one JSON
object a line, tracebacks as text under `exception`, so a log shipper needs no parsing rules.
Library logs (uvicorn, psycopg_pool, eventsourcing) go through the same pipeline and context.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    """Log lines to stderr, each carrying the bound tenant, request id and user where there are."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    processors: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        fields_of_exception,
    ]
    if json:  # the console renderer lays tracebacks out itself
        processors.append(structlog.processors.format_exc_info)
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(foreign_pre_chain=processors, processor=renderer)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


Event = MutableMapping[str, Any]


def fields_of_exception(_logger: Any, _method: str, event: Event) -> Event:
    """An exception being logged may name its own fields (`log_fields`, e.g. the projection and
    position of a failed projection): they go on the line, where a search finds them."""
    found = event.get("exc_info")
    if found is True:
        found = sys.exc_info()[1]
    elif isinstance(found, tuple):
        found = found[1]
    seen = 0
    while isinstance(found, BaseException) and seen < 10:  # the exception, then what caused it
        for key, value in (getattr(found, "log_fields", None) or {}).items():
            event.setdefault(key, value)
        found, seen = found.__cause__ or found.__context__, seen + 1
    return event


log = structlog.get_logger("alur")
