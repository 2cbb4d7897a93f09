"""Offices and their holders (``library/offices.yaml``), and printing ``{office:ID@DATE}`` for a date.

In: the ``offices:`` entries of the library, and text holding office markup (see ``markup``). Out:
who held an office on a day (in which style, under which formal title), the problems of the list
itself and of each markup in the library's text, and the text with each markup printed for a
document's date.

An office's list of holders is checked against an official record up to its ``checked`` date:
nothing is known after it, so a markup dated later is an error, and so is a document dated later
whose wording would depend on who holds the office after ``checked`` (``{office:ID}``, or a markup
naming a holder still in office on ``checked``): update the list, never guess. A markup naming a
holder who had left by ``checked`` prints "the then ..." in any later document: that stays true
whoever holds the office since. A markup prints "the Foreign Secretary,
Dominic Raab" while the person who held the office on the markup's date still holds it on the
document's date, and "the then Foreign Secretary, Dominic Raab" after; "The" at the start of a
sentence; and a comma closes the name when a word follows ("..., Dominic Raab, said").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from advocate.errors import Location, Problem, did_you_mean
from advocate.markup.offices import OfficeMark, scan_offices


@dataclass(frozen=True)
class StyleChange:
    """A holder's style from a day during the term on (a rank renamed: QC became KC)."""

    start: dt.date = field(metadata={"key": "from"})
    """(``from``) The first day the style applies; a later day than the term's ``from``."""
    style: str
    """The style from that day, e.g. ``Karim A.A. Khan KC``."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""


@dataclass(frozen=True)
class Holder:
    """One person's term in an office."""

    name: str
    """The name as running text prints it, e.g. ``Dominic Raab``."""
    style: str
    """The name as an address block writes it from the first day in office, e.g. ``The Rt Hon Dominic
    Raab MP`` (``styles`` gives any change during the term)."""
    start: dt.date = field(metadata={"key": "from"})
    """(``from``) The first day in office."""
    to: dt.date | None = None
    """The last day in office; absent while still in office (as of the office's ``checked``)."""
    source: str | None = None
    """The official record that gives this holder's dates, when it is not the office's ``source``
    (the URL as read)."""
    title: str | None = None
    """The title this holder held, when it differs from the office's (a portfolio renamed: "Minister
    for the Indo-Pacific" for what was the "Minister for Asia")."""
    formal_title: str | None = None
    """The address block's title for this holder, when their post differs from the office's
    ``formal_title`` (a Parliamentary Under-Secretary of State in a post a Minister of State held)."""
    styles: tuple[StyleChange, ...] = ()
    """Each change of style during the term, from its day on, in order (``style`` is the one before
    the first)."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""

    def style_on(self, day: dt.date) -> str:
        """The style an address block writes on ``day``: the last change on or before it, else
        ``style``."""
        earlier = [change.style for change in self.styles if change.start <= day]
        return earlier[-1] if earlier else self.style


@dataclass(frozen=True)
class Office:
    """An office the library's text names, with its holders from 2019 on."""

    id: str
    """The id markup uses, e.g. ``uk-foreign-secretary`` in ``{office:uk-foreign-secretary@2021-01-12}``."""
    title: str
    """The title as running text prints it after "the", e.g. ``Foreign Secretary``."""
    formal_title: str
    """The title for an address block, e.g. ``Secretary of State for Foreign, Commonwealth and
    Development Affairs``."""
    source: str
    """The official record the holders were checked against (the URL as read)."""
    checked: dt.date
    """The last day the holders were checked against the record: nothing later is known, so any
    later date is an error, never a guess."""
    holders: tuple[Holder, ...]
    """The holders in order, each with the dates of the term."""
    at: Location = field(default=Location(""), compare=False)
    """Where it is defined."""
    where: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key is (set by the loader), so problems point at the very line."""
    organisation: str | None = None
    """The organisation a letter to the holder is addressed to, e.g. ``Foreign, Commonwealth and
    Development Office``."""
    address: tuple[str, ...] = ()
    """Postal address lines for a letter, postcode last."""
    salutation: str | None = None
    """How a letter to the holder opens, e.g. ``Dear Foreign Secretary,``."""
    bare_titles: tuple[str, ...] = ()
    """Wordings that name the office without the markup (``the Foreign Secretary``): ``advocate
    check`` warns of them in library text, where the markup belongs."""

    def holder_on(self, day: dt.date) -> Holder | None:
        """Who held the office on ``day`` (None before the first holder, in a gap, or after
        ``checked``); on the day of a handover, the incoming holder."""
        if day > self.checked:
            return None
        for holder in reversed(self.holders):
            if holder.start <= day and (holder.to is None or day <= holder.to):
                return holder
        return None

    def formal_title_on(self, day: dt.date) -> str:
        """The address block's title for a letter dated ``day``: the holder's own ``formal_title``
        when they have one, else the office's."""
        holder = self.holder_on(day)
        return holder.formal_title if holder is not None and holder.formal_title else self.formal_title

    def left_on(self, holder: Holder) -> dt.date | None:
        """The last day of ``holder``'s unbroken time in office (following terms of the same person,
        e.g. a change of style, included); None while in office as of ``checked``."""
        index = self.holders.index(holder)
        end = holder.to
        for later in self.holders[index + 1 :]:
            if later.name != holder.name or end is None or later.start > end + dt.timedelta(days=1):
                break
            end = later.to
        return end

    def unknown_on(self, day: dt.date) -> str | None:
        """Why nobody can be named for ``day`` (the end of "expected ..., got" messages), or None
        when somebody can."""
        if self.holder_on(day) is not None:
            return None
        if day > self.checked:
            return (
                f"{day.isoformat()} is after {self.checked.isoformat()}, the last day its holders were "
                f"checked: check the holders on the official record, add any new one to "
                f"library/offices.yaml and set checked"
            )
        first = min((h.start for h in self.holders), default=None)
        if first is None or day < first:
            since = (
                f"the first listed holder took office on {first.isoformat()}" if first else "it lists none"
            )
            return f"{day.isoformat()} is before the office's list of holders starts ({since})"
        return f"nobody held it on {day.isoformat()} by library/offices.yaml (a gap between holders)"


