"""The two catalogues: same keys, complete, same placeholders, Babel's checks pass, and every key the code asks for."""

import ast
import importlib.util
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import i18n
from i18n import (
    LANGUAGES,
    BrokenCatalogue,
    MissingTranslation,
    catalogue_path,
    in_all_languages,
    read_catalogue,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("pages", "ui", "views", "ingest", "queries", "geo", "bench", "store")


@cache
def catalogue(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang, abort_invalid=True)


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    """Key -> its text in every plural form (one form for an ordinary entry)."""
    return {
        m.id[0] if m.pluralizable else m.id: tuple(m.string) if m.pluralizable else (m.string,)
        for m in catalogue(lang)
        if m.id
    }


def plural_keys(lang: str) -> set[str]:
    return {m.id[0] for m in catalogue(lang) if m.id and m.pluralizable}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_hold_exactly_the_same_keys():
    vi, en = entries("vi"), entries("en")
    assert len(vi) > 700
    assert sorted(set(vi) ^ set(en)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_is_written_twice(lang):
    """Babel keeps the last of two equal msgids silently, so count them in the file itself."""
    written = re.findall(r'^msgid "(.+)"$', catalogue_path(lang).read_text(encoding="utf-8"), flags=re.M)
    assert len(written) == len(set(written)) == len(entries(lang))


@pytest.mark.parametrize("key", sorted(entries("vi")))
def test_every_entry_is_translated_with_the_same_placeholders_in_every_form(key):
    forms = entries("vi")[key] + entries("en")[key]
    assert all(form.strip() for form in forms)
    assert all(_fields(form) == _fields(forms[0]) for form in forms), forms


def test_plural_entries_are_plural_in_both_catalogues():
    assert plural_keys("vi") == plural_keys("en")
    for lang in LANGUAGES:
        for message in catalogue(lang):
            if message.id and message.pluralizable:
                assert message.id[0] == message.id[1], f"{lang}: msgid_plural of {message.id[0]} is the key itself"


@pytest.mark.parametrize("lang, forms", [("vi", 1), ("en", 2)])
def test_babel_checks_pass_and_headers_say_the_language(lang, forms):
    po = catalogue(lang)
    assert [(message.id, errors) for message, errors in po.check()] == []
    assert str(po.locale) == lang and po.num_plurals == forms and po.charset.lower() == "utf-8"
    assert not po.fuzzy and all(not message.fuzzy for message in po)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entries_with_placeholders_are_flagged_python_brace_format(lang):
    """The flag lets PO editors (Poedit) check a translator's {placeholders}; Babel drops it when reading."""
    blocks = catalogue_path(lang).read_text(encoding="utf-8").split("\n\n")
    flagged = {re.search(r'^msgid "(.+)"$', b, flags=re.M).group(1) for b in blocks if "python-brace-format" in b}
    needing = {key for key, forms in entries(lang).items() if _fields(forms[0])}
    assert sorted(needing ^ flagged) == []


# ---------------------------------------------------------------- the code's use of the catalogues


def _python_files() -> list[Path]:
    return [ROOT / "app.py", *(path for folder in SCANNED for path in sorted((ROOT / folder).rglob("*.py")))]


def _is_translator(node: ast.AST, names: set[str]) -> bool:
    """`t` (or another name bound to translator(...)) or translator(...) itself."""
    if isinstance(node, ast.Name):
        return node.id in names
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "translator"


def _keys_used(paths: list[Path]) -> tuple[set[str], set[str]]:
    """Literal keys of t("key"), translator(...)("key"), in_all_languages("key") and of t.plural("key", n)."""
    singular, plural = set(), set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = [node for node in ast.walk(tree) if isinstance(node, ast.Assign) and _is_translator(node.value, set())]
        names = {"t"} | {target.id for node in bound for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            func = node.func
            if _is_translator(func, names) or (isinstance(func, ast.Name) and func.id == "in_all_languages"):
                singular.add(node.args[0].value)
            elif isinstance(func, ast.Attribute) and func.attr == "plural" and _is_translator(func.value, names):
                plural.add(node.args[0].value)
    return singular, plural


def test_every_key_used_in_code_exists_in_the_form_asked_for():
    singular, plural = _keys_used(_python_files())
    assert len(singular | plural) > 20
    assert sorted(singular - (set(entries("vi")) - plural_keys("vi"))) == []
    assert sorted(plural - plural_keys("vi")) == []


def test_the_scan_sees_every_way_of_asking(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        'vi = translator("vi")\nt("a.b")\nt.plural("c.d", 2)\ntranslator("en")("e.f")\nvi("g.h")\n'
        'translator(lang).plural("i.j", n)\nin_all_languages("k.l")\nprint("m.n")\n',
        encoding="utf-8",
    )
    assert _keys_used([probe]) == ({"a.b", "e.f", "g.h", "k.l"}, {"c.d", "i.j"})


def test_one_way_to_translate():
    """No lambda or wrapper around the translator, and the old dictionary and text() are gone."""
    for path in (p for p in ROOT.rglob("*.py") if not {".venv", ".git"} & set(p.parts)):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
                named = {target.id for target in node.targets if isinstance(target, ast.Name)}
                assert not named & {"t", "_t"}, path
            if isinstance(node, ast.FunctionDef):
                assert node.name not in ("t", "_t"), f"{path}: {node.name}"
    assert not hasattr(i18n, "text") and not hasattr(i18n, "TEXT")
    assert importlib.util.find_spec("i18n.translations") is None


# ---------------------------------------------------------------- the translator


def test_translator_fills_placeholders_and_is_kept_per_language():
    t = translator("en")
    assert t is translator("en") and t.lang == "en"
    assert t("overview.title", district="Phong Thổ", year=2023) == "Project 8 overview — Phong Thổ, 2023"
    assert translator("vi")("nav.overview") == "Tổng quan" and t.has("nav.overview") and not t.has("no.such.key")


def test_unknown_key_or_language_raises():
    with pytest.raises(MissingTranslation):
        translator("vi")("no.such.key")
    with pytest.raises(MissingTranslation):
        translator("en").plural("no.such.key", 2)
    with pytest.raises(MissingTranslation):
        translator("en").plural("nav.overview", 2)  # an ordinary entry has no plural forms
    with pytest.raises(ValueError):
        translator("fr")


COUNTED = (
    "tables.rows",
    "overview.map_caption",
    "map.caption",
    "documents.count",
    "import.detected",
    "import.rejected",
    "import.warnings_only",
    "import.confirm",
    "import.done",
    "import.count.rows",
    "import.count.errors",
    "underserved.caption.ranked",
    "reason.no_club",
    "auth.throttled",
)


def test_messages_that_count_things_are_plural_entries():
    assert sorted(set(COUNTED) - plural_keys("en")) == []


def test_plural_forms_follow_each_languages_grammar():
    en, vi = translator("en"), translator("vi")
    assert [en.plural("tables.rows", n, rows=n) for n in (0, 1, 2)] == ["0 rows", "1 row", "2 rows"]
    assert [vi.plural("tables.rows", n, rows=n) for n in (1, 2)] == ["1 dòng", "2 dòng"]
    assert en.plural("import.count.errors", 1) == "1 error" and vi.plural("import.count.errors", 5) == "5 lỗi"
    heading = en(
        "import.problems_heading",
        errors=en.plural("import.count.errors", 1),
        warnings=en.plural("import.count.warnings", 3),
    )
    assert heading == "Errors and warnings (1 error, 3 warnings)"


def test_in_all_languages_gives_each_language():
    assert in_all_languages("import.column.communicators") == {"vi": "Số truyền thông viên", "en": "Communicators"}


PO_WITH_PLURAL = r"""msgid ""
msgstr ""
"Language: en\n"
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#, python-brace-format
msgid "files"
msgid_plural "files"
msgstr[0] "{n} file in {place}"
msgstr[1] "{n} files in {place}"

msgid "untranslated"
msgstr ""
"""


def test_plural_passes_the_count_as_n_and_untranslated_entries_count_as_missing(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(PO_WITH_PLURAL, encoding="utf-8")
    t = read_catalogue(path, "en")
    assert t.plural("files", 1, place="Mù Sang") == "1 file in Mù Sang"
    assert t.plural("files", 3, place="Mù Sang", n="three") == "three files in Mù Sang"
    with pytest.raises(MissingTranslation):
        t("files")  # a plural entry needs its count
    with pytest.raises(MissingTranslation):
        t("untranslated")
    with pytest.raises(TypeError):
        t.plural("files", 2.5, place="x")


@pytest.mark.parametrize(
    "broken",
    [
        b'msgid "a"\nmsgstr "b"\nmsgtxt "c"\n',
        PO_WITH_PLURAL.replace('msgstr[1] "{n} files in {place}"', 'msgstr[1] "x"\nmsgstr[2] "y"').encode(),
        'msgid "a"\nmsgstr "Mù Sang"\n'.encode("cp1258"),
        None,
    ],
)
def test_a_broken_or_missing_catalogue_names_its_file(tmp_path, broken):
    path = tmp_path / "broken.po"
    if broken is not None:
        path.write_bytes(broken)
    with pytest.raises(BrokenCatalogue, match="broken.po"):
        read_catalogue(path, "en")


# ---------------------------------------------------------------- pages and data notes


def test_pages_hold_no_vietnamese_text_of_their_own():
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and not isinstance(getattr(node, "parent", None), ast.Expr)
            ):
                if vietnamese.search(node.value) and node.value not in {"Tiếng Việt", "Dự án 8 / Project 8"}:
                    pytest.fail(f"{path.name}: user text outside the catalogues: {node.value!r}")


def test_bilingual_notes_show_one_language():
    from i18n import bilingual

    note = "Báo cáo nêu 9 chỉ tiêu nhưng liệt kê 10 / The report announces 9 targets but names 10"
    assert bilingual(note, "vi") == "Báo cáo nêu 9 chỉ tiêu nhưng liệt kê 10"
    assert bilingual(note, "en") == "The report announces 9 targets but names 10"
    assert bilingual("chỉ một ngôn ngữ", "en") == "chỉ một ngôn ngữ" and bilingual(None, "en") == ""


def test_a_moment_stored_in_utc_is_shown_on_the_clock_of_viet_nam():
    import datetime

    import pandas as pd

    from i18n.formatting import local_time
    from ingest.report import history_frame

    late = datetime.datetime(2026, 12, 1, 20, 30)  # UTC: already the next morning in Viet Nam
    assert local_time(late, "vi") == "02/12/2026 03:30" and local_time(late, "en") == "2 Dec 2026 03:30"
    assert local_time(late.replace(tzinfo=datetime.UTC), "vi") == "02/12/2026 03:30" and local_time(None) == ""
    log = pd.DataFrame({"import_id": [1], "imported_at": [late], "file_sha256": ["ab" * 32], "undone_at": [None]})
    shown = history_frame(log, "vi")
    assert shown["Thời điểm (giờ Việt Nam)"].tolist() == ["02/12/2026 03:30"]
