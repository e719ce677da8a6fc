/* px-joblog.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-run.h"

G_BEGIN_DECLS

/* One line of a joblog, in GNU parallel's columns. */
typedef struct
{
  guint        seq;
  /* ":" for this machine. */
  const char  *host;
  /* Seconds since the epoch. */
  double       start_s;
  double       runtime_s;
  guint64      send;
  guint64      receive;
  int          exitval;
  int          signal;
  const char  *command;
} PxJoblogEntry;

/* Which jobs a joblog read back says to skip. */
typedef enum
{
  /* Every job it lists (--resume). */
  PX_JOBLOG_SKIP_LISTED,
  /* The jobs it lists as succeeded; failed ones run again
   * (--resume-failed). */
  PX_JOBLOG_SKIP_SUCCEEDED,
} PxJoblogSkip;

void        px_joblog_append_header  (GString             *out);
void        px_joblog_append_entry   (GString             *out,
                                      const PxJoblogEntry *entry);
char       *px_joblog_command_line   (char               **argv);
gboolean    px_joblog_write_run      (PxRun               *run,
                                      GOutputStream       *stream,
                                      gboolean             header,
                                      GError             **error);
GHashTable *px_joblog_read_skipped   (GInputStream        *stream,
                                      const char          *name,
                                      PxJoblogSkip         skip,
                                      GError             **error);

G_END_DECLS
