"""Every page rendered by Streamlit's AppTest against a running API on a seeded database."""

from __future__ import annotations

from pathlib import Path

import httpx
import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboards.seed import DOCKET, Seeded

PAGES = Path(__file__).resolve().parents[2] / "src" / "aseagi" / "dashboards" / "views"


def run_page(name: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.fixture(autouse=True)
def _environment(api_environment: dict[str, str]) -> None:
    """Every test here talks to the seeded API."""


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
            "SELECT count(*) FROM audit_log WHERE action = 'violation.update' AND resource_id = ANY(%s)",
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
