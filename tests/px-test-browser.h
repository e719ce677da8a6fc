/* px-test-browser.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where Chromium keeps everything it writes: HOME, the XDG folders, its
 * profile and temporary files. */
typedef struct
{
  char *program;
  char *home;
} PxTestBrowser;

gboolean  px_test_browser_init   (PxTestBrowser *b);
void      px_test_browser_clear  (PxTestBrowser *b);
char     *px_test_browser_run    (PxTestBrowser *b,
                                  const char    *page,
                                  const char    *fragment,
                                  ...) G_GNUC_NULL_TERMINATED;
char     *px_test_dup_start_tag  (const char    *dom,
                                  const char    *prefix,
                                  guint          nth);
char     *px_test_dup_attribute  (const char    *tag,
                                  const char    *name);

G_END_DECLS
