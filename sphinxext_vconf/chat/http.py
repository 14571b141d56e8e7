"""A small JSON-over-HTTP client on urllib that waits out rate limits (HTTP 429)."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from .config import ChatError


class Http:
    """A small JSON-over-HTTP client on urllib that waits out rate limits (HTTP 429)."""

    def __init__(
        self,
        base: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        retries: int = 8,
        max_wait: float = 120.0,
    ):
        self.base = base.rstrip("/")
        self.headers: dict[str, str] = {}
        self.sleep = sleep
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.waits = 0
        self.waited = 0.0

    def call(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json", "User-Agent": "vconf-chat", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked in config
                    return response.status, _json(response.read())
            except urllib.error.HTTPError as exc:
                payload = _json(exc.read())
                if exc.code != 429 or attempt == self.retries:
                    return exc.code, payload
                wait = min(_retry_after(exc.headers, payload, attempt), self.max_wait)
                self.waits += 1
                self.waited += wait
                self.sleep(wait)
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ChatError(f"cannot reach {self.base}: {reason}") from None
        raise AssertionError("unreachable")


def _json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {"error": raw[:200].decode("utf-8", "replace").strip()}
    return data if isinstance(data, dict) else {"data": data}


def _retry_after(headers: Any, payload: dict[str, Any], attempt: int) -> float:
    """Seconds to wait, from whichever hint the server gave; else exponential backoff."""
    if isinstance(payload.get("retry_after_ms"), (int, float)):  # Matrix
        return max(payload["retry_after_ms"] / 1000, 0.05)
    retry_after = headers.get("Retry-After") if headers else None
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after)
    reset = headers.get("X-RateLimit-Reset") if headers else None  # Rocket.Chat: epoch ms
    if reset and reset.strip().isdigit():
        return max(int(reset) / 1000 - time.time(), 0.05)
    match = re.search(r"wait (\d+) seconds", str(payload.get("error", "")))  # Rocket.Chat text
    if match:
        return float(match.group(1))
    return min(0.5 * 2**attempt, 30.0)


def _why(status: int, payload: dict[str, Any]) -> str:
    code = payload.get("errcode") or payload.get("errorType") or f"HTTP {status}"
    message = payload.get("error") or payload.get("message") or ""
    return f"{code}: {message}" if message else str(code)
