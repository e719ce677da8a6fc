/* px-run-store.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "px-report.h"

G_BEGIN_DECLS

/* A finished run kept across sessions: its JSON report in the user's
 * data folder, and what a list of them shows without reading it. */
typedef struct
{
  char           *id;
  char           *path;
  char           *title;
  char           *profile;
  /* When it started, on the wall clock (µs since the epoch); 0: not
   * known, and then when it was kept. */
  gint64          started_us;
  PxExecutorKind  executor;
  guint           workers;
  guint           tasks;
  guint           done;
  guint           failed;
  guint           repetitions;
  gint64          wall_us;
  double          throughput;
  guint64         size;
} PxKeptRun;

void       px_kept_run_free     (PxKeptRun           *kept);
char      *px_kept_run_dup_date (const PxKeptRun     *kept);

char      *px_run_store_dup_dir (void);
PxKeptRun *px_run_store_keep    (PxRun               *run,
                                 PxSampler           *sampler,
                                 const PxRepetitions *reps,
                                 const char          *title,
                                 guint64              limit_bytes,
                                 GError             **error);
GPtrArray *px_run_store_list    (char              ***problems,
                                 GError             **error);
PxKeptRun *px_run_store_find    (const char          *name,
                                 GError             **error);
gboolean   px_run_store_delete  (const char          *id,
                                 GError             **error);
guint      px_run_store_trim    (guint64              limit_bytes,
                                 const char          *spare);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxKeptRun, px_kept_run_free)

G_END_DECLS
