"""Compact stored events: format v1 for new events; every state stored before still reads.

A finished request is 16 events. As the library stores them (JSON, each datetime as
`{"_type_":"datetime_iso","_data_":"…"}`) they took ~9 KB on PostgreSQL, mostly structure that
every event repeats. Format v1 (`CompactTranscoder`, chosen by `TRANSCODER_TOPIC`):

- top-level datetimes are written as bare ISO strings, their keys listed under `"~dt"`, and read
  back with `datetime.fromisoformat`: the very functions of the library's `DatetimeAsISO`, so a
  value comes back the same (microseconds, UTC offset; a ZoneInfo as its fixed offset, as before).
  Anything else (nested datetimes, UUIDs, decimals) keeps the library's tagged form;
- the JSON is deflated with a preset dictionary of Alur's typical events (`_DICTIONARY_V1`);
- the stored state is `0x01`, the CRC-32 of the JSON (4 bytes, big-endian), then the raw deflate
  stream, so a damaged state is an error (`StateFormatError`), never another event.

A state that starts with `{` is the library's own JSON, written before v1, and reads as before.
A new dictionary or layout gets a new first byte: `_DICTIONARY_V1` never changes.

`ShortTopicMapper` (chosen by `MAPPER_TOPIC`) stores topics that name no module, such as
`Request.Disposed`; long and short topics both resolve once `register_short_topics` has run
(any application with the v1 transcoder runs it).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import zlib
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent
from eventsourcing.utils import register_topic

LEGACY = ord("{")  # the library's JSON: states written before v1
V1 = 0x01
DATETIMES = "~dt"  # not an identifier, so never an attribute of an event


class StateFormatError(ValueError):
    """A stored state that cannot be read: damaged, or in a format this code does not know."""


class CompactTranscoder(JSONTranscoder):
    """Writes format v1; reads v1 and the library's JSON. Transcodings are registered as usual."""

    def __init__(self) -> None:
        super().__init__()
        self._plain = json.JSONDecoder()  # for v1 JSON without tagged values: no hook to call
        register_short_topics()  # so that an application reads short topics whatever mapper it has

    def encode(self, obj: Any) -> bytes:
        if type(obj) is not dict:
            return pack_v1(super().encode(obj))
        if DATETIMES in obj:
            return super().encode(obj)  # never an event's state: the library's own JSON, as before
        return pack_v1(super().encode(_hoist_datetimes(obj)))

    def decode(self, data: bytes) -> Any:
        if not data:
            raise StateFormatError("the stored state is empty")
        if data[0] == LEGACY:
            return super().decode(data)
        if data[0] != V1:
            raise StateFormatError(
                f"the stored state has an unknown format (first byte 0x{data[0]:02x}): damaged, or "
                "written by a newer version"
            )
        text = unpack_v1(data).decode()
        decoder = self.decoder if '"_type_"' in text else self._plain  # the same result, faster
        obj, end = decoder.raw_decode(text)
        dates = obj.pop(DATETIMES, None) if type(obj) is dict else None
        if end != len(text) or (dates is not None and type(dates) is not list):
            raise StateFormatError("the stored state (v1) is not what v1 writes")
        try:
            for key in dates or ():
                obj[key] = datetime.fromisoformat(obj[key])  # in place: each key keeps its position
        except (KeyError, TypeError, ValueError) as error:
            raise StateFormatError(f"the stored state (v1) lists a datetime it lacks: {error}") from None
        return obj


def _hoist_datetimes(state: dict[str, Any]) -> dict[str, Any]:
    dates = [key for key, value in state.items() if type(value) is datetime]
    if not dates:
        return state
    bare = {key: value.isoformat() if type(value) is datetime else value for key, value in state.items()}
    return {DATETIMES: dates, **bare}


