"""The pandoc bridge: run pandoc's citeproc on a synthetic document and read the AST it returns.

In: a markdown file, a CSL JSON file, a (derived) CSL style and a language; then pandoc's JSON AST.
Out: the AST's notes in document order, each note split into the slices that belong to its cites
(``note_items``), bibliography entries by source id, the locale the probe cite printed, all as
advocate ``Text`` runs: italics, bold, links, small capitals, superscript and subscript kept.

Pandoc is asked to link every cite to its bibliography entry (``link-citations``): a link to
``#ref-<id>`` marks where a cite's slice of the note starts. The link also hides the seam between
a cite's closing quotation mark and the full stop after it from citeproc's move of punctuation
inside quotes (en-US), so ``note_items`` makes that move itself.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import pypandoc

from advocate.cite.derive import PROBE_SEPARATOR
from advocate.cite.pinpoints import Locale, locale_from_probe
from advocate.document import Text
from advocate.errors import AdvocateError

Runs = tuple[Text, ...]
_REF = "#ref-"
_QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}
_CONTAINERS = frozenset(
    {"Emph", "Strong", "Span", "SmallCaps", "Underline", "Strikeout", "Superscript", "Subscript"}
)


def start_pandoc(csl: Path, refs: Path, lang: str, markdown: Path) -> subprocess.Popen[bytes]:
    """Pandoc on a synthetic document; ``link-citations`` wraps each cite in a link to
    ``#ref-<id>``, which is how its form is told from the delimiter and affixes around it."""
    args = [str(pypandoc.get_pandoc_path()), str(markdown), "-f", "markdown", "-t", "json", "--citeproc"]
    args += ["--csl", str(csl), "--bibliography", str(refs)]
    args += ["-M", f"lang={lang}", "-M", "link-citations=true"]
    try:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise AdvocateError(f"cannot run pandoc to format citations: {exc}") from exc


def finish_pandoc(process: subprocess.Popen[bytes], style_name: str) -> Any:
    """The JSON AST of a finished run, or an ``AdvocateError`` with pandoc's message."""
    out, err = process.communicate()
    if process.returncode != 0:
        raise AdvocateError(f"citation style {style_name}: pandoc failed: {err.decode(errors='replace')}")
    return json.loads(out)


def notes(node: Any) -> Iterator[list[Any]]:
    """The blocks of every Note in document order."""
    if isinstance(node, list):
        for child in node:
            yield from notes(child)
    elif isinstance(node, dict):
        if node.get("t") == "Note":
            yield node["c"]
        elif "c" in node:
            yield from notes(node["c"])


def probe_locale(blocks: list[Any]) -> Locale:
    """The locale the probe cite printed (see ``derive``)."""
    text = "".join(run.text for run in runs(block_inlines(blocks)))
    return locale_from_probe(text.split(PROBE_SEPARATOR)[1:])


# --------------------------------------------------------------------------- a note's cites


def note_items(blocks: list[Any], locale: Locale) -> tuple[list[str], list[Runs]]:
    """The cites of a synthetic note and each one's form, as a slice of the note.

    A cite's form runs from the start of the note (first cite) or of its link, to the end of the
    note (last cite) or of the delimiter after it.
    """
    inlines = block_inlines(blocks)
    if locale.punctuation_in_quote:
        inlines = _punctuation_into_quotes(inlines, locale.quotes)
    tagged: list[tuple[int, Text]] = []
    sources: list[str] = []
    _tag(inlines, _PLAIN, sources, tagged, None)
    starts = [len(tagged)] * (len(sources) + 1)
    for position, (owner, _) in reversed(list(enumerate(tagged))):
        if owner >= 0:
            starts[owner] = position
    for index in range(len(sources) - 1, 0, -1):
        starts[index] = min(starts[index], starts[index + 1])
    starts[0] = 0
    return sources, [tuple(merge(run for _, run in tagged[a:b])) for a, b in pairwise(starts)]


def _tag(
    node: Any, style: Text, sources: list[str], tagged: list[tuple[int, Text]], owner: int | None
) -> None:
    """Runs of a note, each tagged with the index of the cite it belongs to (-1: none)."""
    if isinstance(node, list):
        for child in node:
            _tag(child, style, sources, tagged, owner)
        return
    kind, content = node["t"], node.get("c")
    if owner is None and kind == "Link" and content[2][0].startswith(_REF):
        sources.append(content[2][0][len(_REF) :])
        _tag(content[1], style, sources, tagged, len(sources) - 1)
    elif kind in _CONTAINERS:
        _tag(_children(kind, content), _restyle(kind, style), sources, tagged, owner)
    else:
        tagged += [(-1 if owner is None else owner, run) for run in _inline_runs(node, style)]


def _punctuation_into_quotes(inlines: list[Any], quotes: tuple[str, str]) -> list[Any]:
    """citeproc's ``punctuationInsideQuotes`` at the seams the cite links hide: a full stop or comma
    after a cite that ends with a quotation goes inside the quote (dropped if the quote already
    ends with punctuation)."""
    out: list[Any] = []
    moved = False
    for index, inline in enumerate(inlines):
        if moved:  # the Str whose first character went inside the quote
            moved = False
            if inline["c"][1:]:
                out.append({"t": "Str", "c": inline["c"][1:]})
            continue
        out.append(_within(inline, quotes))
        following = inlines[index + 1] if index + 1 < len(inlines) else {"t": "Null"}
        if inline["t"] == "Link" and following["t"] == "Str" and following["c"][:1] in (".", ","):
            quote = _last_quote(out[-1]["c"][1], quotes)
            if quote is not None:
                _move_inside(quote, following["c"][0], quotes[1])
                moved = True
    return out


