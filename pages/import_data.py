"""Import data: templates for everyone; sign-in, upload, check, preview, confirm, log and undo for editors.

Layout only: reading, checking and writing are ingest/ (the same steps as `python -m ingest`).
"""

import hashlib

import streamlit as st

from i18n import translator
from i18n.formatting import number
from i18n.markup import markdown_text
from ingest import pipeline, templates
from ingest.accounts import Throttle, accounts_from, sign_in
from ingest.commit import Rejected
from ingest.messages import WARNING, UnusableFile
from ingest.reader import sheet_names
from ingest.report import history_frame, preview_frame, problems_csv, problems_frame
from registry.tables import IMPORT_TABLES
from store.database import DatabaseBusy, database_path
from ui import data, state
from ui import sign_in as sign_in_cookie

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 1000
PREVIEW_ROWS = 20

scope = state.current()
lang = scope.lang
t = translator(lang)
database = database_path()
database_key = data.database_key()


@st.cache_resource(show_spinner=False)
def _throttle() -> Throttle:
    """Failed sign-ins, shared by every session of this server."""
    return Throttle()


@st.cache_resource(show_spinner=False, max_entries=2)
def _places(key: str):
    return pipeline.load_places(database_path())


@st.cache_data(show_spinner=False, max_entries=64)
def _template(table: str, fmt: str, district_code: str, key: str) -> bytes:
    return templates.template(table, fmt, _places(key), district_code)


def _secrets() -> dict:
    try:
        return {"editors": st.secrets.get("editors", {})}
    except FileNotFoundError:  # no secrets.toml at all: nobody can sign in
        return {}


def _editor():
    """The signed-in editor (in this session, or kept by the browser's cookie), or None after showing the
    sign-in form. An editor whose account was removed or whose password changed is signed out."""
    accounts = accounts_from(_secrets())
    account = st.session_state.get("editor") or sign_in_cookie.remembered_editor(accounts)
    if account is not None and accounts.get(account.username) == account:
        st.session_state["editor"] = account
        sign_in_cookie.write_cookie()
        left, right = st.columns([5, 1])
        left.success(t("auth.signed_in", name=markdown_text(account.name)))
        if hours := sign_in_cookie.kept_hours():
            left.caption(t("auth.kept_signed_in", hours=number(hours, lang, 1)))
        if right.button(t("auth.sign_out"), key="sign_out"):
            del st.session_state["editor"]
            sign_in_cookie.forget()
            st.rerun()
        return account
    st.session_state.pop("editor", None)
    sign_in_cookie.write_cookie()
    st.subheader(t("auth.heading"))
    st.caption(t("import.editors_only"))
    if not accounts:
        st.warning(t("auth.no_accounts"))
        return None
    with st.form("sign_in", clear_on_submit=True):
        username = st.text_input(t("auth.username"), key="auth_username")
        password = st.text_input(t("auth.password"), type="password", key="auth_password")
        submitted = st.form_submit_button(t("auth.submit"))
    if submitted:
        result = sign_in(accounts, _throttle(), username, password, address=st.context.ip_address)
        if result.outcome == "ok":
            st.session_state["editor"] = result.account
            sign_in_cookie.remember(result.account)
            st.rerun()
        elif result.outcome == "throttled":
            st.error(t.plural("auth.throttled", result.wait_seconds, seconds=result.wait_seconds))
        elif result.wait_seconds:
            st.error(t.plural("auth.wrong_then_wait", result.wait_seconds, seconds=result.wait_seconds))
        else:
            st.error(t("auth.wrong"))
    return None


