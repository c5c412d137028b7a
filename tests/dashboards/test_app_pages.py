"""Every page rendered by Streamlit's AppTest against a running API on a seeded database."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from aseagi.dashboards.signin import READ_ONLY, TOKEN_KEY
from tests.dashboards.seed import DOCKET, Seeded

PAGES = Path(__file__).resolve().parents[2] / "src" / "aseagi" / "dashboards" / "views"


SIGNED_IN: dict[str, str] = {}
"""The write session the pages run with (set by ``_environment``)."""


def open_page(name: str, token: str | None, **query: str) -> AppTest:
    """A page as a visitor holding ``token`` (None: signed out), as ``web.py``'s cookie would give it."""
    app = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    if token is not None:
        app.session_state[TOKEN_KEY] = token
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def run_page(name: str, token: str | None = None, **query: str) -> AppTest:
    app = open_page(name, token or SIGNED_IN["write"], **query)
    assert not app.error, [e.value for e in app.error]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture(autouse=True)
def _environment(api_environment: dict[str, str], write_session: str) -> None:
    """Every test here talks to the seeded API, signed in with a write session unless it says otherwise."""
    SIGNED_IN["write"] = write_session


def test_master_shows_counts_charts_and_a_paged_table(seeded: Seeded) -> None:
    app = run_page("master", case=DOCKET)
    assert app.title[0].value == "PROJ344 Master"
    assert metrics(app) == {
        "Documents": "4",
        "Smoking guns": "1",
        "Fraud indicators": "1",
        "Perjury indicators": "1",
    }
    table = app.dataframe[0].value
    assert table.iloc[0]["file_name"] == "minute-order-2025-03-05.pdf"  # sorted by relevancy
    assert list(table["relevancy_score"]) == sorted(table["relevancy_score"], reverse=True)
    assert any("4 documents" in c.value for c in app.caption)


def test_master_filters_go_to_the_server(seeded: Seeded) -> None:
    app = run_page("master", case=DOCKET)
    app.selectbox(key="master-gun").set_value("Yes").run()
    assert list(app.dataframe[0].value["file_name"]) == ["minute-order-2025-03-05.pdf"]
    app.selectbox(key="master-gun").set_value("Any")
    app.text_input(key="master-q").set_value("phone").run()
    names = set(app.dataframe[0].value["file_name"])
    assert names == {"sw-declaration.pdf"} or "phone-log-march.txt" in names


def test_master_opens_a_document_below_when_run_alone(seeded: Seeded) -> None:
    app = run_page("master", case=DOCKET)
    app.selectbox(key="master-open").set_value(str(seeded.declaration_id))
    app.button(key="master-open-open").click().run()
    assert any(s.value == "sw-declaration.pdf" for s in app.subheader)


def test_viewer_highlights_findings_at_their_offsets(seeded: Seeded) -> None:
    app = run_page("document_viewer", case=DOCKET, document=str(seeded.order_id))
    assert any(s.value == "minute-order-2025-03-05.pdf" for s in app.subheader)
    assert metrics(app)["relevancy score"] == "950"
    page_one = "".join(m.value for m in app.markdown)
    assert '<mark class="finding finding-docket"' in page_one
    app.number_input(key=f"page-{seeded.order_id}").set_value(2).run()
    page_two = "".join(m.value for m in app.markdown)
    cited = "Welf. &amp; Inst. Code, § 319, subd. (b)</mark>"
    assert cited in page_two
    assert 'finding-citation" title="citation: WIC 319(b)"' in page_two
    assert any("ab" * 4 in m.value or "SHA-256" in m.value for m in app.markdown)


def test_viewer_page_image_and_custody(
    seeded: Seeded, dashboard_api: str, api_environment: dict[str, str]
) -> None:
    app = run_page("document_viewer", document=str(seeded.order_id))
    app.button(key=f"original-{seeded.order_id}-show").click().run()
    assert not app.exception
    headers = {"Authorization": f"Bearer {api_environment['ASEAGI_API_TOKEN']}"}
    image = httpx.get(f"{dashboard_api}/originals/{seeded.order_id}/pages/2", headers=headers)
    assert image.status_code == 200
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    original = httpx.get(f"{dashboard_api}/originals/{seeded.order_id}", headers=headers)
    assert original.content[:5] == b"%PDF-"
    assert (
        httpx.get(f"{dashboard_api}/originals/{seeded.order_id}/pages/3", headers=headers).status_code == 404
    )


def test_legal_intelligence_counts_contradictions_and_citations(seeded: Seeded) -> None:
    app = run_page("legal_intelligence", case=DOCKET)
    values = metrics(app)
    assert values["Violations"] == "3"
    assert values["Critical"] == "1"
    markdown = " ".join(m.value for m in app.markdown)
    assert "The mother was notified by phone on March 2, 2025." in markdown
    assert "03/02/2025 no calls" in markdown
    assert "phone-log-march.txt" in markdown
    citations = app.dataframe[0].value
    assert "WIC 319(b)" in set(citations["citation"])
    assert "WIC 290.1" in set(citations["citation"])