def pack_v1(text: bytes) -> bytes:
    """Format v1 of a JSON text: the first byte, the text's CRC-32, raw deflate with the dictionary."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, _DICTIONARY_V1)
    return bytes((V1,)) + zlib.crc32(text).to_bytes(4, "big") + deflater.compress(text) + deflater.flush()


def unpack_v1(data: bytes) -> bytes:
    """The JSON text of a v1 state, checked against its CRC-32."""
    inflater = zlib.decompressobj(-15, _DICTIONARY_V1)
    try:
        text = inflater.decompress(data[5:])
    except zlib.error as error:
        raise StateFormatError(f"the stored state (v1) is damaged: {error}") from None
    if len(data) < 6 or not inflater.eof or inflater.unused_data:
        raise StateFormatError("the stored state (v1) is damaged: cut short, or followed by stray bytes")
    if zlib.crc32(text) != int.from_bytes(data[1:5], "big"):
        raise StateFormatError("the stored state (v1) is damaged: its checksum does not match")
    return text


class ShortTopicMapper(Mapper[UUID]):
    """Stores the topics of Alur's events as `Aggregate.Event`, whatever module holds the class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._short = register_short_topics()

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        short = self._short.get(type(domain_event))
        return stored if short is None else replace(stored, topic=short)


@functools.cache
def register_short_topics() -> dict[type, str]:
    """Let `Aggregate.Event` resolve for each event class Alur stores; gives each class's topic.

    Long topics (`domain.request:Request.Disposed`) keep resolving as before. Two classes under
    one short topic are refused here (`TopicError`), before anything is stored.
    """
    from domain.people import Opd, User
    from domain.request import Request
    from domain.sop_version import SopVersion, TenantSop
    from tenants.registry import TenantRecord

    topics: dict[type, str] = {}
    by_short: dict[str, type] = {}
    for aggregate in (Request, User, Opd, SopVersion, TenantSop, TenantRecord):
        by_short[aggregate.__name__] = aggregate
        for name, member in vars(aggregate).items():
            if isinstance(member, type) and issubclass(member, aggregate.Event):
                topics[member] = f"{aggregate.__name__}.{name}"
                by_short[topics[member]] = member
                register_topic(topics[member], member)
    for old, new in RENAMED.items():
        register_topic(old, by_short[new])
    for long, short in STORED_LONG_TOPICS.items():
        register_topic(long, by_short[RENAMED.get(short, short)])
    return topics


# Stored events name classes by these module paths: the topics of events written before the short
# topics, and, in every Created event to this day, the aggregate's own topic (`originator_topic`).
# Each resolves to the class that now answers to its short name, wherever that class lives, so a
# module can move without touching stored events. Append; never remove or edit a line.
STORED_LONG_TOPICS = {
    "domain.request:Request": "Request",
    "domain.people:User": "User",
    "domain.people:Opd": "Opd",
    "domain.sop_version:SopVersion": "SopVersion",
    "domain.sop_version:TenantSop": "TenantSop",
    "tenants.registry:TenantRecord": "TenantRecord",
    "domain.people:Opd.Registered": "Opd.Registered",
    "domain.request:Request.Analysed": "Request.Analysed",
    "domain.request:Request.Archived": "Request.Archived",
    "domain.request:Request.Assigned": "Request.Assigned",
    "domain.request:Request.DeadlineSet": "Request.DeadlineSet",
    "domain.request:Request.Decided": "Request.Decided",
    "domain.request:Request.Disposed": "Request.Disposed",
    "domain.request:Request.HandedOver": "Request.HandedOver",
    "domain.request:Request.PlanReviewed": "Request.PlanReviewed",
    "domain.request:Request.RejectedForResources": "Request.RejectedForResources",
    "domain.request:Request.StepCompleted": "Request.StepCompleted",
    "domain.request:Request.Submitted": "Request.Submitted",
    "domain.request:Request.UATFailed": "Request.UATFailed",
    "domain.request:Request.UATPassed": "Request.UATPassed",
    "domain.request:Request.Withdrawn": "Request.Withdrawn",
    "domain.sop_version:SopVersion.Adopted": "SopVersion.Adopted",
    "tenants.registry:TenantRecord.Registered": "TenantRecord.Registered",
    "tenants.registry:TenantRecord.SopChanged": "TenantRecord.SopChanged",
    "domain.sop_version:TenantSop.Chosen": "TenantSop.Chosen",
    "domain.sop_version:TenantSop.Switched": "TenantSop.Switched",
    "domain.people:User.Registered": "User.Registered",
    "domain.people:User.RoleGranted": "User.RoleGranted",
    "domain.people:User.RoleRevoked": "User.RoleRevoked",
}