def office_problems(offices: Mapping[str, Office], today: dt.date) -> Iterator[Problem]:
    """The problems of the list itself: terms out of order or overlapping, a term ending before it
    starts, a date after ``checked``, a ``checked`` date in the future."""
    for office in offices.values():
        path = f"offices.{office.id}"
        checked_at = office.where.get("checked", office.at)
        if office.checked > today:
            message = (
                f"expected a checked date on or before today ({today.isoformat()}), got {office.checked}"
            )
            yield Problem(checked_at, message, f"{path}.checked")
        if not office.holders:
            yield Problem(
                office.where.get("holders", office.at), "expected at least one holder", f"{path}.holders"
            )
        at = office.where.get("holders", office.at)
        previous: Holder | None = None
        for i, holder in enumerate(office.holders):
            where = f"{path}.holders[{i}]"
            if holder.to is not None and holder.to < holder.start:
                message = f"expected 'to' on or after 'from' ({holder.start}), got {holder.to}"
                yield Problem(at, message, f"{where}.to")
            for key, day in (("from", holder.start), ("to", holder.to)):
                if day is not None and day > office.checked:
                    message = (
                        f"expected a date on or before checked ({office.checked}), got {day}: a date "
                        "after the last check is a guess"
                    )
                    yield Problem(at, message, f"{where}.{key}")
            if previous is not None:
                if previous.to is None:
                    message = f"expected a 'to' date for {previous.name}, who was followed by {holder.name}"
                    yield Problem(at, message, f"{path}.holders[{i - 1}].to")
                elif holder.start < previous.to:
                    message = (
                        f"expected {holder.name}'s term to start on or after the day {previous.name}'s "
                        f"ended ({previous.to}), got {holder.start}"
                    )
                    yield Problem(at, message, f"{where}.from")
            yield from _holder_problems(office, holder, where)
            previous = holder


