"""All dashboards in one Streamlit process and port: ``aseagi dashboards`` (``aseagi up`` starts it).

A visitor who has not signed in gets the sign-in page alone: no navigation, no counts, no case names.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from aseagi.dashboards import signin
from aseagi.dashboards.client import ApiError
from aseagi.dashboards.frame import MULTIPAGE_FLAG

HERE = Path(__file__).parent
PAGES = {
    "master": ("PROJ344 Master", ":material/dashboard:", "master"),
    "legal_intelligence": ("Legal Intelligence", ":material/gavel:", "legal"),
    "ceo": ("CEO Dashboard", ":material/target:", "ceo"),
    "timeline": ("Timeline & Violations", ":material/timeline:", "timeline"),
    "scanning_monitor": ("Scanning Monitor", ":material/radar:", "scanning"),
    "document_viewer": ("Document viewer", ":material/description:", "document"),
}
# file name → (title, icon, URL path); the first is the home page. (A bare string here would be drawn.)


def main() -> None:
    st.set_page_config(page_title="ASEAGI", page_icon="⚖️", layout="wide")
    st.session_state[MULTIPAGE_FLAG] = True
    try:
        visitor = signin.check()  # on every rerun: a revoked or expired session ends here
    except ApiError as exc:
        st.error(str(exc))
        return
    if visitor is None:
        sign_in = st.Page(signin.sign_in_page, title="Sign in", icon=":material/login:", default=True)
        st.navigation([sign_in], position="hidden").run()
        return
    pages = [
        st.Page(HERE / "views" / f"{name}.py", title=title, icon=icon, url_path=path, default=index == 0)
        for index, (name, (title, icon, path)) in enumerate(PAGES.items())
    ]
    navigation = st.navigation(pages)
    signin.sidebar(visitor)
    navigation.run()


main()
