#!/usr/bin/env python3
"""Screenshots of the trace web UI's pages in headless Chromium (selenium and
/usr/bin/chromedriver), with script off, at several window widths, plus a
layout check: nothing but the scrolling picture boxes may be wider than the
window.

    scripts/trace-ui-screenshots.py BASE_URL OUTDIR [PATH...] [--widths 1280,600]

BASE_URL is a running `swprof -http=HOST:PORT trace.out`; PATHs default to
/trace/timeline and /trace/mmu. Writes OUTDIR/<path>-<width>.png (full page
height) and exits 1 when a page overflows the window.
"""
import argparse
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("out")
    ap.add_argument("paths", nargs="*", default=["/trace/timeline", "/trace/mmu"])
    ap.add_argument("--widths", default="1280,600")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    failed = False
    try:
        for width in [int(w) for w in args.widths.split(",")]:
            for path in args.paths:
                driver.set_window_size(width, 900)
                driver.get(args.base.rstrip("/") + path)
                # Script is off for the page, not for the driver's probes.
                overflow = driver.execute_script(
                    "return Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth, 0)")
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(max(height + 100, 600), 4000))
                name = "".join(c if c.isalnum() or c in "-_" else "-" for c in path.strip("/")) or "index"
                file = out / f"{name}-{width}.png"
                driver.save_screenshot(str(file))
                print(f"{file}: {width} px, page {height} px high, horizontal overflow {overflow} px")
                if overflow > 0:
                    failed = True
    finally:
        driver.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
