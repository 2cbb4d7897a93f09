"""The audience profiles that ship with the tool (MP, minister, company, constituent).

In: ``profiles.yaml`` beside this module (package data). Out: the profiles as typed ``Audience``
records by id, read once per process (the file is part of the installed package, so it never goes
stale while the process runs). They name no campaign: ``{issue}`` and the campaign's own wording,
default asks and topics come from the campaign file (``library.campaign``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from advocate.errors import Problem
from advocate.library.plans import Audience
from advocate.schema import Reader, is_invalid
from advocate.yamlfile import read_yaml

PROFILES = Path(__file__).with_name("profiles.yaml")
"""The shipped profiles file."""
LABEL = "advocate/audiences/profiles.yaml"
"""How messages name it (where it is installed does not matter to a user)."""


def read_profiles(path: Path = PROFILES) -> tuple[dict[str, Audience], list[Problem]]:
    """The profiles in ``path`` by id, and the problems reading them (none for the shipped file: a
    test holds it to that)."""
    label = LABEL if path == PROFILES else str(path)
    node, problems = read_yaml(path, label)
    if node is None or problems:
        return {}, problems
    reader = Reader(label)
    read = reader.read(node, dict[str, tuple[Audience, ...]], "")
    profiles = {} if is_invalid(read) else {a.id: a for a in read.get("audiences", ())}
    return profiles, reader.problems


@functools.cache
def shipped_profiles() -> dict[str, Audience]:
    """The shipped profiles by id, read once per process."""
    profiles, problems = read_profiles()
    if problems:  # a fault of the package, not of the user's files
        raise RuntimeError("; ".join(str(p) for p in problems))
    return profiles
