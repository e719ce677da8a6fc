/* px-proc-tree.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A process and everything it started, as the kernel accounts for them
 * now. */
typedef struct
{
  guint    n_processes;
  /* User and system time of every process of the tree, and of the
   * children they have reaped, so the sum never goes back when a child
   * ends. */
  guint64  cpu_ns;
  guint64  rss_bytes;
} PxProcTree;

gboolean px_proc_tree_read (int         pid,
                            PxProcTree *tree);

typedef struct _PxProcTreeWatch PxProcTreeWatch;

PxProcTreeWatch *px_proc_tree_watch_new      (int              pid);
void             px_proc_tree_watch_free     (PxProcTreeWatch *self);
int              px_proc_tree_watch_get_root (PxProcTreeWatch *self);
gboolean         px_proc_tree_watch_read     (PxProcTreeWatch *self,
                                              gint64           now_us,
                                              PxProcTree      *tree);

G_END_DECLS
