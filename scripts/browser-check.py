#!/usr/bin/env python3
"""Checks the web UI's layout in a real headless Chromium (selenium), with
script on and off, and takes screenshots at 800, 1400 and 2200 px wide.

    scripts/browser-check.py URL [--compare URL] [--goroutines URL] [--out DIR]

URL serves a profile (the flame graph, Top, Source of a function whose file
is missing); --compare serves one with a base (side by side); --goroutines a
goroutine profile. Prints one line per check ("ok ..." or "FAIL ...") and
exits 1 when a check fails, 2 when the browser cannot start. Screenshots go
to DIR/<page>-<width>-<js|nojs>.png. Needs Debian's chromium and
chromium-driver and selenium from PyPI; the Swift test
(BrowserLayoutTests) runs it and skips when they are missing.
"""
import argparse
import os
import shutil
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

WIDTHS = (800, 1400, 2200)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def browser(script):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(arg)
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe:
        options.binary_location = exe
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    if not script:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    return driver


def size(driver, width):
    # The window's inner width is what pages lay out for.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})


def load(driver, url, settle=True):
    driver.get(url)
    if settle:
        # The flame graph page may reload once with its width.
        time.sleep(0.6)
        for _ in range(20):
            if driver.execute_script("return document.readyState") == "complete":
                break
            time.sleep(0.1)


def start(driver, script, width, url, settle=True):
    """Sizes the window, loads url; returns "js" or "nojs" for the messages."""
    size(driver, width)
    load(driver, url, settle)
    return "js" if script else "nojs"


def js(driver, code):
    return driver.execute_script(code)


def shot(driver, out, name):
    if out:
        driver.save_screenshot(os.path.join(out, name + ".png"))


