"""A small list of offices of its own (not the bundled one) for the office markup's tests."""

from __future__ import annotations

import datetime as dt

OFFICES_YAML = """\
offices:
  - id: river-minister
    title: Rivers Minister
    formal_title: Minister of State for Rivers
    organisation: Department for Rivers
    address: [1 Weir Street, London, SW1A 9ZZ]
    salutation: "Dear Minister,"
    bare_titles: [the Rivers Minister, the Minister for Rivers]
    source: https://example.org/record/rivers-ministers
    checked: 2023-12-31
    holders:
      - {name: Ann Able, style: The Rt Hon Ann Able MP, from: 2019-01-01, to: 2020-06-30}
      - {name: Ben Baker, style: Ben Baker MP, from: 2020-08-01, to: 2022-03-01}
      - {name: Cat Cole, style: The Rt Hon Cat Cole KC MP, from: 2022-03-01}
  - id: agency-chair
    title: Chair of the Agency
    formal_title: Chair of the Water Agency
    source: https://example.org/record/agency-chairs
    checked: 2023-12-31
    holders:
      - {name: Dee Dunn, style: Dee Dunn, from: 2018-01-01, to: 2021-01-31}
      - {name: Eve Eng, style: Eve Eng, from: 2021-02-01, to: 2023-06-30}
"""
"""Rivers Minister: Ann Able (2019 to June 2020), a gap in July 2020, Ben Baker (August 2020 to
1 March 2022), Cat Cole (from 1 March 2022, the day of the handover); checked to the end of 2023.
Chair of the Agency: Dee Dunn, then Eve Eng, who left on 30 June 2023, before the list's check."""

CHECKED = dt.date(2023, 12, 31)
