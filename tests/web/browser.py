"""What the browser tests share: Debian's chromium driven by Playwright, a live server on committed
data, and axe-core's verdict on a page.

A browser test module defines a module-scoped `live_url` fixture (usually from `live_server()`,
which flushes the database when it stops) and imports the `browser` and `page` fixtures from here
(as `browser_fixture` and `page_fixture`, so that test arguments do not shadow the imports).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT = 30_000  # ms for each action, navigation and assertion: the test machines are loaded

expect.set_options(timeout=TIMEOUT)


@contextmanager
def live_server() -> Iterator[str]:
    """A live server's URL. Its thread sees only committed data (on PostgreSQL): the caller commits
    what it needs (inside django_db_blocker.unblock()); the database is flushed at the end."""
    server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module", name="browser")
def browser_fixture(live_url):
    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install -y chromium"
    # Playwright's sync API keeps an event loop running in this thread, where Django then refuses
    # database work (the test transactions) unless told it is safe: it is, the loop is Playwright's.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # While a loop runs, Django keeps this thread's connections apart (asgiref's Local is a
            # context variable then): the tests' transactions opened one there, which the final
            # close_all() would not see, and PostgreSQL could not drop the test database.
            connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_page(browser, live_url):
    """A page in a new browser context (its own cookies: one user's session) on the live server."""
    context = browser.new_context(base_url=live_url, locale="fr-FR")
    context.set_default_timeout(TIMEOUT)
    return context.new_page()


@pytest.fixture(name="page")
def page_fixture(browser, live_url):
    page = new_page(browser, live_url)
    yield page
    page.context.close()


def blocking_violations(page) -> list:
    """axe-core's serious and critical violations on the page as it is now."""
    return [
        (v["id"], v["impact"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def sign_in(page, email: str, password: str) -> None:
    """Sign in to the workspace (staff pages included) through its login form."""
    page.goto("/espace/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url("**/espace/")
