"""wording: a section's fixed wording filled in from the brief (the deadline at the calendar's edge)."""

from __future__ import annotations

from advocate.assemble.wording import fill
from advocate.library.plans import MAX_RESPONSE_DAYS, Audience
from advocate.schema import DATES

from .conftest import river_brief


def test_the_latest_date_and_the_longest_reply_give_a_deadline_inside_the_calendar() -> None:
    audience = Audience("company", "Company", "formal", {}, response_days=MAX_RESPONSE_DAYS)
    brief = river_brief("letter", "company", date=DATES[1])
    assert fill("{date}, reply by {deadline}", brief, audience) == "31 December 2999, reply by 1 January 3001"
