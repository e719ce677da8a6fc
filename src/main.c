/* main.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "px-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  /* From the build tree, use the catalogues built beside it. */
  if (exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/"))
    bindtextdomain (GETTEXT_PACKAGE, PX_BUILD_ROOT "/po");
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return px_cli_main (argc, argv);
}
