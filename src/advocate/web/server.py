"""Running the web app under uvicorn: in the foreground (``advocate serve``) or in a background
thread (tests and the README's screenshot).

In: ``Settings``, a host and a port. Out: a running server. The access log is off: it would record
each visitor's address, and nothing personal is logged.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from advocate.errors import AdvocateError
from advocate.web.app import create_app
from advocate.web.settings import Settings


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the app at ``http://host:port/`` until interrupted."""
    app = create_app(settings)
    app.state.renderer.start()
    print(f"advocate: serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    uvicorn.run(
        app, host=host, port=port, access_log=False, server_header=False, ws="none", log_level="warning"
    )


@contextlib.contextmanager
def running(settings: Settings, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the app on a free port of ``host`` in a background thread; yields its base URL
    (``http://127.0.0.1:PORT``) and stops the server and its workers afterwards."""
    app = create_app(settings)
    app.state.renderer.start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, access_log=False, server_header=False, ws="none", lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise AdvocateError("the web server did not start")
            time.sleep(0.02)
        yield f"http://{host}:{port}"
    finally:
        # Documents still waiting are refused at once; the server waits for those being made.
        app.state.renderer.close(wait=False)
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
