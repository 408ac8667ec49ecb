"""A synchronous httpx client for one ShopRenter shop (or the emulated one on 127.0.0.1).

* Authentication (`auth`): OAuth2 client credentials (token cached, renewed shortly before it
  runs out and once on a 401) or the legacy HTTP Basic.
* Pacing: never more than `requests_per_second` requests in any second, every HTTP request
  counted (token requests and retries too); see `pacing.Pacer`.
* Retries: 429, 500, 502, 503, 504, timeouts, dropped connections and bodies that are not JSON
  are retried with exponential backoff and jitter, honouring Retry-After, `max_attempts` times
  at most; then `ShopUnreachable` (or `ShopBadResponse`).
* Secrets never reach a log line, a repr or an exception message.

Thread-safe: one client may be shared by a sync thread and others (the pacing then covers all).
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from okos_tui.shop.auth import (
    ShopConnection,
    TokenCache,
    missing_oauth_settings,
    read_token,
    token_request_body,
)
from okos_tui.shop.errors import (
    ShopAuthError,
    ShopBadResponse,
    ShopError,
    ShopRequestError,
    ShopUnreachable,
)
from okos_tui.shop.pacing import Pacer

__all__ = [
    "BatchItemResult",
    "ClientStats",
    "ShopAuthError",
    "ShopBadResponse",
    "ShopClient",
    "ShopConnection",
    "ShopError",
    "ShopRequestError",
    "ShopUnreachable",
]

log = logging.getLogger(__name__)

MAX_BATCH_REQUESTS = 200
"""ShopRenter's limit of requests in one batch."""
PAGE_LIMIT = 200
"""The largest page ShopRenter serves."""
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 30.0
MAX_RETRY_AFTER_SECONDS = 60.0
"""A Retry-After longer than this is not waited out: the shop is treated as unreachable."""


@dataclass
class ClientStats:
    """What a client did so far; `requests_sent` counts every HTTP request (token, retries)."""

    requests_sent: int = 0
    token_requests: int = 0
    retries: int = 0
    """Requests sent again after a retryable failure (not counting a renewal after a 401)."""
    throttled: int = 0
    """429 answers received."""
    server_errors: int = 0
    """5xx answers received."""
    transport_errors: int = 0
    """Attempts that got no answer: connection refused or dropped, timeouts."""
    bad_bodies: int = 0
    """Successful answers whose body was not JSON."""
    reauthentications: int = 0
    """Tokens renewed because the shop answered 401/403 to the cached one."""
    paced_seconds: float = 0.0
    """Time spent waiting for a turn under the rate limit."""
    backoff_seconds: float = 0.0
    """Time spent waiting before retries."""
    by_status: Counter[int] = field(default_factory=Counter)


@dataclass(frozen=True)
class BatchItemResult:
    """One item of a batch answer: the shop answers the batch 200 even when items failed."""

    method: str
    uri: str
    status: int
    """The item's own HTTP status; 0 when the answer did not say."""
    body: Any
    ok: bool

    @property
    def inner_code(self) -> int | None:
        return _as_int(self.body.get("innerCode")) if isinstance(self.body, dict) else None


class _TokenRunOut(Exception):
    """The cached token ran out while its request waited for a turn."""


@dataclass
class _Problem:
    """Why an attempt failed, and whether trying again may help."""

    detail: str
    retryable: bool
    status: int | None = None
    retry_after: float | None = None
    bad_body: bool = False


