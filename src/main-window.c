/* main-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * parallax-window: the window, on the profiles named. `parallax` starts
 * it when its arguments are not the headless command line's, so the
 * command line never loads GTK.
 */

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>

#include "px-application.h"
#include "px-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PxApplication) app = NULL;
  gboolean build_tree = px_cli_init_locale ();

  /* Started by hand with the command line's arguments: do what
   * `parallax` would. */
  if (px_cli_wants (argc, argv))
    return px_cli_main (argc, argv);

  /* From the build tree, the settings schema built beside it. */
  if (build_tree)
    g_setenv ("GSETTINGS_SCHEMA_DIR", PX_BUILD_ROOT "/data", FALSE);

  /* Workers are written to through pipes; a dead one must not kill us. */
  signal (SIGPIPE, SIG_IGN);

  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema == NULL)
      {
        g_printerr (_("parallax: the settings schema %s is not installed; install Parallax "
                      "with 'meson install' (or point GSETTINGS_SCHEMA_DIR at the folder "
                      "holding its compiled schema).\n"), APP_ID);
        return PX_EXIT_FAILED;
      }
  }

  px_application_choose_renderer ();
  if (!gtk_init_check ())
    {
      g_printerr (_("parallax: cannot open the window: no display could be opened (is DISPLAY "
                    "or WAYLAND_DISPLAY set?).\n"
                    "Run 'parallax run PROFILE' for the headless command line.\n"));
      return PX_EXIT_FAILED;
    }

  app = px_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
