"""ASEAGI: evidence ingestion and analysis for California juvenile dependency cases."""

__version__ = "0.1.0"
