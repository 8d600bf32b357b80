"""One translation table: complete in both languages, and every key the code asks for exists."""

import ast
import re
import string
from pathlib import Path

import pytest

from i18n import MissingTranslation, text
from i18n.translations import TEXT

ROOT = Path(__file__).resolve().parent.parent


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    vi, en = TEXT[key]
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en)


def _keys_used() -> set[str]:
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"t", "text"}:
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    used.add(node.args[0].value)
    return used


def test_every_key_used_in_code_exists():
    used = _keys_used()
    assert len(used) > 20
    assert sorted(used - set(TEXT)) == []


def test_unknown_key_raises():
    with pytest.raises(MissingTranslation):
        text("no.such.key")


def test_pages_hold_no_vietnamese_text_of_their_own():
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and not isinstance(getattr(node, "parent", None), ast.Expr):
                if vietnamese.search(node.value) and node.value not in {"Tiếng Việt", "Dự án 8 / Project 8"}:
                    pytest.fail(f"{path.name}: user text outside the translation table: {node.value!r}")


def test_bilingual_notes_show_one_language():
    from i18n import bilingual

    note = "Báo cáo nêu 9 chỉ tiêu nhưng liệt kê 10 / The report announces 9 targets but names 10"
    assert bilingual(note, "vi") == "Báo cáo nêu 9 chỉ tiêu nhưng liệt kê 10"
    assert bilingual(note, "en") == "The report announces 9 targets but names 10"
    assert bilingual("chỉ một ngôn ngữ", "en") == "chỉ một ngôn ngữ" and bilingual(None, "en") == ""
