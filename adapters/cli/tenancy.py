"""`alur tenant export | import | move`: a tenant as a portable unit (adapters/tenancy/transfer.py)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from adapters.composition import Platform
from adapters.config import Settings
from adapters.tenancy.transfer import export_tenant, import_tenant
from tenants.model import MAIN_DATABASE


def register_tenant_transfer_commands(tenant: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `export`, `import` and `move` under `alur tenant`."""
    export = tenant.add_parser("export", help="ekspor tenant ke satu berkas / export a tenant to one file")
    export.add_argument("slug", metavar="SLUG")
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("--without-credentials", action="store_true",
                        help="tanpa hash kata sandi (untuk auditor) / leave the password hashes out "
                             "(a file for an auditor)")  # fmt: skip
    export.set_defaults(handler=_export)
    restore = tenant.add_parser("import", help="impor tenant dari berkas / import a tenant from a file")
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.add_argument("--as", dest="slug", metavar="SLUG", help="slug baru / under another slug")
    restore.add_argument("--database", default=MAIN_DATABASE, metavar="NAME",
                         help="nama basis data (ALUR_DATABASES) / database name")  # fmt: skip
    restore.set_defaults(handler=_import)
    move = tenant.add_parser("move", help="pindahkan tenant ke basis data lain / move to another database")
    move.add_argument("slug", metavar="SLUG")
    move.add_argument("--to", required=True, metavar="NAME", help="nama di ALUR_DATABASES / a database name")
    move.add_argument("--drop-old", action="store_true", help="hapus salinan lama / drop the old copy")
    move.add_argument("--settle", type=float, default=5.0, metavar="SECONDS",
                      help="jeda sebelum menghapus / wait before dropping the old copy")  # fmt: skip
    move.set_defaults(handler=_move)
    thaw = tenant.add_parser("thaw", help="cairkan setelah pemindahan terhenti / thaw after a stopped move")
    thaw.add_argument("slug", metavar="SLUG")
    thaw.set_defaults(handler=_thaw)
    drop = tenant.add_parser("drop-copy", help="hapus salinan yang tidak dipakai / drop a copy not in use")
    drop.add_argument("slug", metavar="SLUG")
    drop.add_argument("--database", required=True, metavar="NAME")
    drop.set_defaults(handler=_drop_copy)


def progress_bar(label: str, width: int = 30) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        fraction = 1.0 if total <= 0 else min(1.0, done / total)
        filled = int(fraction * width)
        end = "\n" if fraction >= 1.0 else ""  # a finished bar keeps its line; the next pass starts anew
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        sys.stderr.write(f"\r{label:<28} {bar} {fraction * 100:5.1f}% {done}/{total}{end}")
        sys.stderr.flush()

    return show


def _summary(manifest: dict[str, object]) -> str:
    counts = manifest["counts"]
    assert isinstance(counts, dict)
    return (
        f"{counts['events']} peristiwa / events, {counts['sop_versions']} versi SOP / SOP versions, "
        f"{counts['documents']} dokumen / documents; SHA-256 {manifest['sha256_all']}"
    )


def _export(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if not args.file.parent.is_dir():
        print(f"galat / error: {args.file.parent}: folder tidak ada / no such folder", file=sys.stderr)
        return 1
    with Platform(Settings.from_env()) as platform:
        manifest = export_tenant(platform, args.slug, args.file, credentials=not args.without_credentials,
                                 progress=progress_bar(f"ekspor {args.slug}"))  # fmt: skip
    held = ("tanpa hash kata sandi / without password hashes" if args.without_credentials else
            "berisi hash kata sandi: simpan seperti kata sandi / holds password hashes: keep it as a secret")
    print(f"{args.file}: {_summary(manifest)} ({time.perf_counter() - started:.1f} s); {held}")
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        print(f"galat / error: {args.file}: berkas tidak ada / no such file", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with Platform(Settings.from_env()) as platform:
        tenant = import_tenant(
            platform,
            args.file,
            slug=args.slug,
            database=args.database,
            progress=progress_bar("berkas / file"),
            rebuild_progress=progress_bar("model baca / read models"),
        )
    print(f"tenant {tenant.slug} diimpor / imported into {tenant.database} "
          f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
    return 0


def _move(args: argparse.Namespace) -> int:
    from adapters.tenancy.move import move_tenant

    with Platform(Settings.from_env()) as platform:
        report = move_tenant(platform, args.slug, args.to, drop_old=args.drop_old, settle=args.settle,
                             say=print, progress=progress_bar(f"salin / copy {args.slug}"))  # fmt: skip
    print(f"tenant {args.slug}: {report.source} -> {report.target}, {_summary(report.manifest)}; "
          f"beku / frozen {report.frozen_seconds:.1f} s")  # fmt: skip
    return 0


def _thaw(args: argparse.Namespace) -> int:
    from adapters.tenancy.move import thaw_tenant

    with Platform(Settings.from_env()) as platform:
        tenant = thaw_tenant(platform, args.slug)
    print(f"tenant {tenant.slug} menerima tulisan lagi / takes writes again ({tenant.database})")
    return 0


def _drop_copy(args: argparse.Namespace) -> int:
    from adapters.tenancy.move import drop_copy

    with Platform(Settings.from_env()) as platform:
        drop_copy(platform, args.slug, args.database)
    print(f"salinan {args.slug} di {args.database} dihapus / copy dropped")
    return 0