class ShopClient:
    """Talks to one shop. Use as a context manager, or call `close`."""

    def __init__(
        self,
        connection: ShopConnection,
        *,
        transport: httpx.BaseTransport | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        """`pacer`: share one between clients of the same shop so that they pace together."""
        self.connection = connection
        self.name = connection.name
        self.stats = ClientStats()
        self._monotonic = monotonic
        self._sleep = sleep
        self._pacer = pacer or Pacer(
            connection.requests_per_second, monotonic=monotonic, sleep=sleep
        )
        self._random = random.Random()
        self._stats_lock = threading.Lock()
        self._tokens = TokenCache(monotonic)
        self._oauth = connection.auth == "oauth"
        self._api_base = connection.api_url.strip().rstrip("/")
        parts = urlsplit(self._api_base)
        self._scheme = parts.scheme.lower()
        self._netloc = parts.netloc.lower()
        self._api_path = parts.path.rstrip("/")
        secure = any(
            url.strip().lower().startswith("https:")
            for url in (connection.api_url, connection.token_url)
        )
        auth = None
        if not self._oauth and connection.username and connection.password:
            auth = httpx.BasicAuth(connection.username, connection.password)
        self._http = httpx.Client(
            # the API's constraints page: Content-Type on every request, a GET's too
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            timeout=httpx.Timeout(connection.timeout_seconds),
            follow_redirects=False,
            transport=transport,
            verify=secure,  # plain-HTTP bases (the emulated shop) need no CA bundle loaded
            auth=auth,
        )

    def __repr__(self) -> str:
        return f"ShopClient({self.name!r}, {self._api_base!r}, auth={self.connection.auth!r})"

    # life cycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ShopClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # the API ----------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The full URL of `path` ("orderExtend", "products/ID?x=1") under the API base.

        An absolute URL on the API's host is kept (with the base's scheme). One on another host
        is moved under the API base: ShopRenter's own links name the legacy host
        (shopname.api.myshoprenter.hu) even on api2, and credentials must not go elsewhere.
        """
        if "://" not in path:
            return f"{self._api_base}/{path.lstrip('/')}"
        parts = urlsplit(path)
        if parts.netloc.lower() == self._netloc:
            return urlunsplit((self._scheme, parts.netloc, parts.path, parts.query, ""))
        relative = parts.path
        if self._api_path and (
            relative == self._api_path or relative.startswith(self._api_path + "/")
        ):
            relative = relative[len(self._api_path) :]
        query = f"?{parts.query}" if parts.query else ""
        return f"{self._api_base}/{relative.lstrip('/')}{query}"

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET `path` (relative to api_url, or an absolute URL); the parsed JSON answer."""
        return self._call("GET", self.url(path), params=params)

    def put(self, path: str, data: dict[str, Any]) -> Any:
        """PUT `{"data": data}`; retried like a GET (ShopRenter's PUT values are absolute)."""
        return self._call("PUT", self.url(path), body={"data": data})

    def post(self, path: str, data: dict[str, Any]) -> Any:
        """POST `{"data": data}`. Not idempotent in general: retried only when the shop surely
        did not act on it (429, or no connection made)."""
        return self._call("POST", self.url(path), body={"data": data}, idempotent=False)

    def batch(self, requests: Iterable[dict[str, Any]]) -> list[BatchItemResult]:
        """Run up to 200 requests ({"method", "uri", "data"?}) as one; check every result.

        A relative `uri` is taken under the API base. The batch is retried like a PUT when
        every item is GET/PUT/DELETE, otherwise like a POST.
        """
        items = list(requests)
        if len(items) > MAX_BATCH_REQUESTS:
            raise ValueError(
                f"a batch holds at most {MAX_BATCH_REQUESTS} requests, not {len(items)}: split it"
            )
        if not items:
            return []
        payload = []
        for index, item in enumerate(items):
            method = str(item.get("method") or "").upper() if isinstance(item, dict) else ""
            uri = item.get("uri") if isinstance(item, dict) else None
            if not method or not isinstance(uri, str) or not uri:
                raise ValueError(f"batch request {index} needs a method and a uri")
            entry: dict[str, Any] = {"method": method, "uri": self.url(uri)}
            if "data" in item:
                entry["data"] = item["data"]
            payload.append(entry)
        idempotent = all(entry["method"] in IDEMPOTENT_METHODS for entry in payload)
        body = self._call(
            "POST",
            self.url("batch"),
            body={"data": {"requests": payload}},
            idempotent=idempotent,
        )
        answers = _batch_answers(body)
        if answers is None:
            raise ShopBadResponse(
                self.name,
                self._scrub(
                    f"Shop {self.name!r}: the batch answer has no list of results "
                    f"({_shape(body)}). Check api_url: is it the shop's API?"
                ),
                status=200,
            )
        return [_batch_item(answer) for answer in answers]

    def iter_pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[dict]:
        """Every item of a collection, page by page (full=1, limit=200 unless given).

        Pages are asked for by number under the API base (not by following `next`, whose host
        may be the legacy one); it stops after `pageCount` pages (a number or a string), at the
        first empty page, or, without a `pageCount`, where `next` is null. A 400/40008 (page out
        of range, the collection shrank meanwhile) after the first page also ends it.
        """
        query: dict[str, Any] = {"full": 1, "limit": PAGE_LIMIT, **(params or {})}
        first = _as_int(query.pop("page", 0)) or 0
        page = first
        previous_marker: Any = None
        while True:
            try:
                body = self.get(path, {**query, "page": page})
            except ShopRequestError as exc:
                if page > first and exc.status == 400 and exc.inner_code == 40008:
                    return
                raise
            if not isinstance(body, dict):
                raise ShopBadResponse(
                    self.name,
                    self._scrub(
                        f"Shop {self.name!r}: page {page} of {path} is not a JSON object "
                        f"({_shape(body)}). Check api_url: is it the shop's API?"
                    ),
                    status=200,
                )
            items = body.get("items")
            if not isinstance(items, list) or not items:
                return
            marker = _item_marker(items[0])
            if page > first and marker is not None and marker == previous_marker:
                raise ShopBadResponse(
                    self.name,
                    f"Shop {self.name!r}: {path} answered page {page} with the same items as "
                    f"page {page - 1}: the shop ignores the page parameter.",
                    status=200,
                )
            previous_marker = marker
            for item in items:
                if isinstance(item, dict):
                    yield item
                else:
                    log.warning("Shop %r: skipped a %s item on %s", self.name, _shape(item), path)
            page += 1
            page_count = _as_int(body.get("pageCount"))
            if page_count is not None:
                if page >= page_count:
                    return
            elif not _is_link(body.get("next")):
                return

    # requests ---------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        idempotent: bool = True,
        token_request: bool = False,
    ) -> Any:
        """One API call: authentication, pacing, retries; the parsed JSON (None when empty)."""
        attempts = 0
        renewed = False
        bearer = self._oauth and not token_request
        stale: str | None = None
        fetched: str | None = None  # a token fetched during this call
        while True:
            if bearer:
                token, fresh = self._bearer(stale)
                if fresh:
                    fetched = token
            attempts += 1
            try:
                response, used = self._send(
                    method, url, params, body, token_request, bearer, fetched
                )
            except _TokenRunOut:
                attempts -= 1  # it ran out while waiting for a turn: renew, nothing was sent
                continue
            except httpx.TransportError as exc:
                problem = _Problem(
                    detail=self._describe_transport(exc),
                    retryable=_transport_retryable(exc, idempotent),
                )
            except httpx.DecodingError as exc:  # a body its Content-Encoding cannot decode
                self._note(bad_bodies=1)
                problem = _Problem(
                    detail=f"a body that cannot be decoded ({exc})",
                    retryable=idempotent,
                    bad_body=True,
                )
            else:
                status = response.status_code
                if 200 <= status < 300:
                    try:
                        return _decode(response)
                    except ValueError:
                        self._note(bad_bodies=1)
                        problem = _Problem(
                            detail=f"HTTP {status} with a body that is not JSON "
                            f"({response.headers.get('Content-Type', 'no Content-Type')})",
                            retryable=idempotent,
                            status=status,
                            bad_body=True,
                        )
                elif token_request and status not in RETRYABLE_STATUSES:
                    raise self._token_refused(response)
                elif status in (401, 403) and not token_request:
                    fresh = used is not None and used == fetched
                    if bearer and not fresh and not renewed:
                        renewed = True
                        stale = used
                        attempts -= 1
                        self._note(reauthentications=1)
                        log.info("Shop %r: HTTP %d, renewing the access token", self.name, status)
                        continue
                    raise self._refused(method, url, response, fresh or renewed)
                elif status in RETRYABLE_STATUSES:
                    retryable = idempotent or status == 429
                    problem = _Problem(
                        detail=f"HTTP {status} {response.reason_phrase}".rstrip(),
                        retryable=retryable,
                        status=status,
                        retry_after=_retry_after(response.headers.get("Retry-After")),
                    )
                else:
                    raise self._request_error(method, url, response)
            where = self._where(method, url, token_request)
            if not problem.retryable or attempts >= self.connection.max_attempts:
                raise self._give_up(where, problem, attempts)
            if problem.retry_after is not None and problem.retry_after > MAX_RETRY_AFTER_SECONDS:
                problem.detail += f", Retry-After {problem.retry_after:.0f} s"
                raise self._give_up(where, problem, attempts)
            delay = self._backoff(attempts, problem.retry_after)
            if problem.status == 429:
                self._pacer.hold(delay)  # every thread sharing this client waits it out
                log.warning(
                    "Shop %r: %s was throttled (429); waiting %.1f s", self.name, where, delay
                )
            else:
                log.info(
                    "Shop %r: %s failed (%s); attempt %d of %d in %.1f s",
                    self.name,
                    where,
                    self._scrub(problem.detail),
                    attempts + 1,
                    self.connection.max_attempts,
                    delay,
                )
            self._note(retries=1, backoff_seconds=delay)
            self._sleep(delay)

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        body: Any,
        token_request: bool,
        bearer: bool,
        fetched: str | None,
    ) -> tuple[httpx.Response, str | None]:
        """Wait for a turn, send, read the answer; (the answer, the bearer token used).

        The token is taken after the wait for a turn, so it cannot run out meanwhile; if it did,
        `_TokenRunOut` (the turn is spent, nothing was sent), unless it was fetched for this
        very call (then it is sent anyway: a lifetime shorter than the pacing would loop).
        """
        try:
            request = self._http.build_request(method, url, params=params, json=body)
        except httpx.InvalidURL as exc:
            raise ShopUnreachable(
                self.name,
                self._scrub(
                    f"Shop {self.name!r}: {url!r} is not a valid address ({exc}). "
                    "Check api_url and token_url."
                ),
            ) from None
        queued_at = self._monotonic()
        slot = self._pacer.acquire()
        now = self._monotonic()
        self._note(paced_seconds=max(0.0, now - queued_at))
        used = None
        if bearer:
            used = self._tokens.usable(now, fetched)
            if used is None:
                self._pacer.release(slot)
                raise _TokenRunOut
            request.headers["Authorization"] = f"Bearer {used}"
        self._note(requests_sent=1, token_requests=1 if token_request else 0)
        late = 0.0
        try:
            response = self._http.send(request)
        except httpx.TransportError as exc:
            self._note(transport_errors=1)
            if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
                late = self.connection.timeout_seconds  # the shop may still act on it
            raise
        finally:
            self._pacer.release(slot, late_seconds=late)
        with self._stats_lock:
            self.stats.by_status[response.status_code] += 1
            if response.status_code == 429:
                self.stats.throttled += 1
            elif response.status_code >= 500:
                self.stats.server_errors += 1
        return response, used

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential with jitter: attempt 1 waits 0.25-0.5 s, then 0.5-1 s, 1-2 s, ... up
        to 15-30 s; never less than the shop's Retry-After."""
        ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        delay = ceiling / 2 + self._random.uniform(0, ceiling / 2)
        return delay if retry_after is None else max(delay, retry_after)

    # authentication ---------------------------------------------------------------------------

    def _bearer(self, stale: str | None) -> tuple[str, bool]:
        """(the token to use, whether it was fetched just now); `stale` was refused."""
        return self._tokens.bearer(stale, self._pacer.expected_wait(), self._fetch_token)

    def _fetch_token(self) -> tuple[str, float]:
        missing = missing_oauth_settings(self.connection)
        if missing:
            raise ShopAuthError(
                self.name,
                f"Shop {self.name!r}: no {', no '.join(missing)} configured for the OAuth login.",
            )
        answer = self._call(
            "POST",
            self.connection.token_url.strip(),
            body=token_request_body(self.connection),
            token_request=True,
        )
        token = read_token(answer, _as_float)
        if token is None:
            raise ShopBadResponse(
                self.name,
                f"Shop {self.name!r}: the token endpoint answered without an access_token "
                f"({_shape(answer)}). Check token_url.",
                status=200,
            )
        return token

    # errors -----------------------------------------------------------------------------------

    def _token_refused(self, response: httpx.Response) -> ShopError:
        status = response.status_code
        body = _error_body(response)
        code = ""
        if isinstance(body, dict):
            code = str(body.get("error") or "")
        label = f"HTTP {status}" + (f", {code}" if code else "")
        if status in (400, 401):
            message = (
                f"Shop {self.name!r}: the token endpoint refused the client credentials "
                f"({label}). Check client_id ({self.connection.client_id!r}) and the client "
                "secret (client_secret or client_secret_env), and token_url."
            )
        else:
            message = (
                f"Shop {self.name!r}: the token endpoint {self.connection.token_url} answered "
                f"{label}{_server_message(body)}. Check token_url."
            )
        return ShopAuthError(self.name, self._scrub(message), status=status)

    def _refused(
        self, method: str, url: str, response: httpx.Response, fresh_token: bool
    ) -> ShopError:
        status = response.status_code
        body = _error_body(response)
        what = f"{method} {self._display(url)}"
        detail = f"HTTP {status}{_inner(body)}{_server_message(body)}"
        if not self._oauth:
            message = (
                f"Shop {self.name!r}: the shop refused the API user for {what} ({detail}). "
                "Check username and password (the API user in the shop admin) and its rights."
            )
        elif status == 403:
            message = (
                f"Shop {self.name!r}: no permission for {what} ({detail}). Check the app's "
                "access rights in the shop admin."
            )
        elif fresh_token and (scope := needed_scope(method, url)):
            # a token just issued is refused: not an expired token but a missing permission
            message = (
                f"Shop {self.name!r}: the API user lacks the permission {scope} for {what} "
                f"({detail}). Give the app that scope in the shop admin."
            )
        else:
            token = "a fresh access token" if fresh_token else "the access token"
            message = (
                f"Shop {self.name!r}: the shop refused {token} for {what} ({detail}). Check "
                "that the app is still allowed to use this shop's API, client_id and api_url."
            )
        return ShopAuthError(self.name, self._scrub(message), status=status)

    def _request_error(self, method: str, url: str, response: httpx.Response) -> ShopError:
        status = response.status_code
        body = _error_body(response)
        what = f"{method} {self._display(url)}"
        inner_code = _as_int(body.get("innerCode")) if isinstance(body, dict) else None
        if 300 <= status < 400:
            location = response.headers.get("Location", "")
            hint = (
                f" to {location}" if location else ""
            ) + ". Put the shop's HTTPS API address in api_url."
            message = f"Shop {self.name!r}: {what} was redirected (HTTP {status}){hint}"
        else:
            hint = {
                404: "Check api_url and that the resource exists.",
                400: "The shop rejected the request's data.",
                409: "The resource already exists.",
            }.get(status, "")
            message = (
                f"Shop {self.name!r}: {what} failed with HTTP {status}{_inner(body)}"
                f"{_server_message(body)}. {hint}"
            ).rstrip()
        return ShopRequestError(
            self.name,
            self._scrub(message),
            status=status,
            inner_code=inner_code,
            body=body,
            method=method,
            url=url.split("?", 1)[0],
        )

    def _give_up(self, where: str, problem: _Problem, attempts: int) -> ShopError:
        tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
        if problem.bad_body:
            message = (
                f"Shop {self.name!r}: {where} answered {problem.detail}, {tries}. "
                "Check api_url: is it the shop's API?"
            )
            return ShopBadResponse(
                self.name, self._scrub(message), status=problem.status, attempts=attempts
            )
        if problem.status is None:
            message = (
                f"Shop {self.name!r}: cannot reach {where} ({problem.detail}; {tries}). Check "
                f"the address ({self._api_base}), the network connection and whether the shop "
                "is up."
            )
        else:
            message = (
                f"Shop {self.name!r}: {where} failed ({problem.detail}; {tries}). The shop is "
                "down, overloaded or throttling this app; try again later."
            )
        return ShopUnreachable(
            self.name, self._scrub(message), status=problem.status, attempts=attempts
        )

    def _describe_transport(self, exc: httpx.TransportError) -> str:
        text = str(exc).strip()
        if isinstance(exc, httpx.TimeoutException):
            return f"timed out after {self.connection.timeout_seconds:g} s" + (
                f": {text}" if text else ""
            )
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

    def _where(self, method: str, url: str, token_request: bool) -> str:
        if token_request:
            return f"the token endpoint {url.split('?', 1)[0]}"
        return f"{method} {self._display(url)}"

    def _display(self, url: str) -> str:
        """ "orderExtend" for an URL under the API base; the path otherwise; no query."""
        path = url.split("?", 1)[0]
        if path.startswith(self._api_base + "/"):
            return path[len(self._api_base) + 1 :] or "/"
        return path

    def _scrub(self, text: str) -> str:
        """Belt and braces: no secret in a message, even one the shop echoed back."""
        token = self._tokens.token
        for secret in (self.connection.client_secret, self.connection.password, token):
            if secret and len(secret) >= 4:
                text = text.replace(secret, "***")
        return text

    def _note(self, **increments: float) -> None:
        with self._stats_lock:
            for name, amount in increments.items():
                setattr(self.stats, name, getattr(self.stats, name) + amount)