def test_verify_and_dismiss_write_through_the_api(seeded: Seeded, dashboard_database: str) -> None:
    app = run_page("legal_intelligence", case=DOCKET)
    app.button(key=f"verify-{seeded.critical_violation_id}").click().run()
    assert not app.exception
    app.button(key=f"dismiss-{seeded.high_violation_id}").click().run()
    with psycopg.connect(dashboard_database) as conn:
        statuses = dict(
            conn.execute(
                "SELECT id, review_status FROM legal_violations WHERE id = ANY(%s)",
                ([seeded.critical_violation_id, seeded.high_violation_id],),
            ).fetchall()
        )
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'violation.update' AND resource_id = ANY(%s)"
            " AND actor = 'token:writer (dashboard)'",
            ([str(seeded.critical_violation_id), str(seeded.high_violation_id)],),
        ).fetchone()
    assert statuses == {seeded.critical_violation_id: "verified", seeded.high_violation_id: "dismissed"}
    assert audited is not None
    assert audited[0] == 2
    # Put them back for the other tests.
    with psycopg.connect(dashboard_database) as conn:
        conn.execute("UPDATE legal_violations SET review_status = 'suspected'")


def test_ceo_shows_today(seeded: Seeded) -> None:
    app = run_page("ceo", case=DOCKET)
    values = metrics(app)
    assert values["Documents"] == "4"
    assert values["Smoking guns"] == "1"
    assert values["Critical violations"] == "1"
    assert values["Jurisdiction hearing, Dept. 3"] == str(
        seeded.today.fromordinal(seeded.today.toordinal() + 12)
    )
    deadlines = app.dataframe[0].value
    assert list(deadlines["days_left"]) == [3, 40]
    assert values["Failed (24 h)"] == "1"
    assert values["Running batches"] == "1"


def test_timeline_points_and_exports(seeded: Seeded) -> None:
    app = run_page("timeline", case=DOCKET)
    assert app.title[0].value == "Timeline & Violations"
    assert any("8 points" in c.value for c in app.caption)  # 5 events + 3 dated violations
    assert len(app.get("plotly_chart")) == 1
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Export CSV", "Export ICS"]
    app.multiselect(key="tl-kinds").set_value(["deadline"]).run()
    assert any("2 points" in c.value for c in app.caption)


def test_scanning_monitor_shows_rate_eta_and_failures(seeded: Seeded) -> None:
    app = run_page("scanning_monitor", case=DOCKET)
    assert any("job-demo-1" in m.value for m in app.markdown)
    reasons = app.dataframe[0].value
    assert dict(zip(reasons["reason"], reasons["files"], strict=True)) == {
        "failed: PDF is encrypted": 2,
        "unsupported: unknown format": 1,
    }
    assert "Docs/min (last minute)" in metrics(app)
    assert "ETA" in metrics(app)


def test_empty_state_says_what_to_do(dashboard_database: str, api_environment: dict[str, str]) -> None:
    with psycopg.connect(dashboard_database) as conn:
        conn.execute("INSERT INTO cases (docket_number) VALUES ('JV-2099-000001') ON CONFLICT DO NOTHING")
    app = run_page("master", case="JV-2099-000001")
    assert any("aseagi ingest PATH" in i.value for i in app.info)


@pytest.mark.parametrize("page", ["master", "legal_intelligence", "ceo", "timeline", "scanning_monitor"])
def test_signed_out_sees_only_the_sign_in_page(seeded: Seeded, page: str) -> None:
    app = open_page(page, None, case=DOCKET)
    assert [t.value for t in app.title] == ["ASEAGI · Sign in"]
    assert not app.metric
    assert not app.dataframe
    shown = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert DOCKET not in shown
    assert "aseagi login-link" in shown
    assert not app.sidebar.selectbox  # no case picker


def test_a_read_session_cannot_verify_and_is_told_why(seeded: Seeded, read_session: str) -> None:
    app = run_page("legal_intelligence", read_session, case=DOCKET)
    assert READ_ONLY in [i.value for i in app.info]
    verify = app.button(key=f"verify-{seeded.critical_violation_id}")
    dismiss = app.button(key=f"dismiss-{seeded.high_violation_id}")
    assert verify.disabled
    assert dismiss.disabled
    assert verify.help == READ_ONLY
    monitor = run_page("scanning_monitor", read_session, case=DOCKET)
    assert all(b.disabled for b in monitor.button if b.label in ("Cancel", "Retry failures"))


def test_a_revoked_session_ends_at_the_next_rerun(
    seeded: Seeded, dashboard_api: str, dashboard_database: str
) -> None:
    from tests.dashboards.conftest import sign_in

    token = sign_in(dashboard_api, dashboard_database, "read", "soon-revoked")
    app = run_page("master", token, case=DOCKET)
    assert app.title[0].value == "PROJ344 Master"
    with psycopg.connect(dashboard_database, autocommit=True) as conn:
        conn.execute("UPDATE api_tokens SET revoked_at = now() WHERE name = 'soon-revoked'")
    deadline = time.monotonic() + 10
    while app.title[0].value != "ASEAGI · Sign in" and time.monotonic() < deadline:
        time.sleep(0.5)
        app.run()
    assert app.title[0].value == "ASEAGI · Sign in"
    assert any("session ended" in w.value for w in app.warning)
    assert not app.metric


def test_signing_out_revokes_the_session(seeded: Seeded, dashboard_api: str, dashboard_database: str) -> None:
    from tests.dashboards.conftest import sign_in

    token = sign_in(dashboard_api, dashboard_database, "write", "leaving")
    app = run_page("master", token, case=DOCKET)
    app.button(key="aseagi-signout").click().run()
    assert app.title[0].value == "ASEAGI · Sign in"
    assert any(s.value == "Signed out." for s in app.success)
    answer = httpx.get(f"{dashboard_api}/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
