"""``aseagi binder`` and ``aseagi chronology`` run on the DEMO case that the exports tests build."""

from __future__ import annotations

from tests.exports.conftest import demo_folder

__all__ = ["demo_folder"]
