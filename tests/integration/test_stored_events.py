"""Events stored by an earlier release still read, on both stores, with today's code.

`tests/fixtures/stored_events.json` holds whole streams of a few aggregates, covering every event
class persisted when it was made, as that release stored them (format v1, short topics) and as
releases before v1 did (the library's JSON, module-path topics). Each is inserted as stored into
an empty tenant store and replayed: the aggregate must come out as it did then, and every event
must decode to exactly the fields its class has now. An event class whose fields change without
a new `class_version` and an upcaster fails here; so does a class renamed or moved without its
old topic entered in adapters/codec.py.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from adapters.codec import register_short_topics
from adapters.config import Settings
from adapters.store import Services
from domain.service import RequestService
from tenants.model import Tenant
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.fixtures.make_stored_events import summary

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "stored_events.json").read_text())


@pytest.fixture
def empty_store(settings: Settings, clock: FakeClock) -> Iterator[RequestService]:
    """A tenant store with nothing in it: no SOP adopted, no people."""
    services = Services(settings, clock)
    tenant = Tenant(slug=random_slug("ev"), name="Uji peristiwa", region="Uji", timezone="Asia/Makassar",
                    variant_id="sumbawa-2021")  # fmt: skip
    try:
        yield services.for_tenant(tenant)
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def _stored(aggregate: dict, form: str) -> list[StoredEvent]:
    originator = UUID(aggregate["originator_id"])
    return [StoredEvent(originator_id=originator, originator_version=e["version"], topic=e["topic"],
                        state=base64.b64decode(e["state"])) for e in aggregate[form]]  # fmt: skip


@pytest.mark.parametrize("form", ["v1", "legacy_json"])
def test_every_stored_event_of_an_earlier_release_replays_as_it_did(empty_store: RequestService, form: str):
    for aggregate in FIXTURE["aggregates"]:
        stored = _stored(aggregate, form)
        empty_store.recorder.insert_events(stored)
        replayed = empty_store.repository.get(UUID(aggregate["originator_id"]))
        assert summary(replayed) == aggregate["after_replay"], aggregate["originator_id"]
        for record in empty_store.recorder.select_events(UUID(aggregate["originator_id"])):
            event = empty_store.mapper.to_domain_event(record)
            now = {f.name for f in dataclasses.fields(type(event))}
            assert set(vars(event)) == now, (
                f"{record.topic} v{record.originator_version}: stored {sorted(set(vars(event)))}, "
                f"the class has {sorted(now)} — raise class_version and add an upcaster"
            )


def test_every_topic_stored_then_names_a_class_now():
    from eventsourcing.utils import resolve_topic

    register_short_topics()
    for aggregate in FIXTURE["aggregates"]:
        for form in ("v1", "legacy_json"):
            for event in aggregate[form]:
                assert isinstance(resolve_topic(event["topic"]), type), event["topic"]


def test_every_persisted_event_class_states_its_version():
    for cls, topic in register_short_topics().items():
        if topic.endswith((".Event", ".Created", ".StepEvent")):
            continue
        assert isinstance(getattr(cls, "class_version", None), int), f"{topic} states no class_version"