def _prepared(uploaded, table: str, sheet: str | None = None):
    """The checked file, kept in the session so that clicking a button does not check it again."""
    payload = uploaded.getvalue()
    signature = (hashlib.sha256(payload).hexdigest(), uploaded.name, table, scope.district_code, database_key, sheet)
    kept = st.session_state.get("import_prepared")
    if kept and kept[0] == signature:
        return kept[1]
    bar = st.progress(0.0, text=t("import.stage.read"))
    try:
        prepared = pipeline.prepare(
            payload,
            uploaded.name,
            database,
            table=table,
            default_district=scope.district_code,
            places=_places(database_key),
            sheet_name=sheet,
            progress=lambda fraction, stage: bar.progress(
                min(max(fraction, 0.0), 1.0), text=t(f"import.stage.{stage}")
            ),
        )
    except UnusableFile as problem:
        bar.empty()
        st.error(t("import.unusable", reason=markdown_text(problem.message(lang))))
        return None
    except DatabaseBusy as error:
        bar.empty()
        st.warning(t("import.busy", detail=markdown_text(error)))
        return None
    bar.empty()
    st.session_state["import_prepared"] = (signature, prepared)
    return prepared


def _describe(prepared) -> None:
    details = prepared.details
    extra = (
        t(
            "import.detected_csv",
            encoding=markdown_text(details["encoding"]),
            delimiter=markdown_text({"\t": "Tab"}.get(details["delimiter"], details["delimiter"])),
        )
        if prepared.kind == "csv"
        else t(
            "import.detected_workbook",
            sheet=markdown_text(details["sheet"]),
            sheets=markdown_text(", ".join(details["sheets"])),
        )
    )
    rows_read = prepared.validated.rows_read
    st.caption(
        t.plural(
            "import.detected",
            rows_read,
            file=markdown_text(prepared.file_name),
            table=markdown_text(prepared.table),
            rows=rows_read,
            kind=prepared.kind.upper(),
            details=extra,
            header_row=details["header_row"],
        )
    )
    if prepared.problems:
        warnings = sum(1 for p in prepared.problems if p.severity == WARNING)
        st.subheader(
            t(
                "import.problems_heading",
                errors=t.plural("import.count.errors", len(prepared.errors)),
                warnings=t.plural("import.count.warnings", warnings),
            )
        )
        st.dataframe(problems_frame(prepared.problems[:PROBLEMS_SHOWN], lang), hide_index=True, width="stretch")
        if len(prepared.problems) > PROBLEMS_SHOWN:
            st.caption(t("import.problems_shown", shown=PROBLEMS_SHOWN, total=len(prepared.problems)))
        st.download_button(
            t("import.problems_download"),
            data=problems_csv(prepared.problems),
            file_name=f"{prepared.file_name.rsplit('.', 1)[0]}_problems.csv",
            mime="text/csv",
            key="problems_download",
        )


def _commit(prepared, editor) -> None:
    with st.spinner(t("import.committing")):
        try:
            entry = pipeline.commit(prepared, database, editor.username, "app")
        except DatabaseBusy as error:
            st.warning(t("import.busy", detail=markdown_text(error)))
            return
        except Rejected as rejected:
            prepared.problems = sorted(prepared.problems + rejected.problems, key=lambda p: p.row or 0)
            st.error(t("import.changed_meanwhile"))
            return
    # The caches of every page are keyed by the database's version (ui/data.py): the next run sees the import.
    st.session_state["import_done"] = entry
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    st.session_state.pop("import_prepared", None)
    st.rerun()


