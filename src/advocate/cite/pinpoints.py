"""Pinpoints: read "para 431" as a label and a value, and print both as the style and locale say.

In: a pinpoint as the library writes it (``para 431``, ``ss 3-5``, ``art II(e)``, ``12-14``) and the
``Locale`` pandoc reported for the style and language (its terms, read from the synthetic run).
Out: a ``Locator`` (the CSL label and the value), and at fill time the label's text for the form the
style asked for ("para", "paras", "¶¶"...) and the value as citeproc prints it (page ranges
shortened by the style's ``page-range-format``, hyphens as en dashes).

The reading follows pandoc's (``Text.Pandoc.Citeproc.Locator``): a label is any form of a locator
term of the locale, the longest that matches; without one, a value with a digit is a page. advocate
also reads a label without its full stop ("para.", "para") and OSCOLA's abbreviations, as OSCOLA means
them, in every language ("s", "ss", "art", "ch", "col"...); a pinpoint it cannot read is printed as
written where the page number goes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from advocate.cite.styles import ARTICLE, LOCATOR_LABELS

FORMS = ("long", "short", "symbol")
PLURALS = ("contextual", "always", "never")
CASES = ("", "lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title")
_LABEL_BASE = 0xE100
EN_DASH = "\u2013"

OSCOLA_READINGS = {
    **dict.fromkeys(("p", "pp"), "page"),
    **dict.fromkeys(("para", "paras"), "paragraph"),
    **dict.fromkeys(("s", "ss"), "section"),
    **dict.fromkeys(("art", "arts"), ARTICLE),
    **dict.fromkeys(("ch", "chs"), "chapter"),
    **dict.fromkeys(("pt", "pts"), "part"),
    **dict.fromkeys(("n", "nn"), "note"),
    **dict.fromkeys(("col", "cols"), "column"),
    **dict.fromkeys(("vol", "vols"), "volume"),
    **dict.fromkeys(("l", "ll"), "line"),
}
"""OSCOLA's abbreviations, read as OSCOLA means them in every language and style, whatever the
locale's terms ("sect.", "chap.") and whatever a style's own terms print ("col" for a page)."""

PROBE_TERMS: tuple[tuple[str, str, bool], ...] = (
    ("ibid", "long", False),
    ("and", "symbol", False),
    ("page-range-delimiter", "long", False),
    *(
        (label, form, plural)
        for label in (*LOCATOR_LABELS, ARTICLE)
        for form in FORMS
        for plural in (False, True)
    ),
)
"""The terms the synthetic run asks pandoc to print, in this order (then a quoted "x" and a full
stop, to see the locale's quotes and whether punctuation moves inside them)."""


@dataclass(frozen=True)
class Locator:
    """A pinpoint as CSL sees it."""

    label: str
    """The CSL locator label: ``page``, ``paragraph``, ``section``, ``article-locator``..."""
    value: str
    """The rest, as written: ``431``, ``12-14``, ``II(e)``."""
    read: bool = True
    """False when no label was found and the value has no digit: printed as written."""


@dataclass(frozen=True)
class Locale:
    """What the cite stage needs of the locale pandoc used (the style's terms over the language's)."""

    terms: Mapping[tuple[str, str, bool], str]
    """(term, form, plural) -> text, as citeproc looks it up (a missing form falls back)."""
    punctuation_in_quote: bool = False
    """A full stop or comma after a closing quote moves inside it (en-US)."""
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    """The outer quotation marks."""

    def term(self, name: str, form: str = "long", plural: bool = False) -> str:
        return self.terms.get((name, form, plural), "")

    @functools.cached_property
    def readings(self) -> Mapping[str, str]:
        """Written label (case-folded) -> CSL label: ``OSCOLA_READINGS``, then pandoc's table (an
        earlier label in its list wins), then the same without full stops."""
        written = [
            (self.term(label, form, plural).strip().casefold(), label)
            for label in (*LOCATOR_LABELS, ARTICLE)
            for form in FORMS
            for plural in (False, True)
        ]
        table: dict[str, str] = dict(OSCOLA_READINGS)
        for key, label in written:
            if key:
                table.setdefault(key, label)
        for key, label in written:
            for bare in (key.rstrip("."), key.replace(".", "")):
                if bare:
                    table.setdefault(bare, label)
        return table


def locale_from_probe(texts: Sequence[str]) -> Locale:
    """The ``Locale`` from the probe's pieces: one text per ``PROBE_TERMS`` entry, then the quote."""
    terms = dict(zip(PROBE_TERMS, texts, strict=False))
    quoted = texts[len(PROBE_TERMS)] if len(texts) > len(PROBE_TERMS) else "\u201cx\u201d."
    opening, _, rest = quoted.partition("x")
    inside = rest.startswith(".")
    return Locale(terms, inside, (opening, rest[1:] if inside else rest[:-1]))


_WORD = re.compile(r"\S+")
_GLUED = re.compile(r"^(\D*?\.)\s*(\d.*)$")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)