def luminance(colour):
    # "rgb(r, g, b)" or "rgba(r, g, b, a)"
    parts = [float(p) for p in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    return (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255


def flame_checks(driver, base, script, width, out):
    mode = start(driver, script, width, base + "/ui/flamegraph")
    svg = driver.find_element(By.CSS_SELECTOR, "svg.flame")
    drawn = float(svg.get_attribute("data-width"))
    shown = js(driver, "return document.querySelector('svg.flame').getBoundingClientRect().width")
    check(abs(shown - drawn) < 1.5, f"flame {width}px {mode}: drawn at one unit per pixel ({drawn} units, {shown:.1f}px)")
    font = js(driver, "var t = document.querySelector('svg.flame text'); return t ? t.getBoundingClientRect().height : 0")
    check(11 <= font <= 17, f"flame {width}px {mode}: label text {font:.1f}px high (12px font)")
    overflow = js(driver, "return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"flame {width}px {mode}: the page does not scroll sideways ({overflow}px)")
    if script:
        main = js(driver, "var m = document.querySelector('main'); return m.clientWidth")
        check(drawn >= main - 80 and drawn <= main, f"flame {width}px js: laid out for the window ({drawn} units in {main}px)")
        titles = js(driver, "return document.querySelectorAll('svg.flame g.f title').length")
        check(titles == 0, "flame js: tooltips replaced by the status line")
        boxes = driver.find_elements(By.CSS_SELECTOR, "svg.flame g.f:not(.pruned)")
        target = boxes[min(2, len(boxes) - 1)]
        ActionChains(driver).move_to_element(target).perform()
        status = driver.find_element(By.ID, "flame-status")
        text = status.text
        check(status.is_displayed() and "Total:" in text and "Self:" in text,
              f"flame js: hover shows the status line at once ({text[:60]!r})")
        same = js(driver, "return document.querySelectorAll('svg.flame g.same').length")
        check(same >= 1, f"flame js: hover outlines the hovered box ({same})")
    else:
        check(drawn == 1200, f"flame {width}px nojs: the default width without script ({drawn})")
        titles = js(driver, "return document.querySelectorAll('svg.flame g.f title').length")
        check(titles > 0, "flame nojs: each box keeps its tooltip")
        status = js(driver, "var s = document.getElementById('flame-status'); return s ? s.hidden : true")
        check(status, "flame nojs: no status line")
    shot(driver, out, f"flamegraph-{width}-{mode}")


def page_checks(driver, base, script, width, out):
    mode = start(driver, script, width, base + "/ui/top?q=main", settle=False)
    row = js(driver, "var r = document.querySelector('table.report tr.m td'); return r ? getComputedStyle(r).backgroundColor : ''")
    check(row != "" and row not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), f"top {width}px {mode}: search matches filled ({row})")
    align = js(driver, "var c = document.querySelector('table.report td.num'); var s = getComputedStyle(c); return s.textAlign + ' ' + s.fontVariantNumeric")
    check(align.startswith("right") and "tabular-nums" in align, f"top {width}px {mode}: numbers right-aligned, tabular ({align})")
    overflow = js(driver, "return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"top {width}px {mode}: the page does not scroll sideways ({overflow}px)")
    shot(driver, out, f"top-{width}-{mode}")
    load(driver, base + "/ui/source?f=main.leakHeap", settle=False)
    cells = js(driver, "return Array.from(document.querySelectorAll('table.source td.code')).map(c => c.textContent)")
    check(len(cells) > 0 and all(c == "???" for c in cells), f"source {width}px {mode}: sampled lines shown without the file ({len(cells)})")
    shot(driver, out, f"source-missing-{width}-{mode}")
    load(driver, base + "/ui/nothing-here", settle=False)
    nav = js(driver, "return document.querySelectorAll('nav.views a').length")
    check(nav >= 5, f"404 {width}px {mode}: the page has the navigation ({nav} links)")
    shot(driver, out, f"notfound-{width}-{mode}")


def theme_checks(driver, base, out):
    size(driver, 1400)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    load(driver, base + "/ui/top")
    background = js(driver, "return getComputedStyle(document.documentElement).backgroundColor")
    check(luminance(background) < 0.2, f"dark theme follows prefers-color-scheme ({background})")
    shot(driver, out, "top-1400-dark")
    load(driver, base + "/ui/flamegraph")
    shot(driver, out, "flamegraph-1400-dark")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    load(driver, base + "/ui/top")
    bar = js(driver, "return getComputedStyle(document.querySelector('header .bar')).display")
    check(bar == "none", f"print style hides the controls ({bar})")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def compare_checks(driver, url, script, width, out):
    mode = start(driver, script, width, url + "/ui/flamegraph?cmp=side")
    widths = js(driver, "return Array.from(document.querySelectorAll('.side-by-side svg.flame')).map(s => s.querySelector('g.f rect').getBoundingClientRect().width)")
    check(len(widths) == 2 and min(widths) < max(widths) * 0.99, f"side by side {width}px {mode}: one scale (root boxes {widths})")
    shot(driver, out, f"flamegraph-side-{width}-{mode}")
    load(driver, url + "/ui/top?cmp=side", settle=False)
    heads = js(driver, "return Array.from(document.querySelectorAll('table.report th')).map(t => t.textContent.trim())")
    check("Base flat" in heads and "New flat" in heads, f"top side {width}px {mode}: base and new columns")
    shot(driver, out, f"top-side-{width}-{mode}")
    load(driver, url + "/ui/flamegraph")
    shot(driver, out, f"flamegraph-diff-{width}-{mode}")


def goroutine_checks(driver, url, script, width, out):
    mode = start(driver, script, width, url + "/ui/goroutines", settle=False)
    leaves = js(driver, "return Array.from(document.querySelectorAll('section.goroutines .leaf')).map(e => e.textContent)")
    check(len(leaves) > 0 and not any(l.startswith("runtime.") for l in leaves),
          f"goroutines {width}px {mode}: groups titled outside the runtime ({leaves[:3]})")
    shot(driver, out, f"goroutines-{width}-{mode}")
    if script:
        # Hovering a function that is in several stacks outlines each of its boxes.
        load(driver, url + "/ui/flamegraph")
        found = js(driver, """
            var count = {};
            var boxes = Array.from(document.querySelectorAll('svg.flame g.f'));
            boxes.forEach(g => { var n = (g.getAttribute('data-title') || '').split('\\n')[0]; count[n] = (count[n] || 0) + 1; });
            var box = boxes.find(g => count[(g.getAttribute('data-title') || '').split('\\n')[0]] > 1);
            if (!box) { return null; }
            box.setAttribute('id', 'repeated-box');
            return count[box.getAttribute('data-title').split('\\n')[0]];""")
        check(found is not None and found > 1, f"goroutines flame {width}px: a function drawn in several boxes ({found})")
        if found:
            ActionChains(driver).move_to_element(driver.find_element(By.ID, "repeated-box")).perform()
            same = js(driver, "return document.querySelectorAll('svg.flame g.same').length")
            check(same == found, f"goroutines flame {width}px js: hover outlines all {found} boxes of the function ({same})")
            shot(driver, out, f"goroutines-flame-hover-{width}-js")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--compare")
    parser.add_argument("--goroutines")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    for script in (True, False):
        try:
            driver = browser(script)
        except Exception as error:  # the browser or its driver is missing or broken
            print(f"browser-check: cannot start chromium: {error}", file=sys.stderr)
            return 2
        try:
            for width in WIDTHS:
                flame_checks(driver, args.url, script, width, args.out)
                page_checks(driver, args.url, script, width, args.out)
                if args.compare:
                    compare_checks(driver, args.compare, script, width, args.out)
                if args.goroutines:
                    goroutine_checks(driver, args.goroutines, script, width, args.out)
            if script:
                theme_checks(driver, args.url, args.out)
        finally:
            driver.quit()
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
