"""Where templates come from, and the Jinja environment they render in.

In: an optional user template folder. Out: template paths and a configured Jinja environment.

Look-up order, first match wins:
1. the user's folder (``--templates DIR``), when given;
2. the project's ``templates/`` folder (in a source checkout; a wheel carries a copy in the package).

Templates from the user's folder are rendered in Jinja's sandbox, within the time, memory and size
limits of ``render.limits`` (render them with ``render_limited``). Every Jinja filter the project
defines is registered in ``register_filters`` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from advocate.document import Inline, Note, NoteRef, Party, Text
from advocate.errors import AdvocateError
from advocate.render.limits import LimitedSandbox

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_templates_dir() -> Path:
    """The project's own ``templates/`` folder."""
    checkout = _PACKAGE_DIR.parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / "templates"


def search_path(user_dir: Path | None = None) -> tuple[Path, ...]:
    """The folders searched for templates, in order."""
    folders = [user_dir] if user_dir is not None else []
    return (*folders, project_templates_dir())


def find_template(name: str, folders: Sequence[Path]) -> Path:
    """The first ``name`` found in ``folders``; a clear error when none has it."""
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(f) for f in folders)
    raise AdvocateError(f"template {name!r} not found (looked in: {looked})")


# --- The HTML environment and its filters ---------------------------------------------------------

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Only these addresses become links; anything else (``javascript:``, ``file:``) stays plain text."""


class StrictSandbox(LimitedSandbox):
    """Jinja's immutable sandbox with the limits of ``render.limits``, also refusing
    ``str.format``/``format_map`` (format-string attacks)."""

    _refused = frozenset({"format", "format_map", "mro"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in self._refused:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in self._refused:
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in self._refused:
            return self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)


def jinja_environment(own: bool, **options: Any) -> jinja2.Environment:
    """A Jinja environment with the project's filters: plain for the project's own templates, the
    strict sandbox for anyone else's. Both renderers build their environments here."""
    env: jinja2.Environment = jinja2.Environment(**options) if own else StrictSandbox(**options)
    register_filters(env)
    if isinstance(env, LimitedSandbox):
        env.limit_filters()
    return env


def html_environment(folders: Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment for HTML templates found in ``folders`` (first match wins).

    Autoescaping is on and undefined names are errors. When any folder other than the project's own
    is searched (a user's folder), every template renders in Jinja's sandbox. Environments are cached
    per folder tuple; Jinja reloads a template whose file changed.
    """
    return _html_environment(tuple(Path(f) for f in folders))


@functools.lru_cache(maxsize=32)
def _html_environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    project = project_templates_dir().resolve()
    sandboxed = any(folder.resolve() != project for folder in folders)
    options: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader([str(f) for f in folders]),
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    return jinja_environment(not sandboxed, **options)


def register_filters(env: jinja2.Environment) -> None:
    """Every Jinja filter the project defines (the one place they are registered)."""
    env.filters["longdate"] = longdate
    env.filters["runs"] = runs
    env.filters["address_lines"] = address_lines


def longdate(value: dt.date) -> str:
    """``20 April 2021`` (day without a leading zero, English month name, independent of locale)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def address_lines(party: Party, *, name: bool = True) -> list[str]:
    """The lines of a party's address block: name, role, organisation, then the postal address."""
    head = [party.name] if name else []
    return [*head, *(x for x in (party.role, party.organisation) if x), *party.address]


def runs(value: Sequence[Inline], notes: Sequence[Note] = ()) -> Markup:
    """Inline runs as escaped HTML; each ``NoteRef`` becomes its note's footnote, placed at the call.

    The footnote is ``<span class="footnote" id="fn-N" data-n="N"><span class="fn-body">…</span>
    </span>``: print CSS floats it to the page foot (``float: footnote``) and shows ``data-n`` as the
    call, so the printed number is exactly ``Note.number``. Consecutive calls get a separating comma.
    A call never wraps alone onto a new line: the last word before it and the calls that follow
    are wrapped together in ``<span class="nowrap">`` (``white-space: nowrap``).
    """
    by_number = {note.number: note for note in notes}
    parts: list[str] = []
    group: list[str] | None = None
    """The open no-wrap group: the word before a call, then the calls (and their commas)."""
    for i, run in enumerate(value):
        if isinstance(run, NoteRef):
            note = by_number.get(run.number)
            if note is None:
                raise AdvocateError(f"note {run.number} is called in the text but missing from the notes")
            if group is None:
                group = []
                previous = value[i - 1] if i else None
                if isinstance(previous, Text):
                    head, word = _split_last_word(previous)
                    parts[-1] = _text_runs(head)
                    group.append(_text_runs(word))
            else:
                group.append('<span class="fn-sep">,</span>')
            group.append(
                f'<span class="footnote" id="fn-{note.number}" data-n="{note.number}">'
                f'<span class="fn-body">{_text_runs(note.runs)}</span></span>'
            )
        elif isinstance(run, Text):
            if group is not None:
                parts.append(f'<span class="nowrap">{"".join(group)}</span>')
                group = None
            parts.append(_text_runs((run,)))
        else:
            raise AdvocateError("the document still has an uncited Citation; run the cite stage first")
    if group is not None:
        parts.append(f'<span class="nowrap">{"".join(group)}</span>')
    return Markup("".join(parts))


def _split_last_word(run: Text) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    """``run`` as the runs before its last word and the last word (with any space after it)."""
    text = run.text
    end = len(text.rstrip())
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    head, word = text[:start], text[start:]
    return ((replace(run, text=head),) if head else ()), ((replace(run, text=word),) if word else ())


_VERTICAL_TAGS = {"super": "sup", "sub": "sub"}
"""HTML elements for ``Text.vertical`` (``super`` is ``<sup>``, as Word's ``superscript``)."""


def _text_runs(value: Sequence[Text]) -> str:
    out: list[str] = []
    for run in value:
        html = str(escape(run.text))
        if run.small_caps:
            html = f'<span class="small-caps">{html}</span>'
        if run.vertical:
            tag = _VERTICAL_TAGS[run.vertical]
            html = f"<{tag}>{html}</{tag}>"
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        if run.url and run.url.lower().startswith(_LINK_SCHEMES):
            html = f'<a href="{escape(run.url)}">{html}</a>'
        out.append(html)
    return "".join(out)
