"""One sync per shop at a time, also across processes sharing the database file.

A lease row per shop names its holder ("host:pid:token") and an expiry. A holder renews it while
it works; a lease whose time ran out, or whose holder process on this machine is gone (killed
mid-sync), can be taken over at once.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from okos_tui.core import clock
from okos_tui.db import ShopState, database

LEASE_SECONDS = 600
"""Renewed after every page; it must outlast the longest a page can take: one request may
wait out 5 attempts of up to 30 s timeouts and Retry-After waits of up to 60 s (about 7
minutes). A killed holder on this machine is taken over at once whatever the expiry."""


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_is_gone(owner: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire(shop: str, owner: str, first_inner_id: int, seconds: int = LEASE_SECONDS) -> bool:
    """Take the shop's lease for `owner`; False if someone else holds a live one."""
    now = clock.now()
    with database.atomic():
        ShopState.insert(shop=shop, next_inner_id=first_inner_id).on_conflict_ignore().execute()
        state = ShopState.get(ShopState.shop == shop)
        held = (
            state.lease_owner
            and state.lease_owner != owner
            and state.lease_expires_at is not None
            and state.lease_expires_at > now
            and not _holder_is_gone(state.lease_owner)
        )
        if held:
            return False
        ShopState.update(
            lease_owner=owner, lease_expires_at=now + timedelta(seconds=seconds)
        ).where(ShopState.id == state.id).execute()
        return True


def renew(shop: str, owner: str, seconds: int = LEASE_SECONDS) -> None:
    with database.atomic():
        ShopState.update(lease_expires_at=clock.now() + timedelta(seconds=seconds)).where(
            (ShopState.shop == shop) & (ShopState.lease_owner == owner)
        ).execute()


def release(shop: str, owner: str) -> None:
    with database.atomic():
        ShopState.update(lease_owner="", lease_expires_at=None).where(
            (ShopState.shop == shop) & (ShopState.lease_owner == owner)
        ).execute()
