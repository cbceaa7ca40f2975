"""Settings read the environment through config.env; bad values stop start-up by name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env as env_module

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("reader", "name", "value"),
    [
        (lambda n: env_module.flag(n, False), "LG_FLAG", "maybe"),
        (lambda n: env_module.integer(n, 1), "LG_INT", "ten"),
        (lambda n: env_module.database(n, "sqlite:///x"), "LG_DB", "mysql://x/y"),
        (lambda n: env_module.database(n, "sqlite:///x"), "LG_DB", "postgres://host"),
        (env_module.redis, "LG_REDIS", "http://127.0.0.1:6379"),
        (env_module.redis, "LG_REDIS", "redis://127.0.0.1:notaport"),
    ],
)
def test_malformed_variable_is_named(monkeypatch, reader, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as excinfo:
        reader(name)
    assert name in str(excinfo.value)


def test_good_values_are_read(monkeypatch):
    monkeypatch.setenv("LG_FLAG", "yes")
    monkeypatch.setenv("LG_INT", "42")
    monkeypatch.setenv("LG_REDIS", "redis://127.0.0.1:6380")
    monkeypatch.setenv("LG_DB", "postgres://u@127.0.0.1:5432/leergang")
    assert env_module.flag("LG_FLAG", False) is True
    assert env_module.integer("LG_INT", 1) == 42
    assert env_module.redis("LG_REDIS") == "redis://127.0.0.1:6380"
    assert env_module.database("LG_DB", "sqlite:///x")["NAME"] == "leergang"
    assert env_module.redis_db("redis://127.0.0.1:6380", 1) == "redis://127.0.0.1:6380/1"


def _production(extra_env, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_missing_secret():
    result = _production({"ALLOWED_HOSTS": "leergang.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_malformed_database_url():
    result = _production(
        {
            "SECRET_KEY": "x" * 64,
            "ALLOWED_HOSTS": "leergang.example.org",
            "DATABASE_URL": "ftp://nowhere",
        },
        "check",
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_passes_deploy_check_without_warnings():
    result = _production(
        {
            "SECRET_KEY": "k3y-" + "a8Z#" * 16,
            "ALLOWED_HOSTS": "leergang.example.org",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
