"""The HTTP side: token endpoint, authentication, rate limit, faults and the request log.

Every request is recorded before its answer is sent, so a client that got an answer can count
on finding its request in the log.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.sax.saxutils import escape

from okos_tui.emulation.server import LoopbackServer
from okos_tui.fakeshop.api import INVALID_JSON, Api, ApiResponse
from okos_tui.fakeshop.auth import TokenCheck, TokenStore, basic_credentials, same
from okos_tui.fakeshop.errors import error_body, not_found
from okos_tui.fakeshop.faults import Fault, Faults
from okos_tui.fakeshop.ratelimit import SlidingWindowLimiter
from okos_tui.fakeshop.settings import FakeShopSettings

log = logging.getLogger(__name__)

API_PREFIX = "/api"
LEGACY_PREFIX = "/legacy"
"""The legacy host's API (HTTP Basic only) lives here; `/api` takes Bearer and Basic."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    """As requested, e.g. "/api/orderExtend" or "/oauth/demo/app/token"."""
    query: dict[str, str]
    status: int | None
    """None when the connection was dropped on purpose."""
    timestamp: float
    auth: str | None = None
    """"bearer", "basic" or None: which credentials the request carried."""
    body: Any = None
    """The parsed JSON body, if any."""


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._items.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass
class ServerContext:
    settings: FakeShopSettings
    api: Api
    tokens: TokenStore
    faults: Faults
    limiter: SlidingWindowLimiter
    log: RequestLog
    after_request: Callable[[], None] = field(default=lambda: None)
    """Runs after every request, before the answer goes out (the shop saves its state here)."""


@dataclass
class _Answer:
    status: int | None
    payload: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class ShopHTTPServer(LoopbackServer):
    def __init__(self, port: int, context: ServerContext) -> None:
        super().__init__(port, ShopRequestHandler, "fake-shop")
        self.context = context


class ShopRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server: ShopHTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("fake shop: " + format, *args)

    def do_GET(self) -> None:
        self._handle()

    do_PUT = do_POST = do_DELETE = do_PATCH = do_GET

    # -----------------------------------------------------------------------------------------

    def _handle(self) -> None:
        context = self.server.context
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        raw = self._read_body()
        body = _parse_json(raw)
        is_token = path.startswith("/oauth/")
        auth_kind = _auth_kind(self.headers.get("Authorization", ""))
        if context.faults.latency_seconds > 0:
            time.sleep(context.faults.latency_seconds)
        fault = context.faults.take(path, is_token)
        if fault is not None and fault.kind == "drop":
            answer = _Answer(status=None)
        elif fault is not None and fault.kind == "fail":
            answer = self._fault_answer(fault)
        elif is_token:
            answer = self._json(self._token(path, raw, body))
        elif _under(path, API_PREFIX) or _under(path, LEGACY_PREFIX):
            answer = self._api_answer(path, query, body, auth_kind)
        else:
            answer = self._json(ApiResponse(404, not_found().body()))
        if fault is not None and fault.kind == "malformed" and answer.payload:
            answer.payload = answer.payload[: max(1, len(answer.payload) // 2)]
        context.log.add(
            RecordedRequest(
                method=self.command,
                path=path,
                query=dict(query),
                status=answer.status,
                timestamp=time.time(),
                auth=auth_kind,
                body=None if body is INVALID_JSON else body,
            )
        )
        context.after_request()
        if answer.status is None:
            self.close_connection = True
            return
        self._send(answer)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, answer: _Answer) -> None:
        assert answer.status is not None
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.payload)

    def _json(self, response: ApiResponse) -> _Answer:
        payload = json.dumps(response.body, ensure_ascii=False).encode("utf-8")
        return _Answer(response.status, payload, headers=dict(response.headers))

    def _api_format(self, response: ApiResponse) -> _Answer:
        """JSON when asked for; otherwise XML, the real API's default format."""
        if "json" in self.headers.get("Accept", "").lower():
            return self._json(response)
        payload = '<?xml version="1.0" encoding="UTF-8"?>' + _to_xml("response", response.body)
        return _Answer(
            response.status,
            payload.encode("utf-8"),
            "application/xml; charset=utf-8",
            dict(response.headers),
        )

    def _fault_answer(self, fault: Fault) -> _Answer:
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(max(0, math.ceil(fault.retry_after)))
        response = ApiResponse(
            fault.status, error_body(fault.status, fault.status * 100, "Injected failure."), headers
        )
        return self._json(response)

    def _api_answer(
        self, path: str, query: list[tuple[str, str]], body: Any, auth_kind: str | None
    ) -> _Answer:
        context = self.server.context
        prefix = API_PREFIX if _under(path, API_PREFIX) else LEGACY_PREFIX
        wait = context.limiter.acquire()
        if wait is not None:
            retry_after = str(max(1, math.ceil(wait)))
            return self._api_format(
                ApiResponse(
                    429, error_body(429, 42900, "Too Many Requests!"), {"Retry-After": retry_after}
                )
            )
        refusal = self._authenticate(prefix, auth_kind)
        if refusal is not None:
            return self._api_format(refusal)
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        base_url = f"http://{host}{prefix}"
        relative = path[len(prefix) :].lstrip("/")
        return self._api_format(context.api.handle(self.command, relative, query, body, base_url))

    def _authenticate(self, prefix: str, auth_kind: str | None) -> ApiResponse | None:
        settings = self.server.context.settings
        header = self.headers.get("Authorization", "")
        if auth_kind == "bearer" and prefix == API_PREFIX:
            check = self.server.context.tokens.check(header.partition(" ")[2].strip())
            if check is TokenCheck.VALID:
                return None
            message = (
                "The access token has expired."
                if check is TokenCheck.EXPIRED
                else "Invalid access token."
            )
            return _unauthorized(message, 'Bearer error="invalid_token"')
        if auth_kind == "basic":
            credentials = basic_credentials(header)
            if (
                credentials
                and same(credentials[0], settings.basic_user)
                and same(credentials[1], settings.basic_password)
            ):
                return None
            return _unauthorized("Wrong API user name or password.", 'Basic realm="ShopRenter API"')
        challenge = (
            'Bearer realm="ShopRenter API"'
            if prefix == API_PREFIX
            else ('Basic realm="ShopRenter API"')
        )
        return _unauthorized("No permission! Authentication required.", challenge)

    def _token(self, path: str, raw: bytes, body: Any) -> ApiResponse:
        """POST /oauth/{shopName}/app/token with client credentials (JSON or form body)."""
        settings = self.server.context.settings
        if path.rstrip("/") != f"/oauth/{settings.shop_name}/app/token":
            return ApiResponse(404, _oauth_error("invalid_request", "Unknown shop or endpoint."))
        if self.command != "POST":
            return ApiResponse(405, _oauth_error("invalid_request", "Use POST."))
        params: Any = body
        if "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            params = dict(parse_qsl(raw.decode("utf-8", "replace")))
        if not isinstance(params, dict):
            return ApiResponse(400, _oauth_error("invalid_request", "The body is not JSON."))
        missing = [k for k in ("grant_type", "client_id", "client_secret") if not params.get(k)]
        if missing:
            message = f"Missing: {', '.join(missing)}."
            return ApiResponse(400, _oauth_error("invalid_request", message))
        if params["grant_type"] != "client_credentials":
            return ApiResponse(
                400, _oauth_error("unsupported_grant_type", "Only client_credentials is supported.")
            )
        if not (
            same(str(params["client_id"]), settings.client_id)
            and same(str(params["client_secret"]), settings.client_secret)
        ):
            return ApiResponse(401, _oauth_error("invalid_client", "Client authentication failed."))
        token, expires_in = self.server.context.tokens.issue(settings.client_id)
        return ApiResponse(
            200, {"token_type": "Bearer", "expires_in": expires_in, "access_token": token}
        )


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _auth_kind(header: str) -> str | None:
    scheme = header.partition(" ")[0].lower()
    return scheme if scheme in ("bearer", "basic") else None


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return INVALID_JSON


def _unauthorized(message: str, challenge: str) -> ApiResponse:
    return ApiResponse(401, error_body(401, 40101, message), {"WWW-Authenticate": challenge})


def _oauth_error(error: str, description: str) -> dict[str, str]:
    return {"error": error, "error_description": description}


def _to_xml(tag: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = "".join(_to_xml(k, v) for k, v in value.items())
    elif isinstance(value, list):
        inner = "".join(_to_xml("item", v) for v in value)
    elif value is None:
        return f"<{tag}/>"
    else:
        inner = escape(str(value))
    return f"<{tag}>{inner}</{tag}>"
