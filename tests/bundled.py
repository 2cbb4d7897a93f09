"""What tests know of the bundled campaign (the tool itself knows nothing of it)."""

from __future__ import annotations

import functools

from advocate.sample_people import example_people

TOPICS = (
    "detention", "torture", "forced-labour", "family-separation", "birth-prevention", "surveillance",
    "sexual-violence", "individual-cases", "recognition", "sanctions", "uyghur-tribunal", "deaths-in-custody",
)  # fmt: skip
"""Topics of the bundled library that example people choose from."""

bundled_people = functools.partial(example_people, topics=TOPICS)
"""``example_people(n, seed)`` choosing the bundled library's topics."""
