/* px-proc-file.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fields of a /proc/PID/stat or /proc/PID/task/TID/stat line that
 * Parallax reads (proc(5) numbers them from 1). */
typedef struct
{
  /* Field 2, between the parentheses: it may hold spaces and
   * parentheses of its own. Points into the line read; not terminated. */
  const char *name;
  gsize       name_len;
  /* Field 3: R, S, D, T, t, Z, X… */
  char        state;
  /* Fields 14 to 17, in clock ticks. */
  guint64     utime;
  guint64     stime;
  guint64     cutime;
  guint64     cstime;
  /* Field 20. */
  guint       num_threads;
  /* Field 22, in clock ticks since boot. */
  guint64     starttime;
  /* Field 24, in pages. */
  guint64     rss;
} PxProcStat;

gboolean px_proc_stat_parse (const char *line,
                             PxProcStat *stat);
gsize    px_proc_stat_copy_name (const PxProcStat *stat,
                                 char             *name,
                                 gsize             size);

int      px_proc_open   (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);
gboolean px_proc_pread  (int         fd,
                         char       *buf,
                         gsize       size);
gboolean px_proc_read   (char       *buf,
                         gsize       size,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);
void     px_proc_close  (int        *fd);

G_END_DECLS
