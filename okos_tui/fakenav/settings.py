"""Who may log in to the emulated NAV, whom it knows, and how fast it works: every timing is a
knob (the clock too), so tests run fast and deterministically."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from okos_tui.nav.security import EXCHANGE_KEY_BYTES, password_hash

LOGIN_PATTERN = re.compile(r"[a-zA-Z0-9]{6,15}")
"""`common:LoginType`."""
TAXPAYER_ID_PATTERN = re.compile(r"[0-9]{8}")


def utc_now() -> datetime:
    return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: token expiry, the ±1 day timestamp window and the
    processing pace become testable without sleeping. Pass it as `FakeNavSettings.clock`."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or utc_now()
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        """Move forward by `seconds` (and/or timedelta keywords: minutes=5, days=2)."""
        with self._lock:
            self._now += timedelta(seconds=seconds, **delta)
            return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        with self._lock:
            self._now = moment.astimezone(UTC)


@dataclass(frozen=True)
class TechnicalUser:
    """A technical user as the taxpayer creates it on NAV's web UI (test credentials only)."""

    login: str
    password: str
    signature_key: str
    exchange_key: str
    taxpayer_id: str
    """The first 8 digits of the taxpayer's tax number: `common:taxNumber` of its requests."""

    def __post_init__(self) -> None:
        if not LOGIN_PATTERN.fullmatch(self.login):
            raise ValueError(f"a NAV login is 6-15 letters or digits, not {self.login!r}")
        if len(self.exchange_key.encode("utf-8")) != EXCHANGE_KEY_BYTES:
            raise ValueError(f"the exchange key must be {EXCHANGE_KEY_BYTES} characters")
        if not TAXPAYER_ID_PATTERN.fullmatch(self.taxpayer_id):
            raise ValueError(f"a taxpayer id is 8 digits, not {self.taxpayer_id!r}")
        if not self.password or not self.signature_key:
            raise ValueError("a technical user needs a password and a signature key")

    @property
    def password_hash(self) -> str:
        return password_hash(self.password)


@dataclass(frozen=True)
class Taxpayer:
    """A taxpayer `queryTaxpayer` knows; `valid=False` answers taxpayerValidity false."""

    taxpayer_id: str
    name: str
    vat_code: str = "2"
    county_code: str = "41"
    valid: bool = True
    incorporation: str = "ORGANIZATION"
    postal_code: str = "1111"
    city: str = "Budapest"
    street_name: str = "Teszt"
    public_place_category: str = "utca"
    number: str = "1"

    def __post_init__(self) -> None:
        if not TAXPAYER_ID_PATTERN.fullmatch(self.taxpayer_id):
            raise ValueError(f"a taxpayer id is 8 digits, not {self.taxpayer_id!r}")


@dataclass(frozen=True)
class Pace:
    """How fast a submitted invoice moves RECEIVED -> PROCESSING -> DONE/ABORTED.

    A transaction is processed by the `finish_after_queries`-th queryTransactionStatus of it,
    or once `finish_after_seconds` have passed (None: never by time alone), whichever comes
    first. Earlier status queries see RECEIVED (the first) and PROCESSING (later ones).
    Transactions are always processed in the order they arrived.
    """

    finish_after_queries: int = 2
    finish_after_seconds: float | None = 1.0

    def __post_init__(self) -> None:
        if self.finish_after_queries < 1:
            raise ValueError("finish_after_queries must be at least 1")
        if self.finish_after_seconds is not None and self.finish_after_seconds < 0:
            raise ValueError("finish_after_seconds must not be negative")


INSTANT = Pace(finish_after_queries=1, finish_after_seconds=0.0)
"""Processed before anyone can look: the first status query already sees DONE or ABORTED."""

DEFAULT_USER = TechnicalUser(
    login="okosnavteszt1",
    password="Teszt-Jelszo-2024",
    signature_key="a1-b2c3-d4e5f6a7b8c9OKOSTESZT001",
    exchange_key="OkosCsereKulcs01",
    taxpayer_id="12345676",
)
"""The test user of `okos fake-nav`: the taxpayer of the sample okos.toml (12345676-2-08)."""

DEFAULT_TAXPAYERS: tuple[Taxpayer, ...] = (
    Taxpayer("12345676", "Minta Webáruház Kft.", county_code="08"),
    Taxpayer("99999999", "Értékesítő Kft", county_code="41", street_name="Hármas"),
    Taxpayer("11111111", "Teszt Vevő Zrt.", county_code="42", city="Budapest"),
    Taxpayer("22222222", "Minta Beszállító Kft.", county_code="13", city="Szentendre"),
    Taxpayer("24687531", "Kovács és Társa Bt.", county_code="03", city="Kecskemét"),
    Taxpayer("88888888", "Megszűnt Teszt Kft.", valid=False),
)
"""Known to queryTaxpayer; 88888888 exists but is no longer valid."""

HUNGARIAN_VAT_RATES = frozenset({Decimal("0.05"), Decimal("0.18"), Decimal("0.27")})


@dataclass
class FakeNavSettings:
    """The emulated NAV's users, taxpayers, clock and timings."""

    users: tuple[TechnicalUser, ...] = (DEFAULT_USER,)
    taxpayers: tuple[Taxpayer, ...] = DEFAULT_TAXPAYERS
    pace: Pace = field(default_factory=Pace)
    token_lifetime_seconds: float = 300
    """The exchange token's validity (NAV: 5 minutes)."""
    timestamp_tolerance: timedelta = timedelta(days=1)
    """How far the request's header timestamp may be from the server's time (NAV: ±1 day)."""
    auto_approve_annulments: bool = True
    """True: a technical annulment takes effect once processed; False: only after
    `FakeNav.approve_annulment` (on the real NAV a person approves it on the web UI)."""
    vat_rates: frozenset[Decimal] = HUNGARIAN_VAT_RATES
    """The vatPercentage values accepted; any other is INVALID_VAT_DATA."""
    page_size: int = 50
    """Transactions per page of queryTransactionList."""
    state_file: Path | None = None
    """JSON file: loaded on start when it exists, saved after every change."""
    clock: Callable[[], datetime] = utc_now
    """The server's time (aware, UTC); a `ManualClock` in tests."""

    def __post_init__(self) -> None:
        if self.state_file is not None and not isinstance(self.state_file, Path):
            self.state_file = Path(self.state_file)
        if not self.users:
            raise ValueError("the emulated NAV needs at least one technical user")
        logins = [user.login for user in self.users]
        if len(set(logins)) != len(logins):
            raise ValueError("two technical users share a login")
        if self.token_lifetime_seconds <= 0:
            raise ValueError("token_lifetime_seconds must be positive")
        if self.page_size < 1:
            raise ValueError("page_size must be at least 1")

    def user(self, login: str) -> TechnicalUser | None:
        return next((user for user in self.users if user.login == login), None)

    def taxpayer(self, taxpayer_id: str) -> Taxpayer | None:
        """A known taxpayer; every technical user's own taxpayer is known even if not listed."""
        found = next((t for t in self.taxpayers if t.taxpayer_id == taxpayer_id), None)
        if found is None and any(user.taxpayer_id == taxpayer_id for user in self.users):
            return Taxpayer(taxpayer_id, f"Teszt Adózó {taxpayer_id}")
        return found
