/* px-echo-worker.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The smallest serving command: each line in is answered with the same
 * line out, at once. What bench-jobs runs with serve=lines, to time
 * Parallax's own part of a task's round trip.
 */

#include <stdio.h>
#include <stdlib.h>

int
main (void)
{
  char *line = NULL;
  size_t size = 0;

  while (getline (&line, &size, stdin) > 0)
    {
      if (fputs (line, stdout) == EOF || fflush (stdout) == EOF)
        break;
    }
  free (line);
  return 0;
}
