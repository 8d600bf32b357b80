"""The signed cookie that keeps an editor signed in: it verifies only untouched, unexpired, for the account's
current password, with this installation's key; the key is made once and kept private."""

from __future__ import annotations

import base64
import stat
import subprocess
import sys

import pytest

from ingest.accounts import accounts_from, hash_password
from ingest.session_cookie import (
    DEFAULT_HOURS,
    KEY_BYTES,
    MAX_HOURS,
    installation_key,
    key_from_secret,
    key_path,
    sign,
    verify,
)
from tests.conftest import ROOT

PASSWORD = "mat-khau-cua-lan"
NOW = 1_800_000_000.0
KEY = bytes(range(KEY_BYTES))


@pytest.fixture(scope="module")
def accounts():
    return accounts_from(
        {
            "editors": {
                "lan": {"name": "Nguyễn Thị Lan", "password_hash": hash_password(PASSWORD)},
                "hai": {"name": "Trần Văn Hải", "password_hash": hash_password("mat-khau-cua-hai")},
            }
        }
    )


def test_a_signed_value_verifies_until_it_expires(accounts):
    value, seconds = sign(accounts["lan"], KEY, NOW)
    assert seconds == DEFAULT_HOURS * 3600
    assert verify(value, accounts, KEY, NOW) == accounts["lan"]
    assert verify(value, accounts, KEY, NOW + seconds - 1) == accounts["lan"]
    assert verify(value, accounts, KEY, NOW + seconds) is None
    short, seconds = sign(accounts["lan"], KEY, NOW, hours=0.5)
    assert seconds == 1800 and verify(short, accounts, KEY, NOW + 1801) is None
    assert sign(accounts["lan"], KEY, NOW, hours=10_000)[1] == MAX_HOURS * 3600


def test_the_value_says_who_and_until_when_and_nothing_secret(accounts):
    value, _ = sign(accounts["lan"], KEY, NOW)
    version, name, expires, mac = value.split(".")
    assert base64.urlsafe_b64decode(name + "==").decode() == "lan" and int(expires) == NOW + DEFAULT_HOURS * 3600
    for secret in (PASSWORD, accounts["lan"].password_hash, KEY.hex(), base64.b64encode(KEY).decode()):
        assert secret not in value
    assert all(ch.isalnum() or ch in "._-" for ch in value)  # a cookie value without quoting


def _replace(value: str, index: int, part: str) -> str:
    parts = value.split(".")
    parts[index] = part
    return ".".join(parts)


def test_a_tampered_value_is_refused(accounts):
    value, _ = sign(accounts["lan"], KEY, NOW)
    hai = base64.urlsafe_b64encode(b"hai").decode().rstrip("=")
    later = str(int(value.split(".")[2]) + 3600)
    flipped = value[:-1] + ("A" if value[-1] != "A" else "B")
    for tampered in (_replace(value, 1, hai), _replace(value, 2, later), flipped, _replace(value, 0, "v2")):
        assert verify(tampered, accounts, KEY, NOW) is None
    assert verify(value, accounts, KEY, NOW) == accounts["lan"]  # the untouched value still works


def test_garbage_and_foreign_values_are_ignored_silently(accounts):
    value, _ = sign(accounts["lan"], KEY, NOW)
    assert verify(value, accounts, bytes(KEY_BYTES), NOW) is None  # signed by another installation
    assert verify(value, accounts, key_from_secret("another secret"), NOW) is None
    for garbage in (None, "", "x", "....", "v1.%%%.1.x", "v1.bGFu.-5.AAAA", "v1.bGFu.99999999999.!!", "v1.//8.1.AA"):
        assert verify(garbage, accounts, KEY, NOW) is None


def test_a_new_password_or_a_removed_account_revokes_the_cookie(accounts):
    value, _ = sign(accounts["lan"], KEY, NOW)
    new_password = accounts_from(
        {"editors": {"lan": {"name": "Nguyễn Thị Lan", "password_hash": hash_password("moi")}}}
    )
    assert verify(value, new_password, KEY, NOW) is None
    same_password = accounts_from(
        {"editors": {"lan": {"name": "Nguyễn Thị Lan", "password_hash": accounts["lan"].password_hash}}}
    )
    assert verify(value, same_password, KEY, NOW) == same_password["lan"]
    assert verify(value, {"hai": accounts["hai"]}, KEY, NOW) is None


def test_the_installation_key_is_made_once_beside_the_database_for_its_owner_only(tmp_path):
    database = tmp_path / "p8.duckdb"
    key = installation_key(database)
    assert key is not None and len(key) == KEY_BYTES
    assert installation_key(database) == key and key_path(database).parent == tmp_path
    assert stat.S_IMODE(key_path(database).stat().st_mode) == 0o600
    assert installation_key(tmp_path / "other" / "p8.duckdb") is None  # no such folder: cookies off, no error
    (tmp_path / "elsewhere").mkdir()
    assert installation_key(tmp_path / "elsewhere" / "p8.duckdb") != key
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["p8.duckdb.cookie-key"]  # no drafts left


def test_servers_starting_together_agree_on_one_key(tmp_path):
    database = tmp_path / "p8.duckdb"
    code = (
        "import sys, pathlib; from ingest.session_cookie import installation_key; "
        "print(installation_key(pathlib.Path(sys.argv[1])).hex())"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(database)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert len(keys) == 1 and bytes.fromhex(keys.pop()) == key_path(database).read_bytes()
