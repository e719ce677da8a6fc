/* px-cli.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command line. */
#define PX_EXIT_OK        0
#define PX_EXIT_FAILED    1
#define PX_EXIT_BAD_INPUT 2

gboolean px_cli_init_locale (void);
gboolean px_cli_wants   (int    argc,
                         char **argv);
int      px_cli_main    (int    argc,
                         char **argv);

G_END_DECLS
