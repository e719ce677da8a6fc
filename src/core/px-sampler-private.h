/* px-sampler-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sampler (px-sampler.c) and its hosts (px-sampler-places.c)
 * share.
 */

#pragma once

#include "px-sampler.h"

G_BEGIN_DECLS

/* Throughput is counted over this sliding window. */
#define WINDOW_US  (1 * G_USEC_PER_SEC)
/* A worker's place not known yet (a step that has not said its node). */
#define NO_PLACE G_MAXUINT

/* A host workers run on (launcher=ssh or srun): tasks done there, and at
 * each reading of the throughput window. */
typedef struct
{
  char      *name;
  PxHistory *throughput;
  guint64    done;
  guint64   *window_done;
} Place;

struct _PxSampler
{
  GObject     parent_instance;

  PxRun      *run;
  guint       interval_ms;
  guint       capacity;
  guint       n_workers;
  guint       n_cores;
  gboolean    processes;
  gboolean    jobs;
  /* Jobs started on other hosts (launcher=ssh or srun): what they use
   * there is known when each ends, not as it runs. */
  gboolean    jobs_elsewhere;
  gboolean    loops;
  gboolean    net;
  guint       timeout_id;
  guint64     n_samples;

  PxHistory  *time;
  PxHistory  *series[PX_N_SERIES];
  PxHistory **worker_series;
  PxHistory **core_series;

  gint64      prev_wall_us;
  guint64    *prev_cpu_ns;
  PxWorkerSnapshot *snapshots;
  gint64      snapshots_at;
  gint64     *rss_at;
  double     *rss_last;
  guint64    *prev_busy;
  guint64    *prev_total;
  guint64    *busy;
  guint64    *total;

  gint64     *window_t;
  guint      *window_done;
  /* launcher=ssh or srun: the hosts, each worker's (NO_PLACE: not
   * known), the pid it had then, and its tasks done so far. */
  GPtrArray  *places;
  guint      *worker_place;
  int        *place_pid;
  guint64    *place_done;
  guint       local_place;
  guint       window_cap;
  guint       window_head;
  guint       window_len;

  /* Queue and waiting tasks over the run's time, each sample weighing
   * the time since the one before it; that time, in µs. */
  double      queue_sum;
  double      waiting_sum;
  double      queue_us;
  guint       halvings;
};

void _px_sampler_init_places   (PxSampler *self);
void _px_sampler_sample_places (PxSampler *self,
                                gint64     now);
void _px_sampler_load_places   (PxSampler *self);

G_END_DECLS
