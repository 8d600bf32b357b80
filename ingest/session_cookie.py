"""Editors kept signed in across reloads: a signed cookie that expires, and the key that signs it.

The cookie holds the account name, the moment it stops being valid and an HMAC-SHA256 over both and over
the account's credential version (derived from its password hash), so it says who signed in and until
when, and nothing else: no password, no hash, no key. Changing an editor's password changes the
credential version and so revokes every cookie made before. Whatever does not verify (a tampered, expired,
foreign or malformed value, an account since removed) is simply not a sign-in.

The key is 32 random bytes made once per installation and kept beside the database (readable by its owner
only), or taken from `.streamlit/secrets.toml` when `[sign_in] cookie_key` is set there. It never leaves
the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ingest.accounts import Account, account_key

COOKIE_NAME = "p8_editor"
DEFAULT_HOURS = 8.0
MAX_HOURS = 24.0 * 30
KEY_BYTES = 32
VERSION = "v1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def credential_version(account: Account) -> str:
    """Changes whenever the account's password (and so its salted hash) changes."""
    return hashlib.sha256(account.password_hash.encode("utf-8")).hexdigest()


def _mac(key: bytes, username: str, expires: int, account: Account) -> bytes:
    message = "\x00".join((VERSION, username, str(expires), credential_version(account))).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).digest()


def sign(account: Account, key: bytes, now: float, hours: float = DEFAULT_HOURS) -> tuple[str, int]:
    """The cookie's value for `account` and how many seconds it is valid."""
    seconds = int(min(max(hours, 0.0), MAX_HOURS) * 3600)
    expires = int(now) + seconds
    value = ".".join((VERSION, _b64(account.username.encode("utf-8")), str(expires)))
    return f"{value}.{_b64(_mac(key, account.username, expires, account))}", seconds


def verify(value: str | None, accounts: Mapping[str, Account], key: bytes, now: float) -> Account | None:
    """The account a cookie value signs for, or None for anything that does not verify right now."""
    try:
        version, name, expires_text, mac = str(value or "").split(".")
        if version != VERSION or not expires_text.isdigit():
            return None
        username = _unb64(name).decode("utf-8")
        account = accounts.get(account_key(username))
        if account is None or account.username != username:
            return None
        expires = int(expires_text)
        genuine = hmac.compare_digest(_unb64(mac), _mac(key, username, expires, account))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    return account if genuine and now < expires else None


def key_from_secret(configured: str) -> bytes:
    """A key given in the secrets as any text: hashed to the length HMAC-SHA256 wants."""
    return hashlib.sha256(configured.encode("utf-8")).digest()


def key_path(database: Path) -> Path:
    return database.with_name(database.name + ".cookie-key")


def installation_key(database: Path) -> bytes | None:
    """The key kept beside the database, made on first use; None when it can be neither read nor made
    (a read-only folder): editors then stay signed in for their session only."""
    path = key_path(database)
    try:
        existing = path.read_bytes()
        if len(existing) == KEY_BYTES:
            return existing
    except FileNotFoundError:
        pass
    except OSError:
        return None
    # Written whole under a private name, then linked into place: two servers starting together agree on one key.
    draft = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None
