"""Keeping an editor signed in across reloads: the cookie of ingest/session_cookie.py in a running app.

Streamlit reads the browser's cookies once, when a session starts (`st.context.cookies`), and offers no
way to set one from the server; a small script shown with `st.html(..., unsafe_allow_javascript=True)`
writes it in the page itself (SameSite=Strict, Secure when the page came over https). The script carries
only the signed value, built here, never anything typed by a user.

Settings, in `.streamlit/secrets.toml` (both optional):

    [sign_in]
    keep_signed_in_hours = 8   # 0: only for the browser tab's session
    cookie_key = "..."         # otherwise a random key is made beside the database
"""

from __future__ import annotations

import json
import time

import streamlit as st

from ingest import session_cookie
from ingest.accounts import Account
from store.database import database_path

WRITE = "editor_cookie_write"  # the value this session must write (an empty string: clear it)
DROPPED = "editor_cookie_dropped"  # the value the browser sent but this session signed out of


def _settings() -> dict:
    try:
        return dict(st.secrets.get("sign_in", {}) or {})
    except (FileNotFoundError, AttributeError, TypeError, ValueError):
        return {}


def _hours() -> float:
    try:
        return float(_settings().get("keep_signed_in_hours", session_cookie.DEFAULT_HOURS))
    except (TypeError, ValueError):
        return session_cookie.DEFAULT_HOURS


def _key() -> bytes | None:
    configured = _settings().get("cookie_key")
    if isinstance(configured, str) and configured.strip():
        return session_cookie.key_from_secret(configured.strip())
    return session_cookie.installation_key(database_path())


def _sent_cookie() -> str | None:
    try:
        value = st.context.cookies.get(session_cookie.COOKIE_NAME)
    except (AttributeError, RuntimeError):
        return None
    return value if isinstance(value, str) else None  # AppTest has no browser: its cookies are stand-ins


def kept_hours() -> float | None:
    """How long a browser keeps an editor signed in, or None when it does not (turned off, or no key)."""
    hours = min(_hours(), session_cookie.MAX_HOURS)
    return hours if hours > 0 and _key() else None


def remembered_editor(accounts: dict[str, Account]) -> Account | None:
    """The editor the browser's cookie signs for, unless this session signed out of it; None otherwise."""
    value = _sent_cookie()
    if not value or value == st.session_state.get(DROPPED) or _hours() <= 0:
        return None
    key = _key()
    return session_cookie.verify(value, accounts, key, time.time()) if key else None


def remember(account: Account) -> None:
    """After a sign-in with a password: the cookie to write on the next runs of this session."""
    hours = _hours()
    key = _key() if hours > 0 else None
    if key is None:
        return
    value, seconds = session_cookie.sign(account, key, time.time(), hours)
    st.session_state[WRITE] = (value, seconds)


def forget() -> None:
    """On sign-out: clear the cookie in the browser, and ignore the one it sent when this session started."""
    st.session_state[DROPPED] = _sent_cookie()
    st.session_state[WRITE] = ("", 0)


def write_cookie() -> None:
    """Shown on every run while a value is due, so a rerun cannot remove the script before it ran."""
    due = st.session_state.get(WRITE)
    if not due:
        return
    value, seconds = due
    cookie = json.dumps(f"{session_cookie.COOKIE_NAME}={value}; Max-Age={int(seconds)}; Path=/; SameSite=Strict")
    st.html(
        f"<script>document.cookie = {cookie} + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
