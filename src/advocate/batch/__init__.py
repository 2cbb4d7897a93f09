"""Letters at scale (``advocate letters``): one constituent letter per row of a people file, in
parallel, resumable.

In: a base brief (a ``letter`` for the constituent audience), a people CSV (``advocate.people``),
the library, the templates and an output folder. Out: ``<out>/<row>-<name>.docx`` and ``.pdf`` per
row, ``<out>/manifest.json`` (what each letter used, with the hash of its inputs), optionally
``<out>/combined.pdf``, and a ``LettersReport``.

Each row becomes the base brief with the row's sender, representative, topics and own paragraph, its
points and its variant chosen in file order so that the letters to one office stay apart
(``advocate.personalise``; ``batch.similarity`` measures how far apart).

One module per stage: ``plan`` (rows checked, each letter's brief and input hash), ``run`` (chunks on
an executor: a local process pool, or a Dask cluster's), ``worker`` (a chunk rendered and written,
what a process loads once), ``manifest`` (per-process journals while running, compacted into
``manifest.json``), ``combined`` (the combined PDF), ``similarity``, ``progress`` and ``report``.
A re-run skips each row whose input hash is in the manifest (or a journal left by an interrupted
run) and whose files exist, so after an interruption nothing is lost and nothing is produced twice.

The function ``similarity`` is imported from ``advocate.batch.similarity``: the package does not
re-export it, so that the name keeps meaning the module.
"""

from advocate.batch.manifest import JOURNAL_DIR, MANIFEST
from advocate.batch.plan import Batch, Letter, letter_stem, parse_formats, plan_batch
from advocate.batch.progress import ProgressBar
from advocate.batch.report import LettersReport, expiry_notes
from advocate.batch.run import open_executor, run_letters
from advocate.batch.similarity import Similarity, batch_similarity
from advocate.batch.worker import render_letters
from advocate.personalise import body_shingles
from advocate.sample_people import example_people

__all__ = [
    "JOURNAL_DIR",
    "MANIFEST",
    "Batch",
    "Letter",
    "LettersReport",
    "ProgressBar",
    "Similarity",
    "batch_similarity",
    "body_shingles",
    "example_people",
    "expiry_notes",
    "letter_stem",
    "open_executor",
    "parse_formats",
    "plan_batch",
    "render_letters",
    "run_letters",
]
