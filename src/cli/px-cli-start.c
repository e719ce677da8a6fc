/* px-cli-start.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How `parallax` starts: the locale and catalogues it and the window
 * share, and whether its arguments ask for the command line or for the
 * window.
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "px-cli.h"

/* Sets the locale and the message catalogues up, for `parallax` and the
 * window alike: from the build tree, the catalogues built beside it.
 * Returns whether this program runs from its build tree. */
gboolean
px_cli_init_locale (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  gboolean build_tree = exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/");

  setlocale (LC_ALL, "");
  if (build_tree)
    bindtextdomain (GETTEXT_PACKAGE, PX_BUILD_ROOT "/po");
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return build_tree;
}

/* Whether the command line asks for the headless commands rather than
 * the window: a command word, help or version anywhere among the
 * arguments, any option (the window takes none), or a word that names no
 * file (a mistyped command gets the command line's error). */
gboolean
px_cli_wants (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] == '-')
        return TRUE;
      if (g_str_equal (argv[i], "run") || g_str_equal (argv[i], "validate") ||
          g_str_equal (argv[i], "watch") || g_str_equal (argv[i], "runs") ||
          g_str_equal (argv[i], "sweep") || g_str_equal (argv[i], "calibrate") ||
          g_str_equal (argv[i], "help"))
        return TRUE;
      if (!g_str_has_suffix (argv[i], ".ini") && !g_file_test (argv[i], G_FILE_TEST_EXISTS))
        return TRUE;
    }

  return FALSE;
}
