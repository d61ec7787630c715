"""A small, valid one-page PDF with a few lines of text: the letter the demo's and the bench's
requesters attach (a PDF is required with every submission)."""

from __future__ import annotations


def sample_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF showing `lines` in Helvetica; plain ASCII is kept, anything else dropped."""
    text = "".join(
        f"BT /F1 12 Tf 72 {770 - 18 * n} Td ({_escaped(line)}) Tj ET\n" for n, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _escaped(line: str) -> str:
    plain = line.encode("ascii", "ignore").decode()
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
