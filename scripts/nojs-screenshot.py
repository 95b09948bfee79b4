#!/usr/bin/env python3
"""Screenshots of pages with JavaScript switched off, in headless Chromium.

    scripts/nojs-screenshot.py OUTDIR URL_OR_FILE...

Chromium's `--blink-settings=scriptEnabled=false` makes `--screenshot` write
nothing (headless Chromium 156 needs script for it), so this drives the
browser over the DevTools protocol on a pipe instead: script execution is
disabled with `Emulation.setScriptExecutionDisabled` before each page loads,
then `Page.captureScreenshot` takes the picture. It also reports how many
`<script>` elements each page holds and whether any script ran.
Writes OUTDIR/<page name>.png; needs only Python 3 and Chromium.
"""
import base64
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile


class Browser:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not exe:
            sys.exit("nojs-screenshot: chromium is not installed")
        # Pipe ends moved above fd 9 first, so placing them at 3 and 4 clobbers nothing.
        def high(fd):
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
            os.close(fd)
            return moved
        to_browser_r, self.to_browser = map(high, os.pipe())
        self.from_browser, from_browser_w = map(high, os.pipe())
        self.profile = tempfile.mkdtemp(prefix="swprof-nojs-")
        # The browser reads commands on fd 3 and writes replies on fd 4.
        os.dup2(to_browser_r, 3)
        os.dup2(from_browser_w, 4)
        self.process = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--window-size=1400,900", "about:blank"],
            pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (3, 4, to_browser_r, from_browser_w):
            os.close(fd)
        self.next_id = 0
        self.buffer = b""

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id)

    def wait(self, accept):
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message = json.loads(raw)
                if accept(message):
                    if "error" in message:
                        raise RuntimeError(message["error"])
                    return message
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed the pipe")
            self.buffer += chunk

    def close(self):
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        for page in sys.argv[2:]:
            url = page if "://" in page else pathlib.Path(page).resolve().as_uri()
            target = browser.send("Target.createTarget", {"url": "about:blank"})["result"]["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["result"]["sessionId"]
            browser.send("Page.enable", session=session)
            browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
            browser.send("Page.navigate", {"url": url}, session=session)
            browser.wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session)
            # With script off, evaluating still works from DevTools; it tells what the page holds.
            facts = browser.send("Runtime.evaluate", {
                "expression": "JSON.stringify({scripts: document.scripts.length, title: document.title,"
                              " links: document.links.length})",
                "returnByValue": True}, session=session)["result"]["result"].get("value", "{}")
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["result"]["data"]
            name = pathlib.PurePosixPath(url.split("?")[0]).name or "page"
            file = out / (name.rsplit(".", 1)[0] + ".png")
            file.write_bytes(base64.b64decode(shot))
            print(f"{file}\t{facts}")
            browser.send("Target.closeTarget", {"targetId": target})
    finally:
        browser.close()


if __name__ == "__main__":
    main()
