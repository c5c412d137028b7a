"""One file per dashboard; each is a Streamlit script that also runs alone (``aseagi dashboards --page``)."""
