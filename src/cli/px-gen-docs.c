/* px-gen-docs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes, at build time, what the build installs beside the program:
 * `px-gen-docs man` the manual page parallax(1), `px-gen-docs bash` the
 * bash completion. Both come from the tables --help reads.
 */

#include "config.h"

#include <stdio.h>

#include "px-cli-private.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;

  if (argc == 2 && g_str_equal (argv[1], "man"))
    text = px_cli_dup_man_page ();
  else if (argc == 2 && g_str_equal (argv[1], "bash"))
    text = px_cli_dup_bash_completion ();
  else
    {
      fprintf (stderr, "usage: px-gen-docs man|bash\n");
      return 2;
    }
  fputs (text, stdout);
  return ferror (stdout) ? 1 : 0;
}
