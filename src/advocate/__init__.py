"""advocate: sourced talking points in, briefings and letters with real footnotes out."""

__version__ = "0.1.0"
