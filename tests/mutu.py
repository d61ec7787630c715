"""What the tests bring to a step to meet its Mutu Baku: the letter (a PDF), and for every other
document a reference, as when everything was handed over on paper ("diserahkan di luar sistem")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.documents import Upload
from domain.mutu_baku import outside_references, paper_references, submission_references
from domain.sop import Variant

PDF = b"%PDF-1.4\n% surat permohonan uji\n"
LETTER = Upload("surat-permohonan.pdf", PDF, "letter")
REFERENCE = "UJI/001"
LETTER_FILE = {"name": LETTER.name, "mimeType": "application/pdf", "buffer": PDF}  # for Playwright


def letter_files() -> dict[str, tuple[str, bytes, str]]:
    """The letter as a multipart `files` argument."""
    return {"letter": (LETTER.name, LETTER.data, "application/pdf")}


def first_references(variant: Variant) -> dict[str, str]:
    """A reference for each of the first step's documents the letter does not bring."""
    return submission_references(variant, REFERENCE)


def references_for(
    variant: Variant, number: int, records: list[dict[str, Any]], decision: str | None
) -> dict[str, str]:
    """A reference for each document step `number` still needs, given what the request holds."""
    return outside_references(variant, variant.step(number), records, decision, REFERENCE)


def needed(checklist: list[Mapping[str, Any]], decision: str | None) -> dict[str, str]:
    """From the API's `checklist`: a reference for each slot the step needs filled, given the answer."""
    return paper_references(checklist, decision, REFERENCE)


def as_form(references: Mapping[str, str]) -> dict[str, str]:
    """References as a form's fields ("output-1-reference")."""
    return {f"{slot}-reference": value for slot, value in references.items()}


def fill_on_paper(form: Any, checklist: list[Mapping[str, Any]], decision: str | None = None) -> None:
    """In a browser's step form (a Playwright locator): a reference for each document needed."""
    for slot in needed(checklist, decision):
        form.locator(f"input[name={slot}-reference]").fill(REFERENCE)
