/* px-report.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "px-run.h"
#include "px-sampler.h"
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

/* Statistics of the measured repetitions of one profile. */
typedef struct
{
  guint    n;
  guint    warmup;
  double  *wall_s;
  double  *throughput;
  double  *p50_ms;
  PxStats  wall_stats;
  PxStats  throughput_stats;
  PxStats  p50_stats;
  gboolean *outlier;
} PxRepetitions;

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
char       *px_report_series_csv_path  (const char      *path);
void        px_repetitions_finish      (PxRepetitions   *reps);
void        px_repetitions_clear       (PxRepetitions   *reps);

G_END_DECLS
