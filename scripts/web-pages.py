#!/usr/bin/env python3
"""Times swprof's web UI on one profile, pages computed on request.

    scripts/web-pages.py SWPROF PROFILE PAGE...   (e.g. ui/flamegraph "ui/graph?si=alloc_space")

Starts `SWPROF -http=127.0.0.1:0 -no_browser PROFILE` (set SWPROF_NO_WARMUP=1 to time pages
as computed on request) and prints: when the URL was printed, when the first HTTP answer
came (503 while loading), when the profile was served (a page other than "loading"), then
each page's wall time, the server's CPU time during it (/proc), status and size, and the
server's resident and peak memory after them. OUT (default a temporary directory) keeps
the pages, to compare two builds byte for byte; KEEP=1 leaves the server running.
"""
import os, re, subprocess, sys, tempfile, time, urllib.request, urllib.error
binary, prof, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
out = os.environ.get("OUT") or tempfile.mkdtemp(prefix="swprof-pages-"); os.makedirs(out, exist_ok=True)
t0 = time.time()
err = open(os.path.join(out, "server.err"), "w+")
p = subprocess.Popen([binary, "-http=127.0.0.1:0", "-no_browser", prof], stdout=subprocess.DEVNULL, stderr=err)
def cpu():
    f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def mem(k):
    for l in open(f"/proc/{p.pid}/status"):
        if l.startswith(k): return int(l.split()[1]) // 1024
def get(path, timeout=120):
    try:
        r = urllib.request.urlopen(url + path, timeout=timeout); body = r.read(); return r.status, body
    except urllib.error.HTTPError as e:
        return e.code, e.read()
url = None
while not url:
    err.seek(0); m = re.search(r"http://\S+", err.read())
    if m: url = m.group(0)
    elif p.poll() is not None: sys.exit("swprof ended: " + open(err.name).read().strip())
    else: time.sleep(0.01)
print("listening %.2f" % (time.time() - t0))
while True:
    try:
        s, _ = get("/ui/top?nodecount=1"); break
    except Exception:
        if p.poll() is not None: sys.exit("swprof ended: " + open(err.name).read().strip())
        time.sleep(0.01)
print("answering %.2f (status %d)" % (time.time() - t0, s))
while get("/ui/none")[0] == 503: time.sleep(0.02)
print("loaded %.2f cpu %.2f rss %d MB" % (time.time() - t0, cpu(), mem("VmRSS")))
for i, page in enumerate(pages, 1):
    c = cpu(); t = time.time(); s, body = get("/" + page)
    open(f"{out}/{i}.out", "wb").write(body)
    note = " (stopped page)" if b"took longer than" in body else ""
    print("%-32s %6.2f s  cpu %5.2f  status %d  %d bytes%s" % (page, time.time() - t, cpu() - c, s, len(body), note))
print("rss %d MB hwm %d MB" % (mem("VmRSS"), mem("VmHWM")))
if os.environ.get("KEEP"): print("url", url, "pid", p.pid)
else: p.terminate(); p.wait()
