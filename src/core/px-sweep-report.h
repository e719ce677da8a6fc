/* px-sweep-report.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-plot.h"
#include "px-report.h"
#include "px-sweep.h"

G_BEGIN_DECLS

/* A sweep kept beside the kept runs, as its list shows it. */
typedef struct
{
  char   *path;
  char   *profile;
  /* The keys swept, "workers × chunk-size". */
  char   *axes;
  guint   n_points;
  guint   n_measured;
  gint64  started_us;
} PxKeptSweep;

void        px_kept_sweep_free       (PxKeptSweep       *kept);
char       *px_kept_sweep_dup_date   (const PxKeptSweep *kept);
PxSweep    *px_sweep_new_from_report (const char        *path,
                                      GError           **error);
char       *px_sweep_keep            (PxSweep           *self,
                                      GError           **error);
GPtrArray  *px_sweep_list_kept       (const char        *profile);

GPtrArray *px_sweep_dup_plots       (PxSweep         *self);
GPtrArray *px_sweep_dup_rows        (PxSweep         *self);
void      px_sweep_append_fits      (PxSweep         *self,
                                     GString         *out,
                                     gboolean         markdown);
char     *px_sweep_dup_table        (PxSweep         *self);
char     *px_sweep_dup_fit_sentence (PxSweep         *self);
gboolean  px_sweep_report_write     (PxSweep         *self,
                                     PxReportFormat   format,
                                     const char      *path,
                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxKeptSweep, px_kept_sweep_free)

G_END_DECLS