def _upload(editor, table: str) -> None:
    st.subheader(t("import.upload_heading"))
    done = st.session_state.pop("import_done", None)
    if done is not None:
        st.success(
            t.plural(
                "import.done",
                done.rows_removed,
                file=markdown_text(done.file_name),
                id=done.import_id,
                added=done.rows_added,
                updated=done.rows_updated,
                unchanged=done.rows_unchanged,
                removed=done.rows_removed,
            )
        )
    uploaded = st.file_uploader(
        t("import.upload"),
        type=["csv", "xlsx", "xls", "ods", "txt", "tsv"],
        key=f"import_file_{st.session_state.get('import_round', 0)}",
    )
    st.caption(t("import.upload_limit", mb=st.get_option("server.maxUploadSize")))
    if uploaded is None:
        return
    sheets = sheet_names(uploaded.getvalue())
    sheet = None
    if len(sheets) > 1:
        sheet = st.selectbox(
            t("import.sheet"),
            [None, *sheets],
            format_func=lambda name: t("import.sheet_auto") if name is None else name,
            key=f"import_sheet_{hashlib.sha256(uploaded.getvalue()).hexdigest()[:16]}",
        )
    prepared = _prepared(uploaded, table, sheet)
    if prepared is None:
        return
    _describe(prepared)
    if not prepared.ok:
        st.error(t.plural("import.rejected", len(prepared.errors), errors=len(prepared.errors)))
        return
    warnings = len(prepared.problems)
    if warnings:
        st.warning(t.plural("import.warnings_only", warnings, warnings=warnings))
    rows = len(prepared.validated.records)
    st.subheader(t.plural("import.preview_heading", rows, shown=min(PREVIEW_ROWS, rows), rows=rows))
    st.dataframe(
        preview_frame(
            prepared.validated.records,
            IMPORT_TABLES[prepared.table].stored_columns,
            lang,
            PREVIEW_ROWS,
            table=prepared.table,
        ),
        hide_index=True,
        width="stretch",
    )
    plan = prepared.plan
    st.info(
        t(
            "import.plan",
            added=t.plural("import.count.rows", plan.added),
            updated=plan.updated,
            unchanged=plan.unchanged,
            removed=t.plural("import.count.illustrative_rows", plan.removed),
        )
    )
    if plan.removed:
        st.warning(t.plural("import.replaces_illustrative", plan.removed, removed=plan.removed))
        st.warning(
            t.plural(
                "import.places_made_real",
                len(plan.places),
                names=", ".join(markdown_text(f"{place.name} ({place.code})") for place in plan.places),
            )
        )
    if plan.changes == 0:
        st.success(t("import.nothing_to_change"))
    if st.button(t.plural("import.confirm", rows, rows=rows), type="primary", key="import_confirm"):
        _commit(prepared, editor)


def _log_and_undo(editor) -> None:
    st.subheader(t("import.history_heading"))
    undone = st.session_state.pop("import_undone", None)
    if undone is not None:
        st.success(
            t(
                "import.undone",
                id=undone.import_id,
                deleted=t.plural("import.count.rows", undone.rows_deleted),
                restored=t.plural("import.count.rows", undone.rows_restored),
            )
        )
    history = pipeline.history(database)
    if history.empty:
        st.caption(t("import.history_empty"))
        return
    st.dataframe(history_frame(history, lang), hide_index=True, width="stretch")
    last = pipeline.last_undoable(database)
    if last is None:
        return
    st.caption(
        t(
            "import.undo_what",
            id=last["import_id"],
            file=markdown_text(last["file_name"]),
            table=markdown_text(last["table_name"]),
            editor=markdown_text(last["editor"]),
        )
    )
    sure = st.checkbox(t("import.undo_confirm"), key="undo_sure")
    if st.button(t("import.undo", id=last["import_id"]), disabled=not sure, key="undo_button"):
        try:
            result = pipeline.undo_last(database, editor.username, only_id=last["import_id"])
        except DatabaseBusy as error:
            st.warning(t("import.busy", detail=markdown_text(error)))
            return
        if result is None:
            st.info(t("import.nothing_to_undo"))
            return
        st.session_state["import_undone"] = result
        st.session_state.pop("undo_sure", None)
        st.rerun()


st.title(t("import.title"))
st.caption(t("import.intro"))

st.subheader(t("import.templates_heading"))
table = st.selectbox(
    t("import.table"),
    list(IMPORT_TABLES),
    format_func=lambda name: t("import.table." + name),
    key="import_table",
)
left, right = st.columns(2)
left.download_button(
    t("import.download_template_xlsx"),
    data=_template(table, "xlsx", scope.district_code, database_key),
    file_name=templates.file_name(table, "template", "xlsx"),
    mime=XLSX_MIME,
    key="template_xlsx",
)
right.download_button(
    t("import.download_template_csv"),
    data=_template(table, "csv", scope.district_code, database_key),
    file_name=templates.file_name(table, "template", "csv"),
    mime="text/csv",
    key="template_csv",
)
st.caption(t("import.template_caption", district=markdown_text(scope.place)))

editor = _editor()
if editor is not None:
    _upload(editor, table)
    _log_and_undo(editor)