def _holder_problems(office: Office, holder: Holder, path: str) -> Iterator[Problem]:
    """A holder's own formal title left empty, and a change of style not inside the term (after its
    first day, by its last and by ``checked``) or not after the change before it."""
    if holder.formal_title is not None and not holder.formal_title.strip():
        message = "expected a formal title, got an empty one: leave formal_title out to use the office's"
        yield Problem(holder.where.get("formal_title", office.at), message, f"{path}.formal_title")
    for j, change in enumerate(holder.styles):
        at, key, day = change.where.get("from", office.at), f"{path}.styles[{j}].from", change.start
        if j == 0 and day <= holder.start:
            message = (
                f"expected a date after the term's 'from' ({holder.start}), got {day}: the style on the "
                "first day is the holder's 'style'"
            )
            yield Problem(at, message, key)
        elif j > 0 and day <= holder.styles[j - 1].start:
            message = f"expected a date after the previous change's ({holder.styles[j - 1].start}), got {day}"
            yield Problem(at, message, key)
        elif holder.to is not None and day > holder.to:
            yield Problem(at, f"expected a date on or before the term's 'to' ({holder.to}), got {day}", key)
        elif day > office.checked:
            message = (
                f"expected a date on or before checked ({office.checked}), got {day}: a date after the "
                "last check is a guess"
            )
            yield Problem(at, message, key)


def unknown_office(name: str, offices: Mapping[str, Office]) -> str:
    """What to say of an office id the list lacks (in markup or a brief's recipient)."""
    known = ", ".join(offices) or "none: add library/offices.yaml"
    return f"unknown office {name!r}{did_you_mean(name, offices)}; expected one of: {known}"


def markup_problems(offices: Mapping[str, Office], text: str) -> Iterator[tuple[int, str]]:
    """Each malformed office markup of ``text`` and each naming an unknown office or a date with no
    known holder, as (the offending character's offset, message)."""
    scanned = scan_offices(text)
    for bad in scanned.malformed:
        yield bad.offset, bad.message
    for mark in scanned.marks:
        office = offices.get(mark.office)
        if office is None:
            yield mark.id_at, unknown_office(mark.office, offices)
        elif mark.day is not None and (why := office.unknown_on(mark.day)) is not None:
            yield mark.start, f"expected a date on which {office.id} had a known holder, got {why}"


def mark_days(text: str) -> Iterator[dt.date]:
    """The date of each well-formed dated markup in ``text``."""
    for mark in scan_offices(text).marks:
        if mark.day is not None:
            yield mark.day


class OfficeError(ValueError):
    """A markup that cannot be printed for the day asked (the message says why and what to do)."""

    def __init__(self, message: str, office: str) -> None:
        super().__init__(message)
        self.office = office


_SENTENCE_END = re.compile(r"(?:^|[.!?][’”\"')\]]*)[\s“‘\"'(]*$")
_FOLLOWED_BY_WORD = re.compile(r"\s+[\w“‘\"'(]")


def resolve(text: str, offices: Mapping[str, Office], day: dt.date, *, latest: bool = False) -> str:
    """``text`` with each office markup printed for a document dated ``day``.

    ``latest``: a listing with no document date (``day`` is today) prints an office whose list was
    checked before ``day`` as of its ``checked`` date instead of failing. Otherwise a markup that
    cannot be printed raises OfficeError: an unknown office, a date with no known holder, a
    document dated after the office's ``checked``, or a markup dated after the document."""
    marks = scan_offices(text).marks
    if not marks:
        return text
    out: list[str] = []
    position = 0
    for mark in marks:
        before = text[position : mark.start]
        out.append(before)
        printed = _printed(mark, offices, day, latest)
        if _SENTENCE_END.search("".join(out)):
            printed = printed[:1].upper() + printed[1:]
        if not mark.title_only and _FOLLOWED_BY_WORD.match(text, mark.end):
            printed += ","  # the holder's name is in apposition: "the Foreign Secretary, Dominic Raab, said"
        out.append(printed)
        position = mark.end
    out.append(text[position:])
    return "".join(out)


def _printed(mark: OfficeMark, offices: Mapping[str, Office], day: dt.date, latest: bool) -> str:
    office = offices.get(mark.office)
    if office is None:
        raise OfficeError(f"unknown office {mark.office!r} in {mark.written!r}", mark.office)
    if latest:
        day = min(day, office.checked)
    if mark.title_only:
        # The title as the office bore it on the document's date, when the list knows it.
        holder = office.holder_on(min(day, office.checked))
        return f"the {holder.title if holder and holder.title else office.title}"
    if mark.day is None:
        now = office.holder_on(day)
        if now is None:
            why = office.unknown_on(day)
            raise OfficeError(
                f"cannot name the holder of {office.id} on the document's date: {why}", office.id
            )
        return f"the {now.title or office.title}, {now.name}"
    if mark.day > day:
        message = (
            f"{mark.written} names the holder on {mark.day.isoformat()}, after the document's date "
            f"({day.isoformat()})"
        )
        raise OfficeError(message, office.id)
    then = office.holder_on(mark.day)
    if then is None:
        raise OfficeError(f"cannot name the holder of {office.id}: {office.unknown_on(mark.day)}", office.id)
    if day > office.checked:
        if office.left_on(then) is None:
            message = (
                f"cannot tell whether {then.name} still holds {office.id} on the document's date: "
                f"{office.unknown_on(day)}"
            )
            raise OfficeError(message, office.id)
        return f"the then {then.title or office.title}, {then.name}"
    now = office.holder_on(day)
    if now is not None and now.name == then.name:
        return f"the {then.title or office.title}, {then.name}"
    return f"the then {then.title or office.title}, {then.name}"


