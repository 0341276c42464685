"""Helpers shared by the site tests (no tests here): a throwaway site project, the `tohome`
command as a subprocess, a static http server on 127.0.0.1, and a headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

import helpers
from helpers import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GENERATED = ("statistiche", "riferimenti")


# the site tests run the command without TOHOME_LANG (TOHOME_DEBUG passes through)
tohome = functools.partial(helpers.tohome, unset=helpers.NO_LANG)


def site_project(root: Path, release: Path | None) -> Path:
    """A project with what the public site needs and nothing else: no records/ at all."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("config", "schemas", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "docs", root / "docs", ignore=lambda folder, names: [
        n for n in names if Path(folder) == ROOT / "docs" and n in GENERATED])
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if release is not None:
        shutil.copytree(release, root / "release")
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 at a random free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as a URL path relative to the root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def visit_every_page(browser, site: Path) -> dict:
    """Open every page of a built site served on 127.0.0.1; record every request, check that each
    SVG chart is loaded and drawn with a nonzero size. Returns what was seen."""
    from urllib.parse import urlsplit
    requests: list[str] = []
    errors: list[str] = []
    charts: list[tuple] = []
    no_banner: list[str] = []
    all_pages = pages(site)
    with serve(site) as base:
        origin = urlsplit(base).netloc
        tab = browser.new_page()
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for path in all_pages:
            response = tab.goto(base + path, wait_until="networkidle")
            assert response is not None and response.ok, path
            banner = tab.locator(".md-banner")
            if not (banner.count() and banner.first.is_visible() and "Dati sintetici" in banner.first.inner_text()):
                no_banner.append(path)
            for image in tab.locator("img[src$='.svg']").all():
                image.scroll_into_view_if_needed()
                size = image.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width]")
                charts.append((path, image.get_attribute("alt") or "", *size))
        tab.close()
    external = [url for url in requests if urlsplit(url).scheme not in ("data", "blob")
                and (urlsplit(url).scheme not in ("http", "https") or urlsplit(url).netloc != origin)]
    return {"pages": all_pages, "requests": requests, "external": external, "charts": charts, "errors": errors,
            "no_banner": no_banner}
