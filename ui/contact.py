"""Who users should turn to, as the office running the dashboard sets it in `.streamlit/secrets.toml`:

    [contact]
    name = "Hội LHPN huyện Phong Thổ"
    email = "..."
    phone = "..."

Nothing is assumed when it is not set: the help page then says how to set it.
"""

from __future__ import annotations

import streamlit as st

FIELDS = ("name", "email", "phone")


def contact() -> dict[str, str]:
    try:
        section = st.secrets.get("contact", {})
    except FileNotFoundError:  # no secrets.toml at all
        return {}
    return {field: str(section[field]).strip() for field in FIELDS if str(section.get(field, "")).strip()}
