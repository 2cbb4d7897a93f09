"""The cite stage: turn every ``Citation`` into a numbered footnote in a CSL note style.

In: a ``Document`` whose paragraphs contain ``Citation`` runs and whose ``sources`` hold the CSL
JSON of the sources they name (ISO date strings and ``datetime.date`` values are accepted and passed
on as CSL ``date-parts``), and a ``CitationStyle`` from ``load_style``: nothing else.

Out: the same ``Document`` with every ``Citation`` replaced by ``NoteRef(n)``, ``notes`` filled with
``Note(n, runs, sources)`` numbered from 1 in reading order (sections, blocks, list items, runs) and
the section marked ``lists_sources`` (if any) given one entry per cited source, in the style's
bibliography order. Runs keep what the style marks: italics, bold, links, small capitals,
superscript and subscript.

The modules, in the order the data flows:

* ``styles``: find a style by name; read its layout, its pinpoint label groups, what it tests;
* ``sources``: the sources as CSL JSON;
* ``derive``, ``synthetic``: the copy of the style and the synthetic document pandoc runs on;
* ``pandoc``: run pandoc and read its AST into runs (the bridge);
* ``forms``, ``variants``: which slice of which note is which form; a form moved to another place;
* ``book``: the ``FormBook`` of every form, built and cached;
* ``positions``, ``pinpoints``, ``disambiguation``: a cite's position, its pinpoint's label and
  value, which sources a document tells apart;
* ``stage``: ``cite`` itself.

Why forms are computed once. In a note style each cite of a source takes one of a few *forms*: the
full first citation, "ibid", "ibid" with a pinpoint, or the short subsequent form (OSCOLA's
"Author (n 3) 7"). Which one depends only on the cites before it, so that is decided here, in
Python, by the rules pandoc's citeproc applies (``positions.Tracker``). The *text* of every form
comes from pandoc itself: a ``FormBook`` is built by ONE pandoc run (two at once when the style
replaces repeated authors in its bibliography; one more, small, when two sources print alike) over
a synthetic document citing every source in sequences that produce every form, with and without a
pinpoint, opening a note, inside it and closing it, and alone in a note with a pinpoint of each
label group the style prints apart. Each form is the slice of pandoc's note that belongs to the
cite (pandoc links every cite to its entry, which marks the slice), so it carries what pandoc does
there: the capital at the start of a note, the delimiter after it, the layout suffix at the end
(dropped after "?’", moved inside the quote where the locale says so). A placeholder pinpoint, a
marker for the label the style asked for (the label's text comes from the locale's terms, which the
run also prints) and distinctive note numbers are turned into markers that ``cite`` fills in. The
book is cached per style, language and source set: a batch of hundreds of letters costs one pandoc
run, and ``cite`` itself is pure Python (well under a millisecond for a letter).

Differences from running pandoc on each whole document. Each is right by the style's own rules;
the README's "Footnotes" lists the same, and ``tests/cite/test_oracle.py`` allows exactly these,
each by a named normalisation:

1. Labels pandoc cannot read. pandoc reads a label only as the locale spells a term ("para." and
   "paras" in en-GB, "paras." in en-US; OSCOLA's own "s"); otherwise the whole pinpoint is a suffix,
   printed after a comma ("Bosnia v Serbia (n 1), para 431") and never compared for ibid. advocate
   also reads a label without its full stop ("para." or "para") and OSCOLA's abbreviations as OSCOLA
   means them, in any language and even where a style's own terms print another label so (the
   project's OSCOLA prints a page's label "col", for Hansard's columns): "s", "ss", "ch", "pt",
   "art", "n", "col", "vol", "l". It prints the label as the style prints that label: OSCOLA
   "(n 1) para 431" and, for a case's paragraphs, "[431]"; MHRA "para. 431"; Chicago "¶ 431".
   (``labels_for_pandoc``: pandoc is given the locale's own term.)
2. Articles. CSL's article label is one pandoc does not know ("art 6" would be a suffix): advocate
   prints it as the style prints a label that none of its conditions names, with the locale's
   article term: OSCOLA "art 6", MHRA, Chicago and New Hart's "art. 6". (pandoc cannot print one,
   so the random comparison has none; ``tests/cite/test_stage.py`` checks every style.)
3. A pinpoint without a label and without a digit ("xiv", "Annex A") is printed as written where
   the page number goes, and compared for ibid; pandoc prints it as a suffix after a comma ("(n 1),
   xiv") and ignores it for ibid, so that "ibid" can repeat a place it does not name.
   (``labels_for_pandoc``: pandoc is told it is a page.)
4. OSCOLA: "ibid" stays lower case at the start of a note, as OSCOLA writes it ("3 ibid 75.");
   pandoc capitalises the first word of every note. (``oscola_lowercase_ibid``)
5. OSCOLA: ibid with a labelled pinpoint prints the label as the subsequent form does ("ibid s 14",
   "ibid para 12"), as OSCOLA keeps a pinpoint's form after ibid ("ibid [34] (Lord Hope)");
   OSCOLA's CSL prints the bare number, which reads as a page. (``oscola_ibid_keeps_label``)
6. OSCOLA: a labelled pinpoint straight after a number takes a comma ("Human Rights Act 1998,
   s 15(1)(b)"; "78 UNTS 277, art 2"); OSCOLA's CSL prints "Modern Slavery Act 2015 s 3".
   (``oscola_comma_before_label``)
7. New Hart's Rules: in a shortened range, 10 to 19 of each hundred keep two figures ("12–14",
   "110–18"; Hart's Rules: "16–18, not 16–8; 116–18, not 116–8"); the styles'
   ``page-range-format="minimal"`` prints "12–4". (``new_harts_teens``)

Not reproduced (no source of the tests needs them; each would be a difference if it occurred):
citeproc's other ways of telling sources apart (adding given names or more names for different
authors who share a family name or an "et al.", year suffixes, a style-wide
``givenname-disambiguation-rule``: advocate uses only the style's ``disambiguate="true"`` branches,
which is what citeproc reaches for two works of one author), disambiguation inside bibliography
entries (none of the styles tested has any), grouping of cites by author within a note
(``collapse``), and a style's own conditions on the article label.
"""

from advocate.cite.book import FormBook, form_book
from advocate.cite.positions import FormKey
from advocate.cite.sources import csl_items
from advocate.cite.stage import cite
from advocate.cite.styles import (
    BUNDLED_STYLES,
    DEFAULT_STYLE,
    STYLE_OPTIONS,
    CitationStyle,
    StyleOptions,
    load_style,
)

__all__ = [
    "BUNDLED_STYLES",
    "DEFAULT_STYLE",
    "STYLE_OPTIONS",
    "CitationStyle",
    "FormBook",
    "FormKey",
    "StyleOptions",
    "cite",
    "csl_items",
    "form_book",
    "load_style",
]
