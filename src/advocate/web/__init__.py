"""The web app (``advocate serve``): constituents write a campaign letter, staff build briefings.

``create_app(Settings(...))`` builds the ASGI app; ``serve(settings, host, port)`` runs it under
uvicorn; ``running(settings)`` serves it in a background thread (tests, screenshots).
"""

from advocate.web.app import create_app
from advocate.web.server import running, serve
from advocate.web.settings import Settings

__all__ = ["Settings", "create_app", "running", "serve"]
