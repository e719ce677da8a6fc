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

G_END_DECLS
