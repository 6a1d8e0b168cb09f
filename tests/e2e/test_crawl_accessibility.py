"""A crawl of each role's pages in Chromium at 1366 and 390 px: axe-core (from npm, injected by Playwright)
finds no serious or critical violation, and at 390 px nothing scrolls sideways. Screenshots of every page
at both widths go to test-artifacts/screenshots/ (git-ignored).

axe-core is a development dependency in package.json (node_modules/axe-core/axe.min.js); AXE_CORE_JS may
name another copy of axe.min.js. Without it the crawl is skipped locally and fails under CI=true.
"""

import json
import os
import pathlib
import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cases.demo import DEMO_PASSWORD
from tests.e2e.conftest import CHROMIUM, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPO = pathlib.Path(__file__).resolve().parents[2]
AXE = pathlib.Path(os.environ.get("AXE_CORE_JS") or REPO / "node_modules" / "axe-core" / "axe.min.js")
MAX_PAGES = 30
# Links the crawl does not follow: signing out, file bytes, the API and the admin site, exports.
SKIP = re.compile(r"/logout|/download/|/view/$|/api/|/admin/|\.csv|\.xlsx|\.pdf|/export|/print/$|/statistics/")
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "));
}"""
OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# What sticks out on the right (outermost such elements inside a box that does not scroll), to name in a failure.
WIDE = """() => {
  const limit = document.documentElement.clientWidth + 1, out = [];
  const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
    return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const parent = el.parentElement;
    const parentWide = parent && parent !== document.body && parent.getBoundingClientRect().right > limit;
    if (el.getBoundingClientRect().right > limit && !inScroller(el) && !parentWide) {
      const classes = typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes);
    }
    if (out.length >= 4) break;
  }
  return out;
}"""
# Pages every role reaches through the header or footer, visited first so the page budget never leaves them out.
START = ["/glossary/", "/accounts/settings/"]
# Error pages (status >= 400, which the crawl does not follow), checked on their own.
ERROR_PAGES = {"/no-such-page/": 404, "/inbox/read-all/": 405}


# Pages of one kind (a detention, an order...) are crawled once: digits in the path count as one pattern,
# and a list sorted another way is the same page.
def pattern(path: str, query: str) -> str:
    keys = sorted(part.split("=")[0] for part in query.split("&") if part and part.split("=")[0] != "sort")
    return re.sub(r"\d+", "N", path) + ("?" + "&".join(keys) if keys else "")


@pytest.fixture
def axe_source():
    if AXE.exists():
        return AXE
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but axe-core is missing at {AXE}: run npm install")
    pytest.skip(f"axe-core not installed at {AXE} (npm install, or set AXE_CORE_JS)")


def settles(page) -> bool:
    """Whether the page fits the width within 3 s (charts redraw for a new width a moment after a resize)."""
    try:
        page.wait_for_function(OVERFLOW, timeout=3000)
    except PlaywrightTimeout:
        return False
    return True


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def same_site_links(page, base) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        if url.startswith(base) and not SKIP.search(urlparse(url).path) and url not in found:
            found.append(url)
    return found


def crawl(browser, base, username, axe: pathlib.Path) -> dict:
    """Visit up to MAX_PAGES pages breadth-first from the role's home; returns the problems per URL."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, username)
    queue, seen, problems, shots = [page.url] + [base + path for path in START], set(), {}, 0
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        key = pattern(urlparse(url).path, urlparse(url).query)
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(url)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found = []
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.add_script_tag(path=str(axe))
            found += [f"{width}px: {v}" for v in page.evaluate(SERIOUS)]
            if width == 390 and not settles(page):
                found.append("390px: the page scrolls sideways: " + ", ".join(page.evaluate(WIDE)))
            shots += 1
            name = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "home"
            page.screenshot(path=str(SCREENSHOTS / f"crawl-{username}-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})
        if found:
            problems[key] = found
        queue += [link for link in same_site_links(page, base) if link not in queue]
    context.close()
    return {"visited": sorted(seen), "problems": problems}


@pytest.mark.parametrize("username", ["officer", "supervisor", "importer"])
def test_every_page_of_a_roles_crawl_passes_axe_and_fits_390_px(live_server, browser, username, axe_source):
    assert CHROMIUM.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    call_command("seed_demo", verbosity=0)

    result = crawl(browser, live_server.url, username, axe_source)
    (SCREENSHOTS.parent / f"crawl-{username}.json").write_text(json.dumps(result, indent=1))

    assert len(result["visited"]) >= 8, result["visited"]
    assert result["problems"] == {}, "\n".join(f"{url}: {' | '.join(v)}" for url, v in result["problems"].items())


def test_the_error_pages_pass_axe_and_fit_390_px(live_server, browser, axe_source):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    call_command("seed_demo", verbosity=0)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, "officer")
    problems = {}
    for path, status in ERROR_PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        found = []
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.add_script_tag(path=str(axe_source))
            found += [f"{width}px: {v}" for v in page.evaluate(SERIOUS)]
            if width == 390 and not settles(page):
                found.append("390px: the page scrolls sideways: " + ", ".join(page.evaluate(WIDE)))
            page.screenshot(path=str(SCREENSHOTS / f"error-{status}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})
        if found:
            problems[path] = found
    context.close()
    assert problems == {}, problems
