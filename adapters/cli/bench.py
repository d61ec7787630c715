"""`alur bench seed`: the bench tenants of bench/seed.py, written into the configured store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from adapters.config import Settings
from bench.seed import (
    BenchTenantsExist,
    default_processes,
    progress_bar,
    seed,
    summary,
)


def register_bench_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `alur bench seed` to the `alur` parser."""
    bench = commands.add_parser("bench", help="data dan ukuran beban / load data").add_subparsers()
    seed_cmd = bench.add_parser(
        "seed", help="isi tenant bench dengan pengguna dan permohonan / seed bench tenants"
    )
    seed_cmd.add_argument("--tenants", type=int, default=10, metavar="N", help="jumlah tenant / tenants")
    seed_cmd.add_argument("--requests", type=int, default=200, metavar="M",
                          help="jumlah permohonan seluruhnya / requests in all")  # fmt: skip
    seed_cmd.add_argument("--seed", type=int, default=2026, metavar="S", help="benih acak / random seed")
    seed_cmd.add_argument("--processes", type=int, default=None, metavar="P",
                          help=f"proses paralel / processes (default {default_processes()})")  # fmt: skip
    seed_cmd.add_argument(
        "--manifest", metavar="FILE", help="tulis tenant dan pengguna (JSON) / write tenants and users (JSON)"
    )
    seed_cmd.set_defaults(handler=_seed_command)


def _seed_command(args: argparse.Namespace) -> int:
    if args.tenants < 1 or args.requests < 0:
        print("--tenants ≥ 1 dan --requests ≥ 0 / --tenants ≥ 1 and --requests ≥ 0", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    where = settings.database_url or settings.data_dir
    print(f"alur bench seed: {args.tenants} tenant, {args.requests} permohonan / requests → "
          f"{settings.backend} ({where})", file=sys.stderr)  # fmt: skip
    try:
        result = seed(settings, args.tenants, args.requests, args.seed, args.processes, progress_bar())
    except BenchTenantsExist as error:
        print(f"\ngalat / error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndihentikan; tenant bench terisi sebagian, pakai basis data baru / interrupted; bench "
              "tenants are partly seeded, start again on an empty store", file=sys.stderr)  # fmt: skip
        return 130
    sys.stderr.write("\n")
    if args.manifest:
        Path(args.manifest).write_text(json.dumps(result.manifest(), ensure_ascii=False, indent=1))
    print(summary(result))
    return 0


