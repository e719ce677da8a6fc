/* px-watch-report.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-watch.h"

G_BEGIN_DECLS

typedef enum
{
  PX_WATCH_REPORT_JSON,
  PX_WATCH_REPORT_CSV,
  PX_WATCH_REPORT_MARKDOWN,
  PX_WATCH_REPORT_HTML,
  PX_WATCH_REPORT_TRACE,
} PxWatchReportFormat;

gboolean  px_watch_report_format_from_name (const char          *name,
                                            PxWatchReportFormat *format);
gboolean  px_watch_report_format_from_path (const char          *path,
                                            PxWatchReportFormat *format);
gboolean  px_watch_report_write            (PxWatch             *watch,
                                            PxWatchReportFormat  format,
                                            const char          *path,
                                            GError             **error);
gboolean  px_watch_report_write_stream     (PxWatch             *watch,
                                            PxWatchReportFormat  format,
                                            GOutputStream       *stream,
                                            GError             **error);
char     *px_watch_report_dup_summary      (PxWatch             *watch);

G_END_DECLS
