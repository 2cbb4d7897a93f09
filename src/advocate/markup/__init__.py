"""The small inline markup of library text: citations and italics (``inline``), offices (``offices``).

In: a text field of the library. Out: the names of ``markup.inline`` and ``markup.offices``, under one
roof (``from advocate.markup import scan, scan_offices``).
"""

from advocate.markup.inline import (
    Found,
    Malformed,
    MarkupError,
    Run,
    Scan,
    citation_spans,
    citations,
    parse_citation,
    parse_inline,
    plain,
    scan,
    show,
    without_citations,
)
from advocate.markup.offices import OFFICE_FORMS, OfficeMark, OfficeScan, scan_offices

__all__ = [
    "OFFICE_FORMS",
    "Found",
    "Malformed",
    "MarkupError",
    "OfficeMark",
    "OfficeScan",
    "Run",
    "Scan",
    "citation_spans",
    "citations",
    "parse_citation",
    "parse_inline",
    "plain",
    "scan",
    "scan_offices",
    "show",
    "without_citations",
]