def read_pinpoint(pinpoint: str, readings: Mapping[str, str]) -> Locator:
    """``pinpoint`` as a label and a value (see the module docstring)."""
    text = pinpoint.strip()
    words = list(_WORD.finditer(text))
    for count in range(len(words) - 1, 0, -1):
        label = readings.get(text[: words[count - 1].end()].casefold())
        value = text[words[count].start() :]
        if label is not None and _locator_like(value, explicit=True):
            return Locator(label, value)
    glued = _GLUED.match(text)
    if glued is not None and glued.group(1).strip().casefold() in readings:
        return Locator(readings[glued.group(1).strip().casefold()], glued.group(2))
    if _locator_like(text, explicit=False):
        return Locator("page", text)
    return Locator("page", text, read=False)


def _locator_like(value: str, explicit: bool) -> bool:
    """pandoc's test of a locator's first word: a digit, or (after an explicit label) a roman
    numeral, with any bracketed parts left out: ``12``, ``27(3)``, ``II(e)``."""
    first = re.split(r"[\s,;]", value, maxsplit=1)[0]
    if any(char.isdigit() for char in first):
        return True
    bare = re.sub(r"[(\[{][^)\]}]*[)\]}]", "", first)
    return explicit and bool(bare) and _ROMAN.match(bare) is not None


# --------------------------------------------------------------------------- labels


def label_marker(form: str, plural: str, strip_periods: bool, text_case: str) -> str:
    """The character the synthetic run prints where the style prints a pinpoint's label."""
    code = ((FORMS.index(form) * 3 + PLURALS.index(plural)) * 2 + strip_periods) * len(CASES)
    return chr(_LABEL_BASE + code + CASES.index(text_case))


def is_label_marker(char: str) -> bool:
    return _LABEL_BASE <= ord(char) < _LABEL_BASE + len(FORMS) * len(PLURALS) * 2 * len(CASES)


def label_text(marker: str, locator: Locator, locale: Locale) -> str:
    """The label of ``locator`` as the style asked for it at ``marker`` (citeproc's ``eLabel``)."""
    code, case = divmod(ord(marker) - _LABEL_BASE, len(CASES))
    code, strip = divmod(code, 2)
    form, plural = divmod(code, 3)
    wanted = PLURALS[plural]
    many = wanted == "always" or (wanted == "contextual" and is_plural(locator.value))
    text = locale.term(locator.label, FORMS[form], many)
    if strip:
        text = text.replace(".", "")
    return text_case(text, CASES[case])


def text_case(text: str, case: str) -> str:
    """CSL ``text-case`` on a term."""
    if case == "lowercase":
        return text.lower()
    if case == "uppercase":
        return text.upper()
    if case in ("capitalize-first", "sentence"):
        return text[:1].upper() + text[1:]
    if case in ("capitalize-all", "title"):
        return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    return text


def _split_nums(text: str) -> list[str]:
    """citeproc's ``splitNums`` grouping: runs of separators and spaces, runs of anything else."""
    return [match.group() for match in re.finditer(r"[,;\-\u2013\s]+|[^,;\-\u2013\s]+", text)]


def is_plural(value: str) -> bool:
    """citeproc's ``determinePlural`` for a locator: a range or list is plural."""
    return "\\-" not in value and len(_split_nums(value)) > 1


def is_numeric(value: str) -> bool:
    """citeproc's ``is-numeric`` test of a locator: every part of a list or range is a number,
    letters around it allowed (``12``, ``12a``, ``12-14``; not ``II(e)`` or ``xiv``)."""
    for chunk in re.split(r"[,\-&\u2013]", value):
        core = _strip_letters(chunk.strip())
        if not re.fullmatch("[0-9]+", core):
            return False
    return True


