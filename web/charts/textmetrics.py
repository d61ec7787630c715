"""How wide a text is drawn, to wrap SVG labels on the server so that none is cut.

Advance widths (in em) of DejaVu Sans, the widest of the common sans-serif faces (Debian's
default; Arial, Helvetica and Roboto are narrower), so a line measured here fits in the box
whatever sans-serif face the reader's browser picks. Bold is about 10 % wider.
"""

from __future__ import annotations

_WIDTHS = {
    " ": 0.318, "!": 0.401, '"': 0.46, "#": 0.838, "$": 0.636, "%": 0.95, "&": 0.78, "'": 0.275,
    "(": 0.39, ")": 0.39, "*": 0.5, "+": 0.838, ",": 0.318, "-": 0.361, ".": 0.318, "/": 0.337,
    ":": 0.337, ";": 0.337, "<": 0.838, "=": 0.838, ">": 0.838, "?": 0.531, "@": 1.0,
    "A": 0.684, "B": 0.686, "C": 0.698, "D": 0.77, "E": 0.632, "F": 0.575, "G": 0.775, "H": 0.752,
    "I": 0.295, "J": 0.295, "K": 0.656, "L": 0.557, "M": 0.863, "N": 0.748, "O": 0.787, "P": 0.603,
    "Q": 0.787, "R": 0.695, "S": 0.635, "T": 0.611, "U": 0.732, "V": 0.684, "W": 0.989, "X": 0.685,
    "Y": 0.611, "Z": 0.685, "[": 0.39, "\\": 0.337, "]": 0.39, "^": 0.838, "_": 0.5, "`": 0.5,
    "a": 0.613, "b": 0.635, "c": 0.55, "d": 0.635, "e": 0.615, "f": 0.352, "g": 0.635, "h": 0.634,
    "i": 0.278, "j": 0.278, "k": 0.579, "l": 0.278, "m": 0.974, "n": 0.634, "o": 0.612, "p": 0.635,
    "q": 0.635, "r": 0.411, "s": 0.521, "t": 0.392, "u": 0.634, "v": 0.592, "w": 0.818, "x": 0.592,
    "y": 0.592, "z": 0.525, "{": 0.636, "|": 0.337, "}": 0.636, "~": 0.838, "…": 1.0, "→": 0.838,
    "–": 0.5, "—": 1.0, "·": 0.318,
}  # fmt: skip
_DIGIT, _OTHER, _BOLD = 0.636, 1.0, 1.1


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The drawn width of `text` in px at font size `size`."""
    em = sum(_WIDTHS.get(char, _DIGIT if char.isdigit() else _OTHER) for char in text)
    return em * size * (_BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` px (a longer word is split)."""
    if width < 2 * size:
        raise ValueError(f"no room to wrap text in {width} px")
    lines: list[str] = []
    for word in text.split():
        while text_width(word, size, bold=bold) > width:  # a word longer than the line
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size, bold=bold) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        if lines and text_width(f"{lines[-1]} {word}", size, bold=bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
