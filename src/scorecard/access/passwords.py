"""Passwords: the rules a new one must meet, and hashing with Argon2id.

argon2-cffi's PasswordHasher keeps its defaults (RFC 9106's low-memory profile), so a
newer release that raises them also upgrades stored hashes: `needs_rehash` tells the
login to hash the password again. A password is only ever held in memory, never
stored, printed or logged."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from scorecard.access.database import AccessError

MIN_LENGTH = 12
HASHER = PasswordHasher()


def check(name: str, password: str) -> None:
    """Refuse a password that breaks the rules, saying which."""
    if len(password) < MIN_LENGTH:
        raise AccessError(
            f"the password for {name} is too short: it needs at least {MIN_LENGTH} characters (it has {len(password)})"
        )
    if name.casefold() in password.casefold():
        raise AccessError(f"the password for {name} must not contain the user name")


def hashed(password: str) -> str:
    return HASHER.hash(password)


def matches(stored: str | None, password: str) -> bool:
    """Whether the password is the one hashed. With no hash (an unknown user) it is
    checked against a dummy hash all the same, so the answer takes as long either way
    and the time taken does not tell which names exist."""
    try:
        return HASHER.verify(stored or _dummy_hash(HASHER), password) and stored is not None
    except VerificationError:
        return False


def needs_rehash(stored: str) -> bool:
    return HASHER.check_needs_rehash(stored)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Made by the hasher in use, so it costs what a real verify costs.
    return hasher.hash("not any user's password")
