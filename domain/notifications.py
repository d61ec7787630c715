"""Reading an application's notification log: which aggregates were created, in order."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import get_topic

PAGE = 500


def created_ids(recorder: ApplicationRecorder, created: type) -> Iterator[UUID]:
    """Ids of the aggregates created with this event class, in the order they were stored.

    An event is stored under its short topic (`Request.Submitted`, which names no module) or,
    if stored before short topics, under the library's `module:Class` topic: both are asked for.
    """
    topics, start = [get_topic(created), created.__qualname__], 1
    while True:
        section = recorder.select_notifications(start=start, limit=PAGE, topics=topics)
        for notification in section:
            yield UUID(str(notification.originator_id))
        if len(section) < PAGE:
            return
        start = section[-1].id + 1
