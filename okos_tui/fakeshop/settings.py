"""Settings of the emulated shop: every timing is a knob, so tests run fast and the demo lives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass
class FakeShopSettings:
    """What the emulated ShopRenter shop is called, who may log in and how it behaves over time."""

    shop_name: str = "demo"
    client_id: str = "okos-demo"
    client_secret: str = "demo-secret"
    basic_user: str = "okos"
    basic_password: str = "demo-pass"
    rate_limit_per_second: int | None = 3
    """Requests allowed in any 1 s sliding window; 0 or None disables the limit."""
    rate_limit_window_seconds: float = 1.0
    token_lifetime_seconds: float = 3600
    order_interval_seconds: float | None = None
    """Seconds between automatically generated orders; None or 0: no automatic orders."""
    seed: int = 42
    seed_orders: int = 40
    seed_products: int = 60
    seed_now: datetime | None = None
    """The 'now' the sample data is dated back from; None: the wall clock at start-up."""
    state_file: Path | None = None
    """JSON file: loaded on start when it exists (instead of seeding), saved after changes."""
    max_batch_requests: int = 200
    max_page_limit: int = 200
    default_page_limit: int = 25

    def __post_init__(self) -> None:
        if self.state_file is not None and not isinstance(self.state_file, Path):
            self.state_file = Path(self.state_file)
        if self.token_lifetime_seconds <= 0:
            raise ValueError("token_lifetime_seconds must be positive")
        if self.order_interval_seconds is not None and self.order_interval_seconds < 0:
            raise ValueError("order_interval_seconds must not be negative")
        if self.rate_limit_per_second is not None and self.rate_limit_per_second < 0:
            raise ValueError("rate_limit_per_second must not be negative")
