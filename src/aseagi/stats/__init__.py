"""Read-only aggregates for the dashboards, computed in SQL (never by loading a table into Python)."""
