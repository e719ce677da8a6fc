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

G_END_DECLS
