"""Editor accounts: salted password hashes (scrypt, from the standard library) and sign-in throttling.

Accounts live in .streamlit/secrets.toml (git-ignored), one table per editor:

    [editors.lan]
    name = "Nguyễn Thị Lan"
    password_hash = "scrypt$16384$8$1$<salt>$<hash>"

Make the hash line with `python -m ingest.accounts USERNAME` (it asks for the password twice and
prints the lines to paste). Viewers need no account; only editors may import or undo.

A wrong password gets the same answer as an unknown name (and costs the same time). Failures are
counted three ways within WINDOW_SECONDS, each with its own `Limit`: per account name, per address, and
for the whole server. The address is often unknown (a local run, a proxy that hides it), so the
per-name and the server-wide counts are what slow down someone guessing across many names. Past its
free failures a count makes every attempt wait, twice as long after each further failure, up to a cap:
a stranger can slow a real editor down for a few minutes at most, never lock them out. A successful
sign-in clears only its own name's count.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sys
import threading
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 5 * 60
GLOBAL_FREE_FAILURES = 20
GLOBAL_FIRST_WAIT_SECONDS = 5
GLOBAL_MAX_WAIT_SECONDS = 60
GLOBAL_KEY = "all"
KEYS_KEPT = 10_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(_normal(password), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _normal(password: str) -> bytes:
    # The same password typed on another keyboard may arrive in another Unicode form.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def verify_password(password: str, encoded: str) -> bool:
    """True if `password` matches `encoded` (scrypt$n$r$p$salt$hash or pbkdf2_sha256$iterations$salt$hash)."""
    try:
        scheme, *fields = str(encoded).split("$")
        if scheme == "scrypt" and len(fields) == 5:
            n, r, p = (int(v) for v in fields[:3])
            if n > 2**20 or r > 32 or p > 16:  # refuse parameters that would exhaust the server
                return False
            salt, expected = base64.b64decode(fields[3], validate=True), base64.b64decode(fields[4], validate=True)
            actual = hashlib.scrypt(
                _normal(password), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=256 * 1024 * 1024
            )
        elif scheme == "pbkdf2_sha256" and len(fields) == 3:
            iterations = int(fields[0])
            if iterations > 5_000_000:
                return False
            salt, expected = base64.b64decode(fields[1], validate=True), base64.b64decode(fields[2], validate=True)
            actual = hashlib.pbkdf2_hmac("sha256", _normal(password), salt, iterations, dklen=len(expected))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return bool(expected) and hmac.compare_digest(actual, expected)


_DUMMY_HASH = hash_password("not a password", salt=b"\x00" * 16)


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    password_hash: str


def accounts_from(secrets_mapping: Mapping | None) -> dict[str, Account]:
    """The [editors.*] tables of the secrets; anything malformed is left out."""
    editors = {}
    try:
        section = (secrets_mapping or {}).get("editors", {}) or {}
        for username, fields in dict(section).items():
            fields = dict(fields)
            if isinstance(fields.get("password_hash"), str):
                key = account_key(str(username))
                editors[key] = Account(key, str(fields.get("name") or username), fields["password_hash"])
    except (AttributeError, TypeError, ValueError):
        return editors
    return editors


@dataclass(frozen=True)
class Limit:
    """Failures a count may have within WINDOW_SECONDS before each attempt must wait, and how long."""

    free_failures: int
    first_wait: float
    max_wait: float

    def wait_after(self, failures: int) -> float:
        if failures < self.free_failures:
            return 0.0
        return min(self.first_wait * 2 ** (failures - self.free_failures), self.max_wait)


# A name can be guessed by whoever knows it, and an address may be a proxy that everyone shares, so
# both stop growing at a few minutes; the server-wide count sees every guess, so it lets many pass
# before it slows anyone, and then only briefly.
ACCOUNT_LIMIT = Limit(MAX_FAILURES, FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS)
ADDRESS_LIMIT = Limit(MAX_FAILURES, FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS)
GLOBAL_LIMIT = Limit(GLOBAL_FREE_FAILURES, GLOBAL_FIRST_WAIT_SECONDS, GLOBAL_MAX_WAIT_SECONDS)
LIMITS = {"user": ACCOUNT_LIMIT, "address": ADDRESS_LIMIT, GLOBAL_KEY: GLOBAL_LIMIT}


def _limit_of(key: str) -> Limit:
    return LIMITS[key.split(":", 1)[0]]


class Throttle:
    """Failed sign-ins per key ("user:NAME", "address:IP", "all"), kept in memory for the server's life."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        now = self._clock()
        recent = [t for t in self._failures.get(key, []) if now - t < WINDOW_SECONDS]
        self._failures[key] = recent
        return recent

    def _forget_stale(self) -> None:
        """Guessing across invented names makes a key per name: drop those whose failures are all old."""
        if len(self._failures) > KEYS_KEPT:
            now = self._clock()
            self._failures = {k: v for k, v in self._failures.items() if v and now - v[-1] < WINDOW_SECONDS}

    def wait_seconds(self, keys) -> int:
        """How long these keys must still wait before another attempt (0: go ahead)."""
        with self._lock:
            waits = []
            for key in keys:
                recent = self._recent(key)
                penalty = _limit_of(key).wait_after(len(recent))
                if penalty:
                    waits.append(recent[-1] + penalty - self._clock())
            return max(0, int(max(waits, default=0) + 0.999))

    def failed(self, keys) -> None:
        with self._lock:
            for key in keys:
                self._recent(key).append(self._clock())
            self._forget_stale()

    def succeeded(self, keys) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class SignIn:
    account: Account | None
    outcome: str  # ok | wrong | throttled
    wait_seconds: int = 0


def account_key(username: str) -> str:
    """The name as accounts are keyed: typed in any Unicode form, any case, with stray spaces."""
    return unicodedata.normalize("NFC", username or "").strip().casefold()


def sign_in(
    accounts: Mapping[str, Account], throttle: Throttle, username: str, password: str, address: str | None = None
) -> SignIn:
    key = account_key(username)
    keys = [f"user:{key}", GLOBAL_KEY] + ([f"address:{address}"] if address else [])
    wait = throttle.wait_seconds(keys)
    if wait:
        return SignIn(None, "throttled", wait)
    account = accounts.get(key)
    matches = verify_password(password or "", account.password_hash if account else _DUMMY_HASH)
    if account is None or not matches:
        throttle.failed(keys)
        return SignIn(None, "wrong", throttle.wait_seconds(keys))
    throttle.succeeded([f"user:{key}"])
    return SignIn(account, "ok")


def main(argv: list[str] | None = None) -> int:
    """python -m ingest.accounts USERNAME [--name "Full name"] [--password-stdin]: print the lines to add."""
    import argparse
    import getpass

    parser = argparse.ArgumentParser(
        prog="python -m ingest.accounts", description="Make an editor account for .streamlit/secrets.toml."
    )
    parser.add_argument("username")
    parser.add_argument("--name", help="the editor's full name, shown in the import log")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mật khẩu / password: ")
        if password != getpass.getpass("Nhập lại / again: "):
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    if len(password) < 10:
        print("error: use at least 10 characters", file=sys.stderr)
        return 2
    username = args.username.strip()
    bare = username.replace("_", "").replace("-", "").isascii() and username.replace("_", "").replace("-", "").isalnum()
    print(f"[editors.{username}]" if bare else '[editors."{}"]'.format(username.replace('"', "")))
    print(f'name = "{(args.name or username).replace(chr(34), "")}"')
    print(f'password_hash = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
