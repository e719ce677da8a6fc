/* px-watch-report-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the writers of a watch's reports share.
 */

#pragma once

#include "px-watch-report.h"

G_BEGIN_DECLS

/* A thread's row in the summary and the reports. */
typedef struct
{
  char    *cpu_time;
  char    *wait_time;
  double   cpu_mean;
  double   runnable_mean;
  guint64  switches;
} PxWatchThreadRow;

GArray   *_px_watch_report_thread_order (PxWatch        *watch);
void      _px_watch_report_thread_row   (const PxWatchThread *thread,
                                         PxWatchThreadRow    *row);
void      _px_watch_report_thread_row_clear (PxWatchThreadRow *row);
gboolean  _px_watch_report_write_html   (PxWatch        *watch,
                                         GOutputStream  *stream,
                                         GError        **error);
gboolean  _px_watch_report_write_trace  (PxWatch        *watch,
                                         GOutputStream  *stream,
                                         GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PxWatchThreadRow, _px_watch_report_thread_row_clear)

G_END_DECLS
