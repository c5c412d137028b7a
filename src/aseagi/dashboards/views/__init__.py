"""One file per dashboard; each is a Streamlit script that also runs alone (``aseagi dashboards --page``).

Not named ``pages/``: Streamlit treats a ``pages`` folder beside the main script as the old multipage
mode and never runs ``app.py`` (st.navigation).
"""
