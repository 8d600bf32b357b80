"""Editor accounts: salted standard hashes, one message for any wrong sign-in, throttling, the example file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
import unicodedata

import pytest

from ingest.accounts import (
    ACCOUNT_LIMIT,
    FIRST_WAIT_SECONDS,
    GLOBAL_LIMIT,
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


def _guess_across_names(throttle: Throttle, clock: Clock, accounts, count: int, address=None) -> list:
    """`count` wrong guesses, each under a new name, each as soon as the throttle lets it through."""
    answers = []
    for index in range(count):
        answer = sign_in(accounts, throttle, f"guess{index}", "x", address=address)
        while answer.outcome == "throttled":
            clock.now += answer.wait_seconds
            answer = sign_in(accounts, throttle, f"guess{index}", "x", address=address)
        answers.append(answer)
    return answers


def test_guessing_across_names_from_an_unknown_address_is_slowed_down_up_to_a_cap():
    clock = Clock()
    throttle = Throttle(clock)
    start = clock.now
    answers = _guess_across_names(throttle, clock, {}, GLOBAL_LIMIT.free_failures + 8)
    waits = [answer.wait_seconds for answer in answers]
    assert waits[: GLOBAL_LIMIT.free_failures - 1] == [0] * (GLOBAL_LIMIT.free_failures - 1)
    growing = waits[GLOBAL_LIMIT.free_failures - 1 :]
    assert growing[0] == GLOBAL_LIMIT.first_wait and growing == sorted(growing)
    assert max(growing) == GLOBAL_LIMIT.max_wait  # it grows, then stays at the cap: slowed, never locked out
    assert sign_in({}, throttle, "one-more-name", "x").outcome == "throttled"
    assert clock.now - start >= sum(growing[:-1])  # the guesses above cost this much waiting


@pytest.mark.parametrize("address", [None, "10.0.0.1"])  # unknown, or a proxy the editor shares
def test_a_stranger_slows_a_named_editor_down_for_minutes_at_most(address):
    accounts = accounts_from({"editors": {"lan": {"password_hash": hash_password("dung-mat-khau")}}})
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(40):
        answer = sign_in(accounts, throttle, "lan", "sai", address=address)
        if answer.outcome == "throttled":
            clock.now += answer.wait_seconds
    refused = sign_in(accounts, throttle, "lan", "dung-mat-khau", address=address)
    assert refused.outcome == "throttled" and 0 < refused.wait_seconds <= ACCOUNT_LIMIT.max_wait == 5 * 60
    clock.now += refused.wait_seconds
    assert sign_in(accounts, throttle, "lan", "dung-mat-khau", address=address).outcome == "ok"


def test_signing_in_to_one_account_does_not_clear_the_count_of_everyone():
    accounts = accounts_from({"editors": {"lan": {"password_hash": hash_password("dung-mat-khau")}}})
    clock = Clock()
    throttle = Throttle(clock)
    _guess_across_names(throttle, clock, accounts, GLOBAL_LIMIT.free_failures)
    waited = sign_in(accounts, throttle, "lan", "dung-mat-khau")
    assert waited.outcome == "throttled" and waited.wait_seconds == GLOBAL_LIMIT.first_wait  # the editor, too
    clock.now += waited.wait_seconds
    assert sign_in(accounts, throttle, "lan", "dung-mat-khau").outcome == "ok"
    assert sign_in(accounts, throttle, "another-guess", "x").wait_seconds == 2 * GLOBAL_LIMIT.first_wait


def test_invented_names_do_not_fill_the_memory(monkeypatch):
    import ingest.accounts as accounts_module

    monkeypatch.setattr(accounts_module, "KEYS_KEPT", 50)
    clock = Clock()
    throttle = Throttle(clock)
    for index in range(40):
        sign_in({}, throttle, f"old{index}", "x", address=f"10.0.0.{index}")
        clock.now += 1
    clock.now += WINDOW_SECONDS
    _guess_across_names(throttle, clock, {}, 5)
    assert len(throttle._failures) <= 50


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
