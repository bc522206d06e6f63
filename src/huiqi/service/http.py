"""The HTTP protocol ``huiqi serve`` runs under uvicorn: httptools' parser with ``TCP_NODELAY`` set on
every connection. Without it, a keep-alive client waits for the delayed ACK (~40 ms) whenever a
response leaves in two writes (headers, then body), which uvicorn's worker processes showed as a
44 ms floor on every request."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "huiqi.service.http:NoDelayHttpToolsProtocol"


def no_delay(transport: asyncio.BaseTransport) -> None:
    sock: Any = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a socket that is already closing
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)
