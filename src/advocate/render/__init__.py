"""Renderers: a cited ``Document`` in, bytes out (``docx`` for Word, ``pdf`` through ``html``).

Renderers decide layout only; content and note numbering were fixed by earlier stages.
"""