# parsing --------------------------------------------------------------------------------------


def _decode(response: httpx.Response) -> Any:
    """The JSON body (None when empty); ValueError when it is not JSON."""
    content = response.content
    if not content.strip():
        return None
    return json.loads(content)


def _error_body(response: httpx.Response) -> Any:
    try:
        return _decode(response)
    except ValueError:
        return response.text[:500]


def _inner(body: Any) -> str:
    code = _as_int(body.get("innerCode")) if isinstance(body, dict) else None
    return f", innerCode {code}" if code is not None else ""


def _server_message(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    text = body.get("message") or body.get("error_description")
    if not isinstance(text, str) or not text.strip():
        return ""
    text = " ".join(text.split())
    return f": {text[:200]}"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if unusable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def _transport_retryable(exc: httpx.TransportError, idempotent: bool) -> bool:
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True  # the request never reached the shop
    if not idempotent:
        return False
    return isinstance(
        exc,
        httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError | httpx.ProxyError,
    )


def _as_int(value: Any) -> int | None:
    """3, "3", " 3 ", 3.0 and "3.0" are 3; anything else (None, {}, "", True) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    number = _as_float(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _is_link(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value.get("href"))
    return isinstance(value, str) and bool(value.strip())


def _item_marker(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("id") or item.get("href")
    return None


def _shape(value: Any) -> str:
    if value is None:
        return "an empty body"
    if isinstance(value, dict):
        keys = ", ".join(sorted(str(k) for k in value)[:6])
        return f"an object with {keys}" if keys else "an empty object"
    return f"a {type(value).__name__}"


def _batch_answers(body: Any) -> list[Any] | None:
    """The list of item answers: {"requests": {"request": [...]}} as ShopRenter answers, or
    {"requests": [...]}, or a plain list; a lone item instead of a list is accepted too."""
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return None
    if "requests" not in body and isinstance(body.get("data"), dict):
        body = body["data"]
    requests = body.get("requests")
    if isinstance(requests, list):
        return requests
    if isinstance(requests, dict):
        inner = requests.get("request")
        if isinstance(inner, list):
            return inner
        if isinstance(inner, dict):
            return [inner]
        if inner is None and not requests:
            return []
    return None


SCOPES = {  # the API resource -> the permission (scope) it needs, as scopes.json names them
    "orderExtend": "order.order",
    "orders": "order.order",
    "orderStatuses": "order.orderStatus",
    "orderStatusDescriptions": "order.orderStatus",
    "orderInvoices": "order.orderInvoice",
    "products": "product.product",
    "productExtend": "product.product",
    "batch": "product.product",
    "taxClasses": "taxClass.taxClass",
    "customers": "customer.customer",
}


def needed_scope(method: str, url: str) -> str:
    """The scope a request needs ("order.order:read"), or "" for a resource not listed."""
    path = urlsplit(url).path.rstrip("/")
    resource = next((part for part in reversed(path.split("/")) if part in SCOPES), "")
    if not resource:
        return ""
    access = "read" if method.upper() == "GET" else "write"
    return f"{SCOPES[resource]}:{access}"


def _batch_item(answer: Any) -> BatchItemResult:
    if not isinstance(answer, dict):
        return BatchItemResult("", "", 0, answer, False)
    response = answer.get("response")
    response = response if isinstance(response, dict) else {}
    header = response.get("header")
    header = header if isinstance(header, dict) else {}
    status = _as_int(header.get("statusCode"))
    if status is None:
        status = _as_int(header.get("status") or response.get("statusCode")) or 0
    return BatchItemResult(
        method=str(answer.get("method") or "").upper(),
        uri=str(answer.get("uri") or ""),
        status=status,
        body=response.get("body"),
        ok=200 <= status < 300,
    )
