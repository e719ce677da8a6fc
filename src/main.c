/* main.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `parallax run …`, `parallax validate …` and `--help` are the headless
 * command line; anything else opens the window, on the profiles named.
 * The command line links GLib and the engine only: the window is its own
 * program (parallax-window, beside the worker), started in this process's
 * place, so a headless run neither loads GTK's libraries nor pays for
 * them in start-up time and memory.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-cli.h"

int
main (int   argc,
      char *argv[])
{
  gboolean build_tree = px_cli_init_locale ();
  g_autofree char *window = NULL;
  int saved_errno;

  if (px_cli_wants (argc, argv))
    return px_cli_main (argc, argv);

  window = build_tree ? g_build_filename (PX_BUILD_ROOT, "src", "parallax-window", NULL)
                      : g_build_filename (PX_LIBEXECDIR, "parallax-window", NULL);
  execv (window, argv);
  saved_errno = errno;
  g_printerr (_("parallax: cannot open the window: %s: %s\n"
                "Run 'parallax run PROFILE' for the headless command line.\n"),
              window, g_strerror (saved_errno));
  return PX_EXIT_FAILED;
}
