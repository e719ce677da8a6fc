#!/usr/bin/env python3
# A worker that lives across its tasks, as a multiprocessing pool's does:
# Parallax starts it once a slot (serve=lines), writes each task's input
# on its standard input as a line, and takes the line it prints back as
# the answer. Here a task is a number n; the answer is the sum of the
# squares below n * 1000, some real work for the CPU.
#
#   parallax run data/profiles/serve-lines.ini
#   parallax run data/profiles/serve-lines.ini --workers=1

import sys

for line in sys.stdin:
    n = int(line)
    print(sum(i * i for i in range(n * 1000)), flush=True)
