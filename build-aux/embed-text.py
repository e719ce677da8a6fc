#!/usr/bin/env python3
"""Writes a text file as a C header: a NUL-terminated char array.

    embed-text.py INPUT OUTPUT NAME

The text goes inline into an HTML <script> element wrapped in a CDATA
section, so it must not contain "</script" nor "]]>"; either fails the
build here rather than breaking reports later.
"""
import re
import sys

source, output, name = sys.argv[1:4]
with open(source, "rb") as f:
    data = f.read()

for bad in (rb"</script", rb"]]>"):
    if re.search(bad, data, re.IGNORECASE):
        sys.exit(f"{source}: contains {bad.decode()!r}, which would end the inline script")

lines = [f"/* Generated from {source.split('/')[-1]}; do not edit. */", "#pragma once", "",
         f"static const char {name}[] = {{"]
for i in range(0, len(data), 16):
    lines.append("  " + ", ".join(f"0x{b:02x}" for b in data[i:i + 16]) + ",")
lines += ["  0x00", "};", ""]

with open(output, "w") as f:
    f.write("\n".join(lines))