def _within(inline: Any, quotes: tuple[str, str]) -> Any:
    kind, content = inline["t"], inline.get("c")
    if kind == "Link":
        return {"t": kind, "c": [content[0], _punctuation_into_quotes(content[1], quotes), content[2]]}
    if kind == "Span":
        return {"t": kind, "c": [content[0], _punctuation_into_quotes(content[1], quotes)]}
    if kind in _CONTAINERS:
        return {"t": kind, "c": _punctuation_into_quotes(content, quotes)}
    return inline


def _last_quote(inlines: list[Any], quotes: tuple[str, str]) -> list[Any] | None:
    """The inlines of the quotation ending ``inlines``, if it ends with one."""
    if not inlines:
        return None
    last = inlines[-1]
    kind, content = last["t"], last.get("c")
    if kind == "Span" and content[0] == ["", [], []]:
        text = "".join(run.text for run in runs(content[1]))
        if text.startswith(quotes[0]) and text.endswith(quotes[1]) and len(text) > len(quotes[0]):
            return list(content[1])
    if kind in _CONTAINERS:
        inner = _last_quote(_children(kind, content), quotes)
        if inner is not None:
            return inner
    return None


def _move_inside(quote: list[Any], char: str, closing: str) -> None:
    text = "".join(run.text for run in runs(quote))[: -len(closing)]
    if text and text[-1] in ".,;:!?":
        return
    last = quote[-1]
    if last.get("t") == "Str" and last["c"].endswith(closing):
        last["c"] = last["c"][: -len(closing)] + char + closing


# --------------------------------------------------------------------------- runs


_PLAIN = Text("")


def _restyle(kind: str, style: Text) -> Text:
    if kind == "Emph":
        return dataclasses.replace(style, italic=True)
    if kind == "Strong":
        return dataclasses.replace(style, bold=True)
    if kind == "SmallCaps":
        return dataclasses.replace(style, small_caps=True)
    if kind in ("Superscript", "Subscript"):
        vertical: Literal["super", "sub"] = "super" if kind == "Superscript" else "sub"
        return dataclasses.replace(style, vertical=vertical)
    return style


def _children(kind: str, content: Any) -> Any:
    """The inlines inside a container inline (a Span's come after its attributes)."""
    return content[1] if kind == "Span" else content


def runs(inlines: list[Any], style: Text = _PLAIN) -> list[Text]:
    """Pandoc inlines as advocate runs (adjacent runs of one format merged)."""
    found: list[Text] = []
    for inline in inlines:
        found += _inline_runs(inline, style)
    return merge(found)


def _inline_runs(inline: Any, style: Text) -> list[Text]:
    kind, content = inline["t"], inline.get("c")
    if kind == "Str":
        return [dataclasses.replace(style, text=content)]
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return [dataclasses.replace(style, text=" ")]
    if kind == "Link":
        target = content[2][0]
        return runs(content[1], style if target.startswith("#") else dataclasses.replace(style, url=target))
    if kind == "Quoted":
        opening, closing = _QUOTES[content[0]["t"]]
        inner = runs(content[1], style)
        return [dataclasses.replace(style, text=opening), *inner, dataclasses.replace(style, text=closing)]
    if kind in _CONTAINERS:
        return runs(_children(kind, content), _restyle(kind, style))
    if kind in ("Code", "Math"):
        return [dataclasses.replace(style, text=content[-1])]
    if kind == "Cite":
        return runs(content[1], style)
    return []


def merge(found: Iterable[Text]) -> list[Text]:
    """Runs with empty ones dropped and neighbours of one format joined."""
    merged: list[Text] = []
    for run in found:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and last.same_format(run):
            merged[-1] = dataclasses.replace(last, text=last.text + run.text)
        else:
            merged.append(run)
    return merged


def block_inlines(blocks: list[Any]) -> list[Any]:
    """The inlines of a note's or entry's paragraphs, one space between paragraphs."""
    inlines: list[Any] = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            if inlines:
                inlines.append({"t": "Space"})
            inlines += block["c"]
    return inlines


# --------------------------------------------------------------------------- the bibliography


def bibliography_entries(ast: Any, real: set[str]) -> dict[str, Runs]:
    """Bibliography entries of the ``real`` sources, in the style's order."""
    entries: dict[str, Runs] = {}
    for ident, blocks in _divs(ast["blocks"]):
        source = ident[len("ref-") :]
        if ident.startswith("ref-") and source in real:
            entries[source] = tuple(runs(block_inlines(blocks)))
    return entries


def _divs(node: Any) -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, list):
        for child in node:
            yield from _divs(child)
    elif isinstance(node, dict) and node.get("t") == "Div":
        attr, blocks = node["c"]
        yield attr[0], blocks
        yield from _divs(blocks)
