"""About and help: what each figure means and where it comes from, what "illustrative" means, how to import,
whom to contact, and the data sources with their licences. Layout only: the words are in the catalogue."""

import streamlit as st

from i18n import translator
from i18n.markup import markdown_text
from ui import state
from ui.contact import contact

scope = state.current()
t = translator(scope.lang)

st.title(t("help.title"))
st.markdown(t("help.intro"))

st.subheader(t("help.figures_heading"))
st.markdown(t("help.figures"))

st.subheader(t("help.illustrative_heading"))
st.markdown(t("help.illustrative"))

st.subheader(t("help.pages_heading"))
st.markdown(t("help.pages"))

st.subheader(t("help.import_heading"))
st.markdown(t("help.import"))

st.subheader(t("help.contact_heading"))
who = contact()
if who:
    st.markdown(
        "  \n".join(f"**{t(f'help.contact.{field}')}:** {markdown_text(value)}" for field, value in who.items())
    )
else:
    st.info(t("help.contact_unset"))

st.subheader(t("help.sources_heading"))
st.markdown(t("help.sources"))
