"""`alur naskah …`: the documents a request's steps give it (list, make and seal once, save the
PDF) and its dossier for the inspector. Through the tenant's own handlers with the operator's
actor, as the pages and the API do: the same rules, the same `DocumentMade` event."""

from __future__ import annotations

import argparse
from pathlib import Path

from adapters.cli.people import tenant_desk
from domain import commands as c
from domain.labels import MADE
from domain.sop import MADE_KINDS


def register_naskah_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    naskah = commands.add_parser("naskah", help="naskah dinas yang dibuat layanan / the documents the "
                                 "service makes").add_subparsers()  # fmt: skip
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--tenant", required=True, metavar="SLUG")
    common.add_argument("--request", required=True, metavar="ID")

    listing = naskah.add_parser("list", parents=[common], help="dokumen tiap langkah / each step's documents")
    listing.set_defaults(handler=_list)

    make = naskah.add_parser("make", parents=[common], help="buat dan segel / make and seal (once)")
    make.add_argument("--taken", required=True, type=int, metavar="N", help="as `naskah list` shows it")
    make.add_argument("--kind", required=True, choices=list(MADE_KINDS))
    make.add_argument("--out", type=Path, metavar="FILE.pdf", help="simpan PDF-nya / save its PDF")
    make.set_defaults(handler=_make)

    dossier = naskah.add_parser("dossier", parents=[common], help="dosir untuk pemeriksa / the dossier")
    dossier.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    dossier.set_defaults(handler=_dossier)


def _list(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        entries = desk.queries.made_documents(actor, args.request)
    for entry in entries:
        made = entry.made
        state = f"{made['number']} sha256 {made['sha256']}" if made else "belum dibuat / not made yet"
        print(f"{entry.taken}\tlangkah / step {entry.step}\t{entry.kind}\t{MADE[entry.kind][0]}\t{state}")
    return 0


def _make(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        made = desk.commands.make_document(actor, c.MakeDocument(args.request, args.taken, args.kind))
        record = made.record
        if args.out:
            _, content = desk.queries.document(actor, args.request, str(record["sha256"]))
            args.out.write_bytes(content)
    said = "dibuat dan disegel / made and sealed" if made.made_now else "sudah ada / already made"
    print(
        f"{MADE[args.kind][0]} {record['number']}: {said}; sha256 {record['sha256']}; "
        f"segel / sealed by {record['sealed_by']}" + (f"; {args.out}" if args.out else "")
    )
    return 0


def _dossier(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        found, content, sealed_by = desk.queries.dossier_pdf(
            actor, args.request, desk.commands.service.clock()
        )
    args.out.write_bytes(content)
    print(
        f"dosir / dossier {found.detail.letter_number}: {args.out} ({len(content)} B), "
        f"segel / sealed by {sealed_by}"
    )
    return 0
