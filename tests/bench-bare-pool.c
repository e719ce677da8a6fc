/* bench-bare-pool.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline of the whole-process benchmark: the least a program can
 * do to run N empty tasks on a GThreadPool of two threads, start to
 * exit. "bench-bare-pool N".
 */

#include <stdlib.h>

#include <glib.h>

static void
work (gpointer data,
      gpointer user_data)
{
  g_atomic_int_inc ((gint *)user_data);
}

int
main (int   argc,
      char *argv[])
{
  guint tasks = argc > 1 ? (guint)strtoul (argv[1], NULL, 10) : 1000000;
  gint done = 0;
  GThreadPool *pool = g_thread_pool_new (work, &done, 2, TRUE, NULL);

  for (guint i = 0; i < tasks; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  return (guint)done == tasks ? 0 : 1;
}
