"""The Streamlit dashboards: API clients only (no database access), so they can run on another machine."""
