"""The Timeline page corrects an event through the API (which keeps it and recomputes what follows)."""

from __future__ import annotations

import psycopg
import pytest
from tests.dashboards.seed import DOCKET, Seeded
from tests.dashboards.test_app_pages import SIGNED_IN, run_page


@pytest.fixture(autouse=True)
def _environment(api_environment: dict[str, str], write_session: str) -> None:
    SIGNED_IN["write"] = write_session


def test_a_correction_saved_on_the_timeline_reaches_the_event(
    seeded: Seeded, dashboard_database: str
) -> None:
    app = run_page("timeline", case=DOCKET)
    assert any(e.label == "Correct this event" for e in app.expander)
    key = next(s.key for s in app.selectbox if s.key and s.key.startswith("tl-fix-status-"))
    event_id = key.removeprefix("tl-fix-status-")  # keyed by the event, not its place on the page
    app.selectbox(key=key).set_value("vacated")
    submit = next(b for b in app.button if b.label == "Save correction")
    submit.click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert any("recomputed" in s.value for s in app.success)
    with psycopg.connect(dashboard_database) as conn:
        vacated = [str(r[0]) for r in conn.execute("SELECT id FROM court_events WHERE status = 'vacated'")]
    assert vacated == [event_id]


def test_the_ceo_page_says_what_to_do_next_and_where_it_comes_from(seeded: Seeded) -> None:
    app = run_page("ceo", case=DOCKET)
    heading = next(s.value for s in app.subheader if s.value.startswith("What to do next"))
    assert heading != "What to do next (0)"
    table = app.dataframe[1].value
    assert "deadline" in set(table["kind"])
    assert all(
        origin.split()[0] in ("court_event", "legal_violation", "legal_document") for origin in table["from"]
    )
