/* px-bench.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every benchmark shares: subjects and baselines run in turn, the
 * order rotated each round, judged on medians; a target missed fails
 * the benchmark at its end, after every figure is printed; each figure
 * is a row of the table `build-aux/dev bench` ends with.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One thing measured: @run returns one reading (seconds, bytes, …), or
 * a negative number when it could not be measured. */
typedef struct
{
  const char *name;
  double    (*run) (gpointer data);
  gpointer    data;
  /* Filled by px_bench_interleave(). */
  double      median;
  double      min;
  double      max;
} PxBenchSubject;

void     px_bench_interleave (PxBenchSubject *subjects,
                              guint           n_subjects,
                              guint           rounds);
gboolean px_bench_targetf    (const char     *figure,
                              gboolean        met,
                              double          ratio,
                              const char     *target,
                              const char     *ours_format,
                              ...) G_GNUC_PRINTF (5, 6);
gboolean px_bench_target     (const char     *figure,
                              const char     *ours,
                              const char     *baseline,
                              double          ratio,
                              const char     *target,
                              gboolean        met);

G_END_DECLS
