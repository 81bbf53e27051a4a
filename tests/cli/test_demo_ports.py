"""`loonbrug demo --gateway-port/--app-port`: the options parse, and move the APIs the settings name."""

from __future__ import annotations

import pytest

from gateway.cli.demo import with_ports
from gateway.cli.main import build_parser, main
from gateway.settings import Settings


def test_the_port_options_parse() -> None:
    args = build_parser("demo").parse_args(["demo", "--gateway-port", "18000", "--app-port", "18001"])
    assert (args.gateway_port, args.app_port) == (18000, 18001)
    defaults = build_parser("demo").parse_args(["demo"])
    assert (defaults.gateway_port, defaults.app_port) == (None, None)


@pytest.mark.parametrize("bad", ["0", "65536", "-1", "acht", ""])
def test_a_port_that_is_not_one_is_a_usage_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--gateway-port", bad])
    assert stopped.value.code == 2
    assert "geen poortnummer" in capsys.readouterr().err


def test_the_ports_replace_those_of_the_settings_urls() -> None:
    settings = Settings(gateway_url="http://127.0.0.1:8000", app_url="http://localhost:8001/")
    moved = with_ports(settings, gateway_port=18000, app_port=18001)
    assert (moved.gateway_url, moved.app_url) == ("http://127.0.0.1:18000", "http://localhost:18001/")
    kept = with_ports(settings, gateway_port=None, app_port=None)
    assert (kept.gateway_url, kept.app_url) == (settings.gateway_url, settings.app_url)


def test_the_help_names_the_options_and_the_environment_variables(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in ("--gateway-port", "--app-port", "LOONBRUG_GATEWAY_URL", "LOONBRUG_APP_URL"):
        assert name in text
