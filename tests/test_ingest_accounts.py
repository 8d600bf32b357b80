"""Editor accounts: salted standard hashes, one message for any wrong sign-in, throttling, the example file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
import unicodedata

from ingest.accounts import (
    FIRST_WAIT_SECONDS,
    MAX_FAILURES,
    WINDOW_SECONDS,
    Throttle,
    accounts_from,
    hash_password,
    sign_in,
    verify_password,
)
from tests.conftest import ROOT


def test_hashes_are_salted_scrypt_and_verify():
    first, second = hash_password("mật khẩu dài 123"), hash_password("mật khẩu dài 123")
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert verify_password("mật khẩu dài 123", first) and verify_password("mật khẩu dài 123", second)
    assert not verify_password("mật khẩu dài 124", first)
    assert verify_password(unicodedata.normalize("NFD", "mật khẩu dài 123"), first)  # typed on another keyboard


def test_pbkdf2_hashes_are_accepted_and_garbage_is_refused():
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"hai muoi ky tu", salt, 100_000)
    import base64

    encoded = f"pbkdf2_sha256$100000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("hai muoi ky tu", encoded) and not verify_password("khac", encoded)
    for broken in (
        "",
        "plain-text-password",
        "scrypt$x$8$1$aa$bb",
        "scrypt$16384$8$1$REPLACE$ME",
        "md5$abc",
        "scrypt$4194304$64$64$AA==$AA==",
    ):
        assert not verify_password("anything", broken)


def test_accounts_come_from_the_editors_tables_of_the_secrets():
    accounts = accounts_from(
        {
            "editors": {
                "Lan": {"name": "Nguyễn Thị Lan", "password_hash": "h1"},
                "broken": {"name": "x"},
                "hai": {"password_hash": "h2"},
            }
        }
    )
    assert (
        set(accounts) == {"lan", "hai"} and accounts["lan"].name == "Nguyễn Thị Lan" and accounts["hai"].name == "hai"
    )
    assert accounts_from({}) == {} and accounts_from(None) == {} and accounts_from({"editors": "nonsense"}) == {}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_wrong_name_and_wrong_password_get_the_same_answer_and_are_throttled():
    accounts = accounts_from({"editors": {"lan": {"password_hash": hash_password("dung-mat-khau")}}})
    clock = Clock()
    throttle = Throttle(clock)
    assert sign_in(accounts, throttle, "nobody", "x").outcome == "wrong"
    assert sign_in(accounts, throttle, "lan", "sai").outcome == "wrong"
    for _ in range(MAX_FAILURES - 1):
        last = sign_in(accounts, throttle, "lan", "sai")
    assert last.outcome == "wrong" and last.wait_seconds == FIRST_WAIT_SECONDS
    refused = sign_in(accounts, throttle, "lan", "dung-mat-khau")  # even the right password must wait
    assert refused.outcome == "throttled" and refused.account is None and 0 < refused.wait_seconds <= FIRST_WAIT_SECONDS
    clock.now += FIRST_WAIT_SECONDS + 1
    assert (
        sign_in(accounts, throttle, "lan", "sai").wait_seconds == 2 * FIRST_WAIT_SECONDS
    )  # each further failure doubles
    clock.now += WINDOW_SECONDS + 1
    ok = sign_in(accounts, throttle, " LAN ", "dung-mat-khau")
    assert ok.outcome == "ok" and ok.account.username == "lan"


def test_failures_from_one_address_are_throttled_across_names():
    throttle = Throttle(Clock())
    for index in range(MAX_FAILURES):
        sign_in({}, throttle, f"user{index}", "x", address="10.0.0.7")
    assert sign_in({}, throttle, "someone-else", "x", address="10.0.0.7").outcome == "throttled"
    assert sign_in({}, throttle, "someone-else", "x", address="10.0.0.8").outcome == "wrong"


def test_the_account_command_prints_lines_that_sign_in():
    result = subprocess.run(
        [sys.executable, "-m", "ingest.accounts", "lan", "--name", "Nguyễn Thị Lan", "--password-stdin"],
        input="mot-mat-khau-dai\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    parsed = tomllib.loads(result.stdout)
    account = accounts_from(parsed)["lan"]
    assert account.name == "Nguyễn Thị Lan" and verify_password("mot-mat-khau-dai", account.password_hash)
    short = subprocess.run(
        [sys.executable, "-m", "ingest.accounts", "lan", "--password-stdin"],
        input="ngan\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert short.returncode == 2


def test_the_example_secrets_file_documents_accounts_and_the_real_one_is_ignored():
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    parsed = tomllib.loads(example)
    assert "python -m ingest.accounts" in example
    account = accounts_from(parsed)["lan"]
    assert not verify_password("", account.password_hash)  # a placeholder: nobody signs in with the example
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()
