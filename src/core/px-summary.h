/* px-summary.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-run.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n;
  double  mean;
  double  stddev;
  double  min;
  double  p50;
  double  p95;
  double  p99;
  double  max;
} PxStats;

typedef struct
{
  gint64   wall_us;
  guint    total;
  guint    done;
  guint    failed;
  guint    cancelled;
  guint    retried;
  guint    workers_lost;
  double   throughput;
  PxStats  run_us;
  PxStats  wait_us;
  double   cpu_s;
  double   parallelism;
  /* Where the workers' time went other than computing, summed. */
  gint64   lock_wait_us;
  gint64   io_wait_us;
  gint64   ipc_us;
  gint64   signal_wait_us;
  /* Where the time of every worker went: its work (computing, and
   * waiting on its own IO) and what was lost to idleness. */
  guint    n_workers;
  gint64   work_us;
  gint64   idle_us;
  /* The POP efficiency model, computed from each worker's own account
   * (NaN when no worker worked): parallel efficiency is load balance ×
   * communication efficiency, and communication efficiency is
   * serialisation × transfer efficiency. */
  double   parallel_efficiency;
  double   load_balance;
  double   communication_efficiency;
  double   serialisation_efficiency;
  double   transfer_efficiency;
} PxSummary;

/* kind=net: the requests that succeeded, their connect and reply times
 * (µs), the bytes moved and what the server did. */
typedef struct
{
  guint      requests;
  PxStats    connect_us;
  PxStats    reply_us;
  guint64    bytes;
  PxNetStats server;
} PxNetSummary;

/* How a figure of the summary is read and written. */
typedef enum
{
  PX_FIGURE_DURATION,     /* microseconds */
  PX_FIGURE_COUNT,
  PX_FIGURE_RATE,         /* tasks per second */
  PX_FIGURE_CORES,        /* cores busy on average */
  PX_FIGURE_CPU_SECONDS,
  PX_FIGURE_BYTES,
  PX_FIGURE_THREADS,      /* threads on average */
  PX_FIGURE_PER_SECOND,   /* events a second */
  PX_FIGURE_BYTES_PER_SECOND,
  PX_FIGURE_FRACTION,     /* 0 to 1, shown as a percentage */
} PxFigureUnit;

/* One figure of a run's summary: every front end and every report lists
 * px_summary_get_figures(), so adding a figure is adding a row there. */
typedef struct
{
  const char    *key;
  const char    *label;
  const char    *help;
  PxFigureUnit   unit;
  gboolean       higher_is_better;
  double       (*value) (const PxSummary *summary);
} PxFigure;

void            px_stats_compute       (double          *values,
                                        guint            n,
                                        PxStats         *stats);
void            px_summary_compute     (PxRun           *run,
                                        PxSummary       *summary);
const PxFigure *px_summary_get_figures (guint           *n_figures);
gboolean        px_stats_compare       (const PxStats   *a,
                                        const PxStats   *b,
                                        double          *ratio,
                                        double          *ratio_error,
                                        gboolean        *differs);
char           *px_figure_format       (const PxFigure  *figure,
                                        double           value);
char           *px_figure_format_unit  (PxFigureUnit     unit,
                                        double           value);
char           *px_format_duration     (double           usec);
char           *px_run_dup_loop_reading (PxRun          *run);
gboolean        px_net_summary_compute (PxRun           *run,
                                        PxNetSummary    *summary);
char           *px_run_dup_net_reading (PxRun           *run);
char           *px_run_dup_signal_reading (PxRun        *run);
char           *px_format_estimate     (double           usec);
char           *px_summary_dup_efficiency_reading (const PxSummary *summary);

G_END_DECLS
