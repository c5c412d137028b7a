"""What can be checked of the container setup without a Docker engine: every service's command is a
real ``aseagi`` command, ``.env.example`` is a valid configuration, and the image's entry point is the CLI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aseagi.cli.dashboards import PAGE_PORTS
from aseagi.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.mark.parametrize("name", [n for n in SERVICES if "command" in SERVICES[n]])
def test_every_service_command_is_an_aseagi_command(name: str) -> None:
    command = SERVICES[name]["command"]
    result = subprocess.run(
        [sys.executable, "-m", "aseagi", *command, "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"{name}: aseagi {' '.join(command)}: {result.stderr}"


def test_the_image_runs_the_cli_and_defaults_to_the_api() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["aseagi"]' in dockerfile and 'CMD ["api"]' in dockerfile
    assert re.search(r"^USER aseagi$", dockerfile, re.M)
    assert "pip install -c constraints.txt ." in dockerfile
    assert "tesseract-ocr" in dockerfile and "HEALTHCHECK" in dockerfile


def test_services_the_issue_names_with_their_ports_health_and_restart() -> None:
    assert {"db", "api", "worker", "bot", "dashboards"} <= set(SERVICES)
    assert SERVICES["api"]["ports"][0].endswith(":8000:8000")
    assert SERVICES["dashboards"]["ports"][0].endswith(":8501:8501")
    assert "ports" not in SERVICES["worker"] and "container_name" not in SERVICES["worker"]  # --scale
    pages = {
        s["command"][2]: s
        for s in SERVICES.values()
        if s.get("command", [""])[:2] == ["dashboards", "--page"]
    }
    assert set(pages) == set(PAGE_PORTS) - {"master"}
    for page, service in pages.items():
        assert service["ports"][0].endswith(f":{PAGE_PORTS[page]}:{PAGE_PORTS[page]}")
    for name in ("db", "api", "worker", "bot", "dashboards"):
        assert SERVICES[name]["restart"] == "unless-stopped"
        assert "healthcheck" in SERVICES[name] or name == "api"  # api: the image's HEALTHCHECK
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert SERVICES["bot"]["environment"]["ASEAGI_API_URL"] == "http://api:8000"  # the name the bot expects


def test_env_example_is_a_valid_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = env_example()
    assert values["DATABASE_URL"].split("@")[0].endswith(values["POSTGRES_PASSWORD"])
    for name in list(os.environ):
        if name.startswith(("ASEAGI_", "TELEGRAM_", "DATABASE_URL", "ANTHROPIC_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.database_url and settings.database_url.endswith("@db:5432/aseagi")


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose (v1) not installed")
def test_compose_config_validates(tmp_path: Path) -> None:
    """docker-compose v1 knows every key but ``depends_on.required`` (Compose ≥ 2.20): strip that one."""
    (tmp_path / "docker-compose.yml").write_text(
        "".join(
            line
            for line in (ROOT / "docker-compose.yml").read_text().splitlines(keepends=True)
            if "required: false" not in line
        )
    )
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        ["docker-compose", "config", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
