#!/usr/bin/env python3
"""Checks po/POTFILES.in against the sources: every C file that marks a
string for translation and every UI file with a translatable property is
listed (else its strings never reach the translators), and every listed
file exists. Prints each problem as FILE: what is wrong, exits 1 if any."""

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
potfiles = root / 'po' / 'POTFILES.in'
listed = set()
for number, line in enumerate(potfiles.read_text().splitlines(), 1):
    line = line.strip()
    if not line or line.startswith('#'):
        continue
    if not (root / line).is_file():
        print(f'{potfiles}:{number}: {line}: listed, but there is no such file')
        listed.add(line)
        continue
    listed.add(line)

marks = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(\s*"')
missing = []
for path in sorted(root.glob('src/**/*.c')):
    rel = path.relative_to(root).as_posix()
    if marks.search(path.read_text(errors='replace')) and rel not in listed:
        missing.append(rel)
for path in sorted(root.glob('ui/**/*.ui')):
    rel = path.relative_to(root).as_posix()
    if 'translatable="yes"' in path.read_text(errors='replace') and rel not in listed:
        missing.append(rel)
for rel in missing:
    print(f'{rel}: marks strings for translation but is not listed in {potfiles}')

bad = [l for l in listed if not (root / l).is_file()]
sys.exit(1 if missing or bad else 0)
