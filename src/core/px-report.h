/* px-report.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-run.h"
#include "px-sampler.h"
#include "px-session.h"
#include "px-summary.h"

G_BEGIN_DECLS

#define PX_REPORT_SCHEMA_VERSION 1

typedef enum
{
  PX_REPORT_JSON,
  PX_REPORT_CSV,
  PX_REPORT_MARKDOWN,
  PX_REPORT_TRACE,
  PX_REPORT_HTML,
} PxReportFormat;

gboolean    px_report_format_from_name (const char      *name,
                                        PxReportFormat  *format);
gboolean    px_report_format_from_path (const char      *path,
                                        PxReportFormat  *format);
const char *px_report_format_names     (void);
const char *px_report_format_get_name  (PxReportFormat   format);
gboolean    px_report_write            (PxRun           *run,
                                        PxSampler       *sampler,
                                        const PxRepetitions *reps,
                                        PxReportFormat   format,
                                        const char      *path,
                                        GError         **error);
gboolean    px_report_write_to_stream  (PxRun           *run,
                                        PxSampler       *sampler,
                                        const PxRepetitions *reps,
                                        PxReportFormat   format,
                                        GOutputStream   *stream,
                                        GError         **error);
char       *px_report_series_csv_path  (const char      *path);
gboolean    px_report_read             (const char      *path,
                                        PxRun          **run,
                                        PxSampler      **sampler,
                                        PxRepetitions   *reps,
                                        GError         **error);

G_END_DECLS