def _strip_letters(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start].isalpha():
        start += 1
    while end > start and text[end - 1].isalpha():
        end -= 1
    return text[start:end]


# --------------------------------------------------------------------------- values


_TEEN_RANGE = re.compile(r"(?<!\d)(\d*)(1\d)\u2013(\d)(?!\d)")


def keep_teens(text: str) -> str:
    """Ranges shortened to one figure where the first number ends in 10 to 19 get two: "12–14"."""
    if "\u2013" not in text:
        return text
    return _TEEN_RANGE.sub(lambda m: f"{m[1]}{m[2]}\u2013{m[2][0]}{m[3]}", text)


def format_value(locator: Locator, page_range_format: str | None, locale: Locale, teens: bool = False) -> str:
    """The value as citeproc prints the ``locator`` variable (``eText``); with ``teens``, as
    ``keep_teens`` says."""
    printed = _format_value(locator, page_range_format, locale)
    return keep_teens(printed) if teens else printed


def _format_value(locator: Locator, page_range_format: str | None, locale: Locale) -> str:
    value = locator.value
    if "&" in value:
        value = value.replace("&", locale.term("and", "symbol") or "&")
    if locator.label != "page":
        return format_range(None, EN_DASH, value)
    delimiter = locale.term("page-range-delimiter") or EN_DASH
    parts = [part.strip() for part in re.findall(r"[,&]|[^,&]+", value)]
    printed = ""
    for part in (format_range(page_range_format, delimiter, part) for part in parts):
        printed = part if not printed else printed + part if part == "," else f"{printed} {part}"
    return printed


def format_range(style_format: str | None, delimiter: str, text: str) -> str:
    """citeproc's ``formatPageRange``: one range, shortened as ``page-range-format`` says."""
    if text in ("&", ","):
        return text
    parts = [text.replace("\\-", "-")] if "\\-" in text else [p.strip() for p in re.split("[-\u2013]", text)]
    if len(parts) == 1:
        return parts[0]
    if len(parts) > 2:
        return text
    first, last = parts
    if style_format not in _FORMATS:
        return first + delimiter + last
    prefix = first.rstrip("0123456789")
    if prefix != last.rstrip("0123456789"):
        return first + delimiter + last
    x, y = first[len(prefix) :], last[len(prefix) :]
    full = x[: len(x) - len(y)] + y if len(y) < len(x) else y
    return _FORMATS[style_format](prefix, x, full, delimiter)


def _minimal(threshold: int, prefix: str, x: str, y: str, delimiter: str) -> str:
    common = len(_common_prefix(x, y))
    rest_x, rest_y = x[common:], y[common:]
    if common and len(rest_x) == len(rest_y):
        if len(rest_y) < threshold <= len(y):
            return prefix + x + delimiter + y[-threshold:]
        return prefix + x + delimiter + rest_y
    return prefix + x + delimiter + y


def _common_prefix(x: str, y: str) -> str:
    size = 0
    while size < min(len(x), len(y)) and x[size] == y[size]:
        size += 1
    return x[:size]


def _chicago(prefix: str, x: str, y: str, delimiter: str, fifteen: bool) -> str:
    if len(x) < 3 or x.endswith("00"):
        return prefix + x + delimiter + y
    if x[-2:][:1] == "0" and y[-2:][:1] == "0":
        return _minimal(1, prefix, x, y, delimiter)
    changed = sum(a != b for a, b in zip(x.ljust(len(y)), y, strict=False))
    if fifteen and len(x) == 4 and changed >= 3:
        return prefix + x + delimiter + y
    return _minimal(2, prefix, x, y, delimiter)


def _expanded(prefix: str, x: str, y: str, delimiter: str) -> str:
    return prefix + x + delimiter + prefix + y


_FORMATS: dict[str, Callable[[str, str, str, str], str]] = {
    "chicago": functools.partial(_chicago, fifteen=True),
    "chicago-15": functools.partial(_chicago, fifteen=True),
    "chicago-16": functools.partial(_chicago, fifteen=False),
    "expanded": _expanded,
    "minimal": functools.partial(_minimal, 1),
    "minimal-two": functools.partial(_minimal, 2),
}