# A renamed class: its old short name → its current short name (old states keep resolving; a change
# of fields is a class_version with an upcaster, see domain/request.py). Append only.
RENAMED: dict[str, str] = {}


# Templates of Alur's events as v1 JSON, without people's values: rare events first (an SOP version,
# the registry, people), a few common words, then each shipped SOP's request events (deflate reaches
# the end most cheaply). zlib and base64 of 30,876 bytes;
# `python -c "from adapters.codec import _DICTIONARY_V1 as d; print(d.decode())"` prints it.
# Never edit it: the states written with it could no longer be read.
_DICTIONARY_V1 = zlib.decompress(base64.b64decode(
    "eNrtXVtv4zYWft9fIQiDYhe1M5Yd20mAeZhsWjRNZydI0n0pCoO2aIeRRKq8JE0H2d++h6Ik3z22LrRdzDxMdOH14+E53zmk6C/u"
    "/3zpXvzmShJhIVEUu783Zm4u3Har3Wu2vGar+9DyLjqti1brpNvS/75v6Ru34TJOJoQiyfhAspiMIJfPIkToiWDx4BlzQRi9uGfx"
    "f80lZHlGnCAqB8SHxEJFQ/SCmlCVN/MuzeheeA13xKjEFFr6xU2y6GQzryWRITaPOf5DQeMxH3CWPGOxrx/DjYCOpvnNQ4oineLz"
    "7ZVziyP2yKjzT8gZIaEC54FEzgMOKBEOJPiX+wbAQLmxKYVCmzFPKvexGHESy6Qx7r3iSEJxPCkPUedTUpoPndLlOK+IThwUwAuf"
    "DBWS+grFIQmQIGk78/YRGiup61suFdqrc8PVxywztI8pmeW4IiJmggjiXMHYiGxYBzCuFBoDIFAVhrr1I2JwHKNQ4IabwJc8MAmg"
    "zBGLNHjmnuI/k3HQfwcaEPei3XAxTUt8g+tnGCqh0yR4DCMiJfZdeIOEIBMq8roElmLgY+SHhOLBmAGgv/1uQBiQcXqDI8QDoUf3"
    "rTEFvr0I/A2OUYhMb50I2pMBoBEWCX4BdtJUl8TX4/BwPYU8QJCjdtC/uDLBz/Wcn7RI3GD+hKBWFDGl5RvkSVGiEzzC60GQvo7Q"
    "nyRSUQrcWzXD1tkwbKYn1Ywa3PpspKJ0AmulkI2inrETBlOZmrf6no3HZJTO5hSLZF5PzDi7BtO/GE3TjDhGWr7SZM9EZDd4PMYj"
    "SZ7ThCiOOdTlD4av5kGIJygcDGEchXnwh0IhgdqRRlJkJYa6+AE0O30CGobE0/a+IE4JneTJR4z7puOAnWCKZ50ZQyrMY06ynGgk"
    "WQLC2z++LCtieC+r0cagOkGhihONoZD89eIheXCXNBWyiFBNTItSjbge74+CoPc/g/7iEuVjNXiEXuout/rQpqbXMy3ZVcnncCQ9"
    "36KzVcI219gR4XjIKDTWOz/Exm5ncc0og909trFY370YszjEF58T8zhivhbJq9tPtw/3t1PpNSbgVvceRdoCMx+FYIG1Ag8RGGC4"
    "eoCJiHzl3COpnFuYkco99E7/KkBjgkqEP9NpOgbdPZjeUqJr887PWy2v5YH4dlsdD651+XFu82PQ6C8w9QePSDxC+neITxhtE//d"
    "8wfv/F30odftdnoN+aHTiD+cvqsQmWfQr/5gzFlUFKYFaz1T4JbTXKcHU0vCDA3oGyjm3LrV0tXZast1HCmf6AaW7Hqaod1sna7N"
    "kAEjucJ7nhxLnS/QmoyzOfdgBHHkXFOgLpF+AKpiAtQOGOEcyZthfr+kamOqQOAl+Yvoq89U8yDNLIFOvCCScH6KnjBQBOcKSlqh"
    "bFKaeom0VroB5cs4/BmqGKgGPGCQ6QaPQHvpdlxhgZx7HHAstaaWUCjm6NEx/PQ/LILMD9B4IDOg67QXIzAQDQQeBgygj4IQ0Scl"
    "yQnk8CGfwEIh0nB8FmhS5oTQ/QDFDrg+IYwI4SfOJQ5VlL1oOMY38kn6AEoCfoilelLJpWQhCk6cO8294MG/odXQ7gtnrQAYOjrw"
    "FR4si8NGXZi6dxd35q9rfLJFkzXnRVEmU+04ZepfMlvxq1CAjhPngy6McOQumWavKOVrU9Kdao6EGGM89aUMJ168n3LkeacpucsV"
    "miDNeEYQmzNe4SxahoLSXJkbcpf6xLNWPsvf9KFjQHKxpjOdNfZ+xoOOFdfUP6PIUvvSs3w9fQSlZrBmluWt8IDnkCwP4mZgDnNs"
    "O4tjOyR+E4Ojs3Esy8LXWQ3fbN2HCdfpIlzGtteH1OlqpNJqawDJfU2c/DIgdedBgj6NmzFHQcIv6oOquwqqhco3AXanIiU0TsAi"
    "Aqm4o7VRQsZRCHfgkU84ikxox+TgiI6MKTbY1id3vf1A2isLaQ7Qfc0A9fcDUP9oADrbD0BnRwPQeSUspyxe59USi4+1W0SvtRcG"
    "oastQyEsAOPZ5gqeV5gsWICjXbUCWgtDu6TOqR+M6UJHCsfMgwwF8yjBwR2xKAZnRi9y7AyHfQYpCXjyrmWIoH5dVhGE2rt55Hmn"
    "344garC4MmgxSvA1dbchILDFqsYhhwG2mFv5+us3134Ol59Ar4QO8TGVZGzbmbcC0Gk5gL4mOBX4771lJoztsN/eOvaLt2a8u04s"
    "d6h84pbzNi1JTv/gJWfBydSWzbpzmVa6CYkbRgWOLYQLz+3icV4Qj6t0eeUxUb6IopDojSbWfMa6cVntLO4MjI8FUDR7HmPtsHgF"
    "YZk6SI0lqJB1T7J2mNoFYfqR8UiFhDsiWQQFDkoiNIvZnnFcIIipN1Efjp2CPsyh43hqWR5PC8rjJeaAhDMbSLQBT7cGOrkWm24F"
    "DDKVHMs41RETOgyPpJJ40EopwgFLV96OmXdXgs8S9X5EQTPAkkxQTeDYC2JlM3I2LOAEeKikerQY0tIh5PHX3bwNca1IIY6amJIo"
    "2dHajBD1CSdHF+KaR2KboRMxFhZH7ihjX1PDwyNCJQKzEzHfImqnB7EEelrtEmgeAdeQPjoPaoJEnbGhxd0vr9o+NbVT/SrkHjbA"
    "LNW/jQhyrJfdkXOtOYb+gGSBXT8h/wWFySbTQEBCLZXTt7moOipdQjJ7ZyJQV7a2yOxJeHvHLbz9vQlvvzrhvfrxKtm29cPdlb39"
    "NPaQOqsOKaQnsf5Mw0GjEY4loiMM/jUUYCskuiWnqiUyuj2LAf0lmXyNsWNwthcarT0o0yrIyX9BMePJ7oDcBFiWpOUNNnvR+Ot2"
    "3RRV+Xep6U1NrP5MFL/Yi6ba2r/VLseVM/EzkfnaQepUrLV2i5Fur6hWzUp9LUmtjsNiCHQ9PjMRrIIInZZDKP+2CubX3yya9y0g"
    "UzogM9XYhxyTqcVDjvUBDvRJfxSYnOUgkF5kseYnW7I73WpCNOX8Y0MniaaTdr8bsQRy75hse9+Sae8fpWU/s2bYz77Z9f3b9YVT"
    "gY5is/AWZ4TUbLVr3B5c90CsXCiRpPLZvWFpRJKDQWPVAsi6IMLWkJTldNvSOH0M3Nz5ELlKvGERoWNmlc1tQK6kIe2WRiqzpWaz"
    "+cfa9zv2LE2yXplJloGi9wz4KAAliH2iWQaIDkczH0XT90gi5dxffZreJGd68LVEpPqtxTan5llRgbMUQ4dGzzuuVc62lZHz5Ro3"
    "SdbPmTO0QjfNbePTn9lfEkH1XFyxk8/6vuTNwJYPZbXKY2tO04n1DjXwQXO/1PYeP++rqxYVz0nPK/jRXsVqaTF8XslcLBNC3018"
    "Nuyc1SGNZBl18auA1SlnJW5dGq0BlI4wzSa4xVLRJxU41xS6GC40Jn+r807UYiRltvSPt9f2VgBsjnOn/DjPh1RIhnQyvnqVTp+e"
    "Zm11oPia5m6LAls4vAvq08Czi/KsQoV07Vqd7rGLky067RXh07X1um9XSvrlpeQScyKR83EEngHo72RVoc5Ypc1TFQ7X1apkN3m/"
    "4ilmk9RVAsD5/sz9/mxZJcjthRHXHiK3FAj3iQjSYF3BaLhE+uh2+K8p9OoQSg7R6B/dFwbzQFgckE6hAanly4G9YbDA14fJT1A0"
    "Y0mC2P7O/8Xav76TQVHf6DsO2lAm5xch0IbJUcgz2jA9zei9hfhI1+6mzu5h6LbensSoV1CM6nLw+jXgkDegxO76XWbWApefmUb3"
    "2TRaFUuahn5fcaiPT0gOCX/GIUt+lsT5ztG/FQDF5nuGH4rvGXbdpYE4a5w3vFbD8zYuJliTzLMqJbP6hQRrOJyXFcfsrN77zFdK"
    "Tq//zkmWEJYk0vyUlU8CI7RBrVthW3vCdPVqwk6g5metJpPymgLhG6MRtrduYA8sryxYt/knIWvETSS/YGBJ6Nr7wrF9YBrtaA41"
    "+eEZhUoLC0yyR+SjeJmPWlVbp5ZxKxrlmCMiZgPHDhSihnC9vbnWLauzPiGqgI1dMhas01pDxJW90L097HqlXctlmmsr1F8BSruF"
    "+Qs7BmY+XpJoSBIeYX6VdG7BFo0l4pDQJ/xvvBJQ2Ns81LOTD1urVxO4LkxG/w8vOs//"
))  # fmt: skip
_DICTIONARY_V1_SHA256 = "55a46f80a31f3cf0028a06eaa94ab219839fd4b9b09904ba10849677e3e6a8be"
if hashlib.sha256(_DICTIONARY_V1).hexdigest() != _DICTIONARY_V1_SHA256:
    raise RuntimeError("the v1 dictionary of adapters.codec was changed: stored states depend on it")
