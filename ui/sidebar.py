"""The sidebar every page shares: language, then the scope (vintage → province → district → year).

The first run of a session starts from the URL (`ui/state.py`); without one, from where the data is: the
newest year with data and the place with the most units holding it (query `data_scopes`). After that the
widgets keep their own state, and a page can move the scope (a click on the map) through `state.request`.
The year picker offers only years with data for the scope (query `years`), newest first by default.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import LANGUAGE_NAMES, LANGUAGES, translator
from i18n.markup import markdown_text
from registry.vintages import VINTAGES
from ui import data, state


def _index(key: str, options: list, wanted, fallback=None) -> int:
    """Where a widget starts: the URL's choice on the first run, else (a value it does not offer) the data's;
    later its own state decides. A URL value it cannot use is noted, to be named to the user."""
    if key in st.session_state:
        return 0
    if state.url_value(key) is not None and wanted not in options:
        st.session_state.setdefault("scope_rejected", []).append(f"{key}={state.url_value(key)}")
    for choice in (wanted, fallback):
        if choice in options:
            return options.index(choice)
    return 0


def _forget_rejected() -> None:
    st.session_state.pop("scope_rejected", None)


def _as_int(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() else None


def _default_scope() -> dict:
    """The newest data's year and place, as URL values (empty when the database holds no data yet)."""
    scopes = data.query("data_scopes")
    if scopes.empty:
        return {}
    first = scopes.iloc[0]
    return {
        "vintage": str(first["vintage"]),
        "province": first["province_code"],
        "district": first["district_code"] if pd.notna(first["district_code"]) else None,
        "year": str(first["year"]),
    }


def _wanted(key: str, defaults: dict) -> str | None:
    """The URL's value for `key`, else the data's default; a URL that names a place keeps that place."""
    from_url = state.url_value(key)
    if from_url is not None:
        return from_url
    if key == "district" and state.url_value("province") is not None:
        return None  # the URL chose a province, not a district in it
    if key == "vintage" and state.url_value("district") is not None:
        return "2023"
    return defaults.get(key)


def _vintage(t, defaults: dict) -> int:
    wanted = _wanted("vintage", defaults)
    options = list(VINTAGES)
    return st.radio(
        t("filter.vintage"),
        options,
        index=_index("vintage", options, _as_int(wanted), _as_int(defaults.get("vintage"))),
        format_func=lambda v: t(f"filter.vintage.{v}"),
        help=t("filter.vintage.help"),
        horizontal=True,
        key="vintage",
        on_change=_forget_rejected,
    )


def _province(t, vintage: int, defaults: dict) -> tuple[str | None, str]:
    provinces = data.query("provinces", vintage=vintage)
    names = dict(zip(provinces["province_code"], provinces["province_name"]))
    options = [state.WHOLE_COUNTRY, *names]
    code = st.selectbox(
        t("filter.province"),
        options,
        index=_index("province", options, _wanted("province", defaults), defaults.get("province")),
        format_func=lambda c: t("scope.country") if c == state.WHOLE_COUNTRY else names[c],
        key="province",
        on_change=_forget_rejected,
    )
    return (None, t("scope.country")) if code == state.WHOLE_COUNTRY else (code, names[code])


def _district(t, province_code: str, defaults: dict) -> tuple[str | None, str | None]:
    districts = data.query("districts", province_code=province_code)
    names = dict(zip(districts["district_code"], districts["district_name"]))
    options = [None, *names]
    code = st.selectbox(
        t("filter.district"),
        options,
        index=_index("district", options, _wanted("district", defaults), defaults.get("district")),
        format_func=lambda c: t("scope.whole_province") if c is None else names[c],
        key="district",
        on_change=_forget_rejected,
    )
    return code, names.get(code)


def _year(t, where: dict, defaults: dict) -> int | None:
    years = [int(y) for y in data.query("years", **where)["year"]]
    options = years[::-1] or [None]
    wanted = _wanted("year", defaults)
    return st.selectbox(
        t("filter.year"),
        options,
        index=_index("year", options, _as_int(wanted)),
        format_func=lambda y: t("filter.no_years") if y is None else str(y),
        help=t("filter.year.help"),
        key="year",
        on_change=_forget_rejected,
    )


def scope_sidebar(lang: str, meeting: bool) -> state.Scope:
    """Draw the shared sidebar and return the scope it shows."""
    for key, value in state.take_request().items():
        st.session_state[key] = value
    with st.sidebar:
        lang = st.radio(
            translator(lang)("filter.language"),
            LANGUAGES,
            index=LANGUAGES.index(lang),
            format_func=LANGUAGE_NAMES.get,
            horizontal=True,
            key="lang",
        )
        t = translator(lang)
        st.subheader(t("filter.heading"))
        defaults = _default_scope()
        vintage = _vintage(t, defaults)
        province_code, province_name = _province(t, vintage, defaults)
        district_code, district_name = (
            _district(t, province_code, defaults) if province_code and vintage == 2023 else (None, None)
        )
        where = {"vintage": vintage, "province_code": province_code, "district_code": district_code}
        year = _year(t, where, defaults)
        rejected = st.session_state.get("scope_rejected")
        if rejected:  # shown until the scope is changed by hand
            st.warning(
                t("filter.url_rejected", values="; ".join(markdown_text(value) for value in rejected)),
                icon=":material/link_off:",
            )
        st.divider()
        st.toggle(
            t("filter.meeting"),
            value=meeting,
            key="meeting_toggle",
            help=t("filter.meeting.help"),
            on_change=lambda: state.set_meeting(st.session_state["meeting_toggle"]),
        )
    return state.Scope(
        lang=lang,
        vintage=vintage,
        province_code=province_code,
        province_name=province_name,
        district_code=district_code,
        district_name=district_name,
        year=year,
        meeting=meeting,
    )
