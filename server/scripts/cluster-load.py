#!/usr/bin/env python3
"""Loopback write load for cluster-test.sh (python3 standard library only).

W workers, each logged in through nginx as a demo user (password demo2026): mentors log
mentoring sessions through the server function (POST /api/log_session), teachers file hour
claims with a small PDF as evidence (multipart POST /hours/claims, as a script does). Every
write carries a unique marker (the session's topic, the claim's title) and an X-Request-Id,
so the database and nginx's access log can be checked against what was acknowledged.

A health poller asks each app's /healthz (directly) and nginx's every 0.2 s.

The load stops by itself: after --duration seconds once --min-acks writes were acknowledged,
and after --max-duration seconds in any case.

  cluster-load.py --base http://127.0.0.1:3300 --users users.tsv --run RUN --out out.json \
      --workers 8 --duration 30 --min-acks 2000 --apps 3301,3302,3303
"""
import argparse
import http.client
import http.cookiejar
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

p = argparse.ArgumentParser()
p.add_argument("--base", required=True)
p.add_argument("--users", required=True, help="TSV: kind(session|claim) username pairing_id")
p.add_argument("--run", required=True)
p.add_argument("--out", required=True)
p.add_argument("--workers", type=int, default=8)
p.add_argument("--duration", type=float, default=30)
p.add_argument("--min-acks", type=int, default=0)
p.add_argument("--max-duration", type=float, default=180)
p.add_argument("--apps", default="")
p.add_argument("--day", required=True, help="the date written (yesterday in Asia/Shanghai)")
args = p.parse_args()

users = [line.rstrip("\n").split("\t") for line in open(args.users) if line.strip()]
start = time.time()
lock = threading.Lock()
events = []  # dicts: sent, done, kind, marker, rid, ok, status, body
health = []  # (t, target, code)
stop = threading.Event()
acks = [0]


def request(opener, url, data, headers, timeout=30):
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with opener.open(req, timeout=timeout) as res:
            return res.status, res.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception as e:  # refused, reset, timeout
        return 0, repr(e)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    out = []
    for k, v in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, name, data, ctype in files:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def worker(w):
    kind, username, pairing = users[w % len(users)]
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for attempt in range(20):
        status, body = request(opener, args.base + "/api/login",
                               urllib.parse.urlencode({"username": username, "password": "demo2026"}).encode(),
                               {"Accept": "application/json"})
        if status == 200:
            break
        time.sleep(0.5)
    else:
        raise SystemExit(f"worker {w}: login as {username} failed: {status} {body[:200]}")
    seq = 0
    while not stop.is_set():
        seq += 1
        marker = f"cl-{args.run}-{w}-{seq}"
        rid = f"{marker}-{uuid.uuid4().hex[:8]}"
        if kind == "session":
            data = urllib.parse.urlencode({
                "input[pairing_id]": pairing, "input[kind]": "observe_mentee",
                "input[held_on]": args.day, "input[minutes]": "45",
                "input[topic]": marker, "input[notes]": ""}).encode()
            headers = {"Accept": "application/json", "X-Request-Id": rid,
                       "Content-Type": "application/x-www-form-urlencoded"}
            url = args.base + "/api/log_session"
        else:
            data, ctype = multipart([
                ("title", marker), ("organizer", "cluster test"), ("level", "district"),
                ("category", "subject"), ("starts_on", args.day), ("ends_on", args.day),
                ("hours", "2"), ("note", "")], [("evidence", "proof.pdf", PDF, "application/pdf")])
            headers = {"Accept": "application/json", "X-Request-Id": rid, "Content-Type": ctype}
            url = args.base + "/hours/claims"
        sent = time.time()
        status, body = request(opener, url, data, headers)
        done = time.time()
        ok = status == 200 and '"id"' in body
        with lock:
            events.append({"sent": sent, "done": done, "kind": kind, "marker": marker, "rid": rid,
                           "ok": ok, "status": status, "body": "" if ok else body[:200]})
            if ok:
                acks[0] += 1
        if not ok:
            time.sleep(0.1)


def poller():
    targets = [("nginx", args.base)] + [(f"app {i + 1}", f"http://127.0.0.1:{port}")
                                        for i, port in enumerate(filter(None, args.apps.split(",")))]
    while not stop.is_set():
        for name, base in targets:
            host, port = base.split("//")[1].split(":")
            try:
                c = http.client.HTTPConnection(host, int(port), timeout=2.5)
                c.request("GET", "/healthz")
                code = c.getresponse().status
                c.close()
            except Exception:
                code = 0
            with lock:
                health.append((time.time(), name, code))
        time.sleep(0.2)


threads = [threading.Thread(target=worker, args=(w,)) for w in range(args.workers)]
for t in threads:
    t.start()
pt = threading.Thread(target=poller)
pt.start()
while True:
    time.sleep(0.2)
    elapsed = time.time() - start
    if (elapsed >= args.duration and acks[0] >= args.min_acks) or elapsed >= args.max_duration:
        break
stop.set()
for t in threads:
    t.join()
pt.join()
json.dump({"start": start, "end": time.time(), "events": events, "health": health},
          open(args.out, "w"))