def without_offices(text: str) -> str:
    """``text`` with every office markup removed (for checks on wording: a date in the markup is not
    a number the text states, nor its id a word)."""
    scanned = scan_offices(text)
    spans = sorted([(m.start, m.end) for m in scanned.marks] + [(b.start, b.end) for b in scanned.malformed])
    kept: list[str] = []
    position = 0
    for start, end in spans:
        if start >= position:
            kept.append(text[position:start])
            position = end
    kept.append(text[position:])
    return "".join(kept)


@dataclass(frozen=True)
class BareTitles:
    """The offices' bare titles, to find in library text."""

    pattern: re.Pattern[str] | None
    """Any bare title as a word group ("the" or "The" first); None when no office lists one."""
    offices: dict[str, tuple[str, ...]]
    """Each bare title (lower case) and the offices it may name."""

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """Each bare title in ``text`` outside quotation marks (a quotation keeps its words), as
        (offset, message saying what to write instead)."""
        if self.pattern is None:
            return
        quoted = _quoted(text)
        for match in self.pattern.finditer(text):
            if any(start < match.start() < end for start, end in quoted):
                continue
            ids = self.offices[match.group().lower()]
            dated = " or ".join(f"{{office:{i}@YYYY-MM-DD}}" for i in ids)
            message = (
                f"bare office title {match.group()!r}: write {dated} (the holder on the date the text "
                f"reports) or {{office:{ids[0]}}} (the holder on the document's date)"
            )
            yield match.start(), message


def bare_titles(offices: Mapping[str, Office]) -> BareTitles:
    """The bare titles of ``offices``. Only the library's printed text is searched for them (see
    ``library.check``): not the audiences' wording, which addresses the letter's own recipient by
    the office they hold on the letter's date ("I am writing to you as Foreign Secretary"), not
    titles, rules and party names, which are printed as their sources give them."""
    by_title: dict[str, list[str]] = {}
    written: dict[str, str] = {}
    for office in offices.values():
        for title in office.bare_titles:
            if title.strip():
                by_title.setdefault(title.strip().lower(), []).append(office.id)
                written.setdefault(title.strip().lower(), title.strip())
    if not by_title:
        return BareTitles(None, {})
    forms = sorted(written.values(), key=len, reverse=True)
    alternatives = "|".join(_title_pattern(t) for t in forms)
    # "the Prime Minister of Japan" names another office.
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])(?!\s+of\b)")
    return BareTitles(pattern, {t: tuple(ids) for t, ids in by_title.items()})


def _title_pattern(title: str) -> str:
    """A bare title matched as written, except that its first letter may be either case (it may
    start a sentence)."""
    first = title[0]
    head = f"[{first.lower()}{first.upper()}]" if first.isalpha() else re.escape(first)
    rest = re.escape(title[1:]).replace(r"\ ", r"\s+")
    return head + rest


def _quoted(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` inside double quotation marks (“...” or "...")."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if opened is None and char in '“"':
            opened = index
        elif opened is not None and (char == "”" or (char == '"' and text[opened] == '"')):
            spans.append((opened, index))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def listed(text: str, offices: Mapping[str, Office], day: dt.date | None = None) -> str:
    """``text`` as a listing shows it (``advocate points``, the web app's pages): offices printed for
    ``day`` (today when None; an office checked before it as of its ``checked`` date). A markup
    that cannot be printed is left as written (``advocate check`` reports it) rather than stop a
    listing."""
    try:
        return resolve(text, offices, day or dt.date.today(), latest=True)
    except OfficeError:
        return text
