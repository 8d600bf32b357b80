"""The scope every page shares (language, province, district, year), kept in the URL so a view can be bookmarked."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui import legacy_pages

DEFAULT_PROVINCE = "12"  # Lai Châu
DEFAULT_DISTRICT = "109"  # Phong Thổ


@dataclass(frozen=True)
class Scope:
    lang: str
    province_code: str
    province_name: str
    district_code: str
    district_name: str
    year: int | None
    meeting: bool = False


def language_from_url() -> str:
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def meeting_from_url() -> bool:
    """Meeting mode (?meeting=1): big type, no sidebar, one screen for a projector."""
    return st.query_params.get("meeting", "0") in ("1", "true", "yes")


def set_meeting(on: bool) -> None:
    if on:
        st.query_params["meeting"] = "1"
    elif "meeting" in st.query_params:
        del st.query_params["meeting"]


def url_value(key: str, default: str) -> str:
    return st.query_params.get(key, default)


def remember(scope: Scope) -> None:
    st.session_state["scope"] = scope
    wanted = {"lang": scope.lang, "province": scope.province_code, "district": scope.district_code}
    if scope.year is not None:
        wanted["year"] = str(scope.year)
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def current() -> Scope:
    """The scope chosen in app.py's sidebar (pages are only ever run from app.py)."""
    if "scope" not in st.session_state:
        legacy_pages.route_through_app()
    return st.session_state["scope"]
