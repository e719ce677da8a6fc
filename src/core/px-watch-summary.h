/* px-watch-summary.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-summary.h"
#include "px-watch.h"

G_BEGIN_DECLS

/* A watch in figures, for its summary, its reports and comparisons. */
typedef struct
{
  double    seconds;
  guint     samples;
  double    cores_mean;
  double    cores_peak;
  double    wanting_mean;
  double    wanting_peak;
  /* What the kernel accounted to its threads while watched. */
  double    cpu_s;
  double    run_queue_s;
  /* A launched program's own account of its CPU, once it ended. */
  double    exit_cpu_s;
  double    switches_per_s;
  guint     threads_seen;
  double    threads_peak;
  guint     processes_seen;
  /* The largest sum of its processes' resident memory at one sample. */
  double    rss_peak;
  double    read_bytes;
  double    write_bytes;
  gboolean  has_progress;
  double    tasks_done;
  double    tasks_per_s;
} PxWatchSummary;

/* One figure of it: every report and the window's comparison list
 * px_watch_summary_get_figures(). */
typedef struct
{
  const char    *key;
  const char    *label;
  const char    *help;
  PxFigureUnit   unit;
  /* Whether more is better (1), worse (-1), or neither (0). */
  int            sense;
  /* NAN when the watch has no such figure. */
  double       (*value) (const PxWatchSummary *summary);
} PxWatchFigure;

void                 px_watch_summary_compute     (PxWatch              *watch,
                                                   PxWatchSummary       *summary);
const PxWatchFigure *px_watch_summary_get_figures (guint                *n_figures);
gboolean             px_watch_series_mean_peak    (PxHistory            *history,
                                                   double               *mean,
                                                   double               *peak);

G_END_DECLS
