/* main.c — parallax-worker
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started by Parallax with GSubprocess; speaks the framed protocol of
 * px-protocol.h on stdin and stdout. Not meant to be run by hand.
 */

#include "config.h"

#include <locale.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "px-worker.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  setlocale (LC_ALL, "");
  /* Failure reasons are translated as the parent's messages are. */
  if (exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/"))
    bindtextdomain (GETTEXT_PACKAGE, PX_BUILD_ROOT "/po");
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (isatty (STDIN_FILENO))
    {
      g_printerr ("%s\n", "parallax-worker runs tasks for Parallax and is started by it; "
                          "run 'parallax --help' instead.");
      return 2;
    }

  return px_worker_main (STDIN_FILENO, STDOUT_FILENO, PX_WORKER_FAULT_NONE, 0);
}
