"""batch.pool: SIGTERM as Ctrl-C in the parent; errors that cross from a worker whole. The workers'
end with their parent is proved through the CLI in ``tests/batch/test_faults.py``."""

from __future__ import annotations

import os
import pickle
import signal
import time

import pytest

from advocate.batch.pool import one_letter, terminate_as_interrupt
from advocate.errors import AdvocateError, Location, Problem


def test_sigterm_is_ctrl_c_inside_the_block_and_itself_again_after() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), terminate_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # not reached: the handler raises first
    assert signal.getsignal(signal.SIGTERM) == before


def test_outside_a_pool_worker_a_letter_is_just_made() -> None:
    made = []
    with one_letter():
        made.append("letter")
    assert made == ["letter"]


def test_an_error_raised_in_a_worker_reaches_the_parent_located() -> None:
    error = AdvocateError([Problem(Location("out/0002-ann.docx"), "could not write the file: no space")])
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, AdvocateError)
    assert again.problems == error.problems
    assert str(again) == "out/0002-ann.docx: could not write the file: no space"
