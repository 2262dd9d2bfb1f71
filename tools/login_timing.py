#!/usr/bin/env python3
"""Compares the time of a login with an unknown username to one with a wrong password.

Usage: tools/login_timing.py [PORT] [USERNAME] [ROUNDS]
against a Tombot on https://localhost:PORT (default 8443) where USERNAME (default "ops")
is an existing operator. Start that server with --tombot.auth.throttle-failures=10000:
otherwise the per-address throttle answers 429 after 20 failures. After 10 wrong passwords
the operator is locked; a locked account still costs one Argon2 verification, so the
comparison holds (use a throwaway server). It sends ROUNDS (default 40) pairs of failing
logins, interleaved so that both kinds see the same machine load, and prints both medians
and their ratio. The ratio should be close to 1. Loopback only; bounded in count; stops by
itself.
"""
import statistics
import subprocess
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8443
user = sys.argv[2] if len(sys.argv) > 2 else "ops"
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
url = "https://localhost:%d/api/v1/auth/login" % port


def login_seconds(username, password):
    body = '{"username":"%s","password":"%s"}' % (username, password)
    out = subprocess.run(["curl", "-sk", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-X", "POST", url,
                          "-H", "Content-Type: application/json", "-d", body],
                         capture_output=True, text=True, timeout=30).stdout.split()
    if out[0] != "401":
        sys.exit("expected 401, got %s" % out[0])
    return float(out[1])


for i in range(5):
    login_seconds("warm-up-%d" % i, "Warm-up-wrong-1")
    login_seconds(user, "Warm-up-wrong-1")
unknown, wrong = [], []
for i in range(rounds):
    unknown.append(login_seconds("no-such-user-%d" % i, "Wrong-password-%d" % i))
    wrong.append(login_seconds(user, "Wrong-password-%d" % i))
for name, values in (("unknown user", unknown), ("wrong password", wrong)):
    print("%-15s median %6.1f ms over %d logins" % (name, statistics.median(values) * 1000, len(values)))
print("ratio unknown/wrong: %.3f" % (statistics.median(unknown) / statistics.median(wrong)))
