"""What production sends over HTTPS: HSTS, a redirect from plain HTTP, and cookies that are
Secure, SameSite and (the session) HttpOnly. The settings are read from a process started
with the production settings, so a change there is what this test sees. (Every HTML page's
own headers are checked by tests/trust_tests/test_url_matrix.py.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_REDIRECT_EXEMPT",
         "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
         "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE",
         "LANGUAGE_COOKIE_SAMESITE", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
         "X_FRAME_OPTIONS"]
SAME_SITE = {"Referer": "https://testserver/accounts/login/"}  # HTTPS CSRF checks it


@pytest.fixture(scope="module")
def production():
    env = {key: value for key, value in os.environ.items()
           if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production",
               SECRET_KEY="k3y-" + "a8Z#" * 16, ALLOWED_HOSTS="testserver",
               REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"))
    script = ("import json, django; django.setup(); from django.conf import settings; "
              f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def as_production(settings, production):
    for name, value in production.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return production


def test_plain_http_is_sent_to_https(as_production, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    assert client.get("/healthz").status_code in (200, 503)  # a probe stays on plain HTTP


def test_https_answers_carry_hsts_and_secure_cookies(as_production, participant):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/", secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = page.cookies["csrftoken"]
    assert (csrf["secure"], csrf["samesite"]) == (True, "Lax")

    response = client.post("/accounts/login/", {
        "login": participant.email, "password": PASSWORD,
        "csrfmiddlewaretoken": csrf.value}, secure=True, headers=SAME_SITE)
    assert response.status_code == 302, response.content[:300]
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")

    token = response.cookies.get("csrftoken", csrf).value
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/",
                                              "csrfmiddlewaretoken": token}, secure=True,
                           headers=SAME_SITE)
    language = response.cookies["leergang_language"]
    assert (language["secure"], language["samesite"]) == (True, "Lax")


def test_proxy_header_counts_as_https_only_when_it_says_so(as_production, client):
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200 and "Strict-Transport-Security" in response
    assert client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="http").status_code == 301
