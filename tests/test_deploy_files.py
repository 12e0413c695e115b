"""The deployment files (docs/deploy: compose.yaml, Caddyfile, Dockerfile), checked statically against
the application: no container engine can run on the machine they were written on (docs/DEPLOY.md says
why), so what can be checked without one is checked here — every setting the replicas get is a real
``Settings`` field and validates, the replicas share the auth secret, the database, the index server
and the files volume, the service names and ports the URLs name exist, only the proxy publishes ports,
the proxy pins each browser to one of the replicas and health-checks a path that needs no login, and
the image carries the folders the code reads next to its packages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from assistant.settings import Settings

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
# what the guide tells the operator to set (docs/DEPLOY.md, the compose file's header)
OPERATOR_ENV = {"PUBLIC_NAME": "reports.example.org", "POSTGRES_PASSWORD": "pg-secret",
                "REPORT_ASSISTANT_AUTH": "alice:pw-a,bob:pw-b"}
_VAR = re.compile(r"\$\{(\w+)(?::\?[^}]*)?\}")


def _interpolate(value: Any) -> Any:
    """Compose's ``${VAR}`` / ``${VAR:?message}`` with the operator's values (an unknown one fails)."""
    if isinstance(value, str):
        return _VAR.sub(lambda m: OPERATOR_ENV[m.group(1)], value)
    if isinstance(value, dict):
        return {k: _interpolate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v) for v in value]
    return value


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert set(_VAR.findall(text)) <= set(OPERATOR_ENV), "the compose file needs a variable the guide does not name"
    data = _interpolate(yaml.safe_load(text))
    assert isinstance(data, dict)
    return data


def _apps(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in compose["services"].items()
            if any(k.startswith("REPORT_ASSISTANT_") for k in (svc.get("environment") or {}))}


def _caddy() -> str:
    return (DEPLOY / "Caddyfile").read_text(encoding="utf-8")


def test_services_and_two_app_replicas(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"proxy", "postgres", "chroma", "model"} <= set(services)
    apps = _apps(compose)
    assert len(apps) == 2, "two app replicas, each a named service the proxy can pin a browser to"
    for svc in apps.values():
        assert svc["build"]["dockerfile"] == "docs/deploy/Dockerfile"
        assert (DEPLOY.parent.parent / svc["build"]["context"].replace("../..", ".")).resolve() == DEPLOY.parent.parent
        assert "deploy" not in svc or svc["deploy"].get("replicas", 1) == 1


def test_every_replica_setting_is_a_settings_field_and_validates(compose: dict[str, Any],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fields = set(Settings.model_fields)
    for name, svc in _apps(compose).items():
        env = {k: str(v) for k, v in svc["environment"].items()}
        unknown = [k for k in env if k.startswith("REPORT_ASSISTANT_") and k[len("REPORT_ASSISTANT_"):].lower() not in fields]
        assert not unknown, f"{name}: not settings of the app: {unknown}"
        for key in [k for k in list(__import__("os").environ) if k.startswith("REPORT_ASSISTANT_")]:
            monkeypatch.delenv(key)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        assert settings.database_url.startswith("postgresql://") and settings.chroma_url == "http://chroma:8000"
        assert settings.auth is not None and settings.auth.get_secret_value() == OPERATOR_ENV["REPORT_ASSISTANT_AUTH"]
        assert settings.provider == "openai" and settings.host == "0.0.0.0" and settings.port == 7860
        assert settings.files_dir == Path("/srv/files")


def test_replicas_share_the_secret_the_database_the_index_and_the_files(compose: dict[str, Any]) -> None:
    apps = list(_apps(compose).values())
    shared = ("REPORT_ASSISTANT_AUTH", "REPORT_ASSISTANT_DATABASE_URL", "REPORT_ASSISTANT_CHROMA_URL",
              "REPORT_ASSISTANT_FILES_DIR", "REPORT_ASSISTANT_OPENAI_BASE_URL", "REPORT_ASSISTANT_ALLOWED_HOSTS")
    for key in shared:
        assert len({str(a["environment"][key]) for a in apps}) == 1, f"{key} differs between the replicas"
    files_dir = apps[0]["environment"]["REPORT_ASSISTANT_FILES_DIR"]
    data_dir = apps[0]["environment"]["REPORT_ASSISTANT_DATA_DIR"]
    volumes = compose["volumes"]
    for app in apps:
        mounts = dict(m.split(":")[1::-1] for m in app["volumes"])  # container path → source
        assert mounts.get(files_dir) in volumes, "the files folder must be one named volume shared by the replicas"
        assert data_dir not in mounts, "DATA_DIR stays per replica (caches)"


def test_the_urls_name_real_services_and_ports(compose: dict[str, Any]) -> None:
    services = compose["services"]
    env = next(iter(_apps(compose).values()))["environment"]
    db = urlsplit(env["REPORT_ASSISTANT_DATABASE_URL"])
    pg = services[db.hostname]["environment"]
    assert db.port == 5432 and db.username == pg["POSTGRES_USER"] and db.path == "/" + pg["POSTGRES_DB"]
    assert db.password == pg["POSTGRES_PASSWORD"] == OPERATOR_ENV["POSTGRES_PASSWORD"]
    assert urlsplit(env["REPORT_ASSISTANT_CHROMA_URL"]).hostname == "chroma" and "chroma" in services
    model = urlsplit(env["REPORT_ASSISTANT_OPENAI_BASE_URL"])
    command = services[model.hostname]["command"]
    assert str(model.port) == command[command.index("--port") + 1]
    assert command[command.index("--alias") + 1] == env["REPORT_ASSISTANT_OPENAI_MODEL"]
    assert "-np" in command, "the model server runs parallel slots"


def test_only_the_proxy_publishes_ports(compose: dict[str, Any]) -> None:
    published = {name for name, svc in compose["services"].items() if svc.get("ports")}
    assert published == {"proxy"}  # Chroma and the model have no authentication; PostgreSQL stays inside
    assert sorted(compose["services"]["proxy"]["ports"]) == ["443:443", "80:80"]


def test_health_checks_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    for svc in _apps(compose).values():
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        probe = " ".join(svc["healthcheck"]["test"])
        assert "/gradio_api/app_id" in probe and f":{svc['environment']['REPORT_ASSISTANT_PORT']}/" in probe
    assert set(services["proxy"]["depends_on"]) == set(_apps(compose))


def test_the_proxy_pins_browsers_to_every_replica_and_checks_a_path_without_login(compose: dict[str, Any]) -> None:
    caddy = _caddy()
    upstreams = re.search(r"^\s*reverse_proxy\s+([^{]+)\{", caddy, re.M)
    assert upstreams is not None
    port = next(iter(_apps(compose).values()))["environment"]["REPORT_ASSISTANT_PORT"]
    assert set(upstreams.group(1).split()) == {f"{name}:{port}" for name in _apps(compose)}
    assert re.search(r"^\s*lb_policy cookie \w+", caddy, re.M), "sticky sessions: Gradio keeps a page's queue per replica"
    assert re.search(r"^\s*flush_interval -1", caddy, re.M), "streams pass unbuffered"
    health = re.search(r"^\s*health_uri (\S+)", caddy, re.M)
    assert health is not None and health.group(1) == "/gradio_api/app_id"  # /config answers 401 with auth
    hosts = next(iter(_apps(compose).values()))["environment"]["REPORT_ASSISTANT_ALLOWED_HOSTS"].split(",")
    assert OPERATOR_ENV["PUBLIC_NAME"] in hosts, "the page must answer the public name the proxy forwards"
    assert set(_apps(compose)) <= set(hosts), "the proxy's health checks send the replica's name as Host"
    assert "{$PUBLIC_NAME}" in caddy and "PUBLIC_NAME" in compose["services"]["proxy"]["environment"]


def test_the_image_carries_what_the_code_reads_next_to_its_packages() -> None:
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    root = DEPLOY.parent.parent
    copied = set(re.findall(r"^COPY (\S+) ", docker, re.M))
    for folder in ("assistant", "ui", "knowledge", "prompts"):  # settings.PROJECT_ROOT / prompts.PROMPTS_DIR
        assert folder in copied and (root / folder).is_dir()
    assert re.search(r"pip install [^\n]*-e \.", docker), "installed editable: PROJECT_ROOT stays /app"
    assert re.search(r"^USER (?!root)\w+", docker, re.M)
    assert 'CMD ["report-assistant", "ui"]' in docker
