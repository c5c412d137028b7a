"""Plotly figures shared by the pages: compact, readable on a phone."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

SEVERITY_COLORS = {"CRITICAL": "#b71c1c", "HIGH": "#ef6c00", "MEDIUM": "#f9a825", "LOW": "#78909c"}


def compact(figure: go.Figure, height: int = 280) -> go.Figure:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, showlegend=True)
    return figure


def buckets(rows: list[dict[str, Any]], title: str, *, horizontal: bool = False) -> go.Figure:
    """A bar per bucket; keys are categories even when they look like dates (``2025-03``)."""
    frame = pd.DataFrame(rows or [{"key": "none", "count": 0}])
    if horizontal:
        figure = px.bar(frame, x="count", y="key", orientation="h", title=title)
        figure.update_yaxes(title=None, autorange="reversed")
    else:
        figure = px.bar(frame, x="key", y="count", title=title)
        figure.update_xaxes(title=None, type="category")
    return compact(figure)


def score_histograms(bins: list[dict[str, Any]]) -> go.Figure:
    frame = pd.DataFrame(bins or [{"score": "relevancy", "start": 0, "count": 0}])
    frame["bin"] = frame["start"].map(lambda s: f"{s}–{s + 99}")
    figure = px.bar(
        frame,
        x="bin",
        y="count",
        color="score",
        barmode="group",
        title="Score distributions (documents per bin)",
    )
    figure.update_xaxes(title=None)
    return compact(figure, 320)
