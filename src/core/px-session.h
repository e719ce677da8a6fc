/* px-session.h
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

/* Statistics of the measured repetitions of one profile. */
typedef struct
{
  guint     n;
  guint     warmup;
  double   *wall_s;
  double   *throughput;
  double   *p50_ms;
  PxStats   wall_stats;
  PxStats   throughput_stats;
  PxStats   p50_stats;
  gboolean *outlier;
} PxRepetitions;

void  px_repetitions_finish  (PxRepetitions       *reps);
void  px_repetitions_copy    (PxRepetitions       *dest,
                              const PxRepetitions *src);
void  px_repetitions_clear   (PxRepetitions       *reps);
const PxStats *px_repetitions_get_stats (const PxRepetitions *reps,
                                         const char          *figure_key,
                                         double              *scale);
guint px_repetitions_count_outliers     (const PxRepetitions *reps);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PxRepetitions, px_repetitions_clear)

#define PX_TYPE_SESSION (px_session_get_type ())

G_DECLARE_FINAL_TYPE (PxSession, px_session, PX, SESSION, GObject)

PxSession           *px_session_new              (const PxSpec        *spec);
const PxSpec        *px_session_get_spec         (PxSession           *self);
void                 px_session_set_worker_path  (PxSession           *self,
                                                  const char          *path);
void                 px_session_run_async        (PxSession           *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean             px_session_run_finish       (PxSession           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void                 px_session_stop             (PxSession           *self);
gboolean             px_session_get_running      (PxSession           *self);
gboolean             px_session_get_stopping     (PxSession           *self);
PxRun               *px_session_get_run          (PxSession           *self);
PxSampler           *px_session_get_sampler      (PxSession           *self);
guint                px_session_get_index        (PxSession           *self);
guint                px_session_get_n_runs       (PxSession           *self);
char                *px_session_dup_stage        (PxSession           *self);
gboolean             px_session_get_all_done     (PxSession           *self);
const PxRepetitions *px_session_get_repetitions  (PxSession           *self);

G_END_DECLS
