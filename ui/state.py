"""The scope every page shares, kept in the URL so that any view can be shared or bookmarked.

`?lang=vi|en&vintage=2023|2025&province=CODE|all&district=CODE&year=YYYY&meeting=1`. The vintage says which
map of communes the scope is drawn on: 2023 (63 provinces, districts, communes) or 2025 (34 provinces and
their communes, no districts). A province of `all` is the whole country; a district exists only in 2023.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from i18n.markup import markdown_text
from ui import legacy_pages

WHOLE_COUNTRY = "all"  # the URL's word for "no province chosen"
NOT_RESENT = ("import_file_",)  # widget keys whose value the Session State API may not set (uploads)


@dataclass(frozen=True)
class Scope:
    lang: str
    vintage: int
    province_code: str | None  # None: the whole country
    province_name: str  # the country's name when no province is chosen
    district_code: str | None  # 2023 vintage only
    district_name: str | None
    year: int | None  # None: the scope has no data in any year
    meeting: bool = False

    @property
    def level(self) -> str:
        """district, province or country: the smallest place chosen."""
        return "district" if self.district_code else "province" if self.province_code else "country"

    @property
    def place(self) -> str:
        """The chosen place's name, for titles."""
        return self.district_name or self.province_name

    def where(self) -> dict:
        """The scope as the named queries take it."""
        return {"vintage": self.vintage, "province_code": self.province_code, "district_code": self.district_code}


def language_from_url() -> str:
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_changed(url_lang: str) -> bool:
    """True (and the URL now says so) if the language radio was switched on the last click: this run was
    started with the old language in the URL, and would draw the menu and every label in it."""
    chosen = st.session_state.get("lang")
    if chosen not in LANGUAGES or chosen == url_lang:
        return False
    st.query_params["lang"] = chosen
    _resend_choices()
    return True


def _resend_choices() -> None:
    """Give every select box and radio its value again, so the browser shows it in the new language.

    The browser keeps a choice as the words it was shown in; once those words change language it matches
    no option, and a select box goes on showing the old words, a radio shows nothing chosen. A value set
    through the Session State API is sent to the browser anew. Buttons, toggles and uploads (True/False or
    files, whose words do not change) cannot or need not be set this way and are left alone.
    """
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(value, bool) or str(key).startswith(NOT_RESENT):
            continue
        if isinstance(value, (str, int, float, tuple)):  # None is "nothing chosen": no words to resend
            st.session_state[key] = value


def meeting_from_url() -> bool:
    """Meeting mode (?meeting=1): big type, no sidebar, one screen for a projector."""
    return st.query_params.get("meeting", "0") in ("1", "true", "yes")


def set_meeting(on: bool) -> None:
    if on:
        st.query_params["meeting"] = "1"
    else:
        st.session_state["leaving_meeting"] = True
        if "meeting" in st.query_params:
            del st.query_params["meeting"]


def leaving_meeting() -> bool:
    """True once after Exit was pressed in the meeting view (the address is still /meeting then)."""
    return bool(st.session_state.pop("leaving_meeting", False))


def url_value(key: str, default: str | None = None) -> str | None:
    return st.query_params.get(key, default)


def request(**widget_values) -> None:
    """Change the shared scope from a page (a click on the map): applied before the sidebar is drawn."""
    st.session_state["scope_request"] = widget_values
    st.rerun()


def take_request() -> dict:
    """The scope change a page asked for on the previous run, if any (see `request`)."""
    return st.session_state.pop("scope_request", None) or {}


def remember(scope: Scope) -> None:
    st.session_state["scope"] = scope
    wanted = {
        "lang": scope.lang,
        "vintage": str(scope.vintage),
        "province": scope.province_code or WHOLE_COUNTRY,
        "district": scope.district_code,
        "year": None if scope.year is None else str(scope.year),
    }
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def current() -> Scope:
    """The scope chosen in app.py's sidebar (pages are only ever run from app.py)."""
    if "scope" not in st.session_state:
        legacy_pages.route_through_app()
    return st.session_state["scope"]


def stop_unless_district(scope: Scope, t) -> None:
    """For pages about what a district reports (targets, budget, the report check, its documents): at a
    province or the whole country, say so and name the districts that have data, instead of summing reports."""
    if scope.level == "district":
        return
    if scope.vintage != 2023:
        st.info(t("scope.needs_district_2025", place=markdown_text(scope.place)))
        st.stop()
    from ui import data  # the scope module stays importable without a database

    places = data.query("data_scopes")
    places = places[(places["year"] == scope.year) & places["district_code"].notna()]
    if scope.province_code:
        places = places[places["province_code"] == scope.province_code]
    names = ", ".join(markdown_text(name) for name in places["district_name"].dropna().unique()) or "–"
    st.info(t("scope.needs_district", year=scope.year or "–", districts=names))
    st.stop()
