"""The small inline markup of library text: citations and italics (``inline``), offices (``offices``).

In: a text field of the library (``Point.text``, ``Argument.conclusion``...). Out: a tuple of
``document.Text`` and ``document.Citation`` runs, or the malformed citations it holds.

Citations use pandoc's syntax: ``[@id]``, ``[@id, 12]``, ``[@id, para 431]``, ``[@a; @b, 4]``.
A pinpoint is kept exactly as written. The note call goes after punctuation that follows the
citation (``text [@a].`` calls the note after the full stop), as OSCOLA and pandoc place it.
``*words*`` sets words in italics.

``{office:ID@YYYY-MM-DD}`` names whoever held office ID on that day, ``{office:ID}`` whoever holds it
on the document's date. Printing depends on the document's date, so it is left to assembly
(``library.offices.resolve``); this package only finds the markup (``scan_offices``) and reports the
malformed ones.

Every citation prints as a footnote, so pandoc's narrative form (a bare ``@id``, "as @id says") is
reported, not supported; so are the other slips the renderers would otherwise print literally: a
bracket left open (``[@id.``), a stray bracket (``[@id]]``), parentheses (``(@id)``), an empty
``[@]`` and sources separated by anything but ``;``. An ``@`` that is not a citation is text: one
inside a word (``name@example.org``, ``example.com/@name``), one standing alone between spaces, and a
handle in quotes (``"@name"``, ``“@name”``).
"""

from advocate.markup.inline import (
    Found as Found,
)
from advocate.markup.inline import (
    Malformed as Malformed,
)
from advocate.markup.inline import (
    MarkupError as MarkupError,
)
from advocate.markup.inline import (
    Run as Run,
)
from advocate.markup.inline import (
    Scan as Scan,
)
from advocate.markup.inline import (
    citation_spans as citation_spans,
)
from advocate.markup.inline import (
    citations as citations,
)
from advocate.markup.inline import (
    parse_citation as parse_citation,
)
from advocate.markup.inline import (
    parse_inline as parse_inline,
)
from advocate.markup.inline import (
    plain as plain,
)
from advocate.markup.inline import (
    scan as scan,
)
from advocate.markup.inline import (
    show as show,
)
from advocate.markup.inline import (
    without_citations as without_citations,
)
from advocate.markup.offices import (
    OFFICE_FORMS as OFFICE_FORMS,
)
from advocate.markup.offices import (
    OfficeMark as OfficeMark,
)
from advocate.markup.offices import (
    OfficeScan as OfficeScan,
)
from advocate.markup.offices import (
    scan_offices as scan_offices,
)
