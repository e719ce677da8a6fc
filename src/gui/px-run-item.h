/* px-run-item.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "px-report.h"
#include "px-run.h"
#include "px-sampler.h"
#include "px-summary.h"

G_BEGIN_DECLS

#define PX_TYPE_RUN_ITEM (px_run_item_get_type ())

G_DECLARE_FINAL_TYPE (PxRunItem, px_run_item, PX, RUN_ITEM, GObject)

PxRunItem           *px_run_item_new             (guint                number,
                                                  const char          *profile_name,
                                                  PxRun               *run,
                                                  PxSampler           *sampler);
PxRunItem           *px_run_item_new_loaded      (const char          *kept_id,
                                                  const char          *title,
                                                  PxRun               *run,
                                                  PxSampler           *sampler,
                                                  const PxRepetitions *reps);
const char          *px_run_item_get_kept_id     (PxRunItem           *self);
const char          *px_run_item_get_name        (PxRunItem           *self);
guint                px_run_item_get_number      (PxRunItem           *self);
PxRun               *px_run_item_get_run         (PxRunItem           *self);
PxSampler           *px_run_item_get_sampler     (PxRunItem           *self);
gboolean             px_run_item_get_finished    (PxRunItem           *self);
void                 px_run_item_finish          (PxRunItem           *self,
                                                  const PxRepetitions *reps);
const PxSummary     *px_run_item_get_summary     (PxRunItem           *self);
const PxRepetitions *px_run_item_get_repetitions (PxRunItem           *self);
char                *px_run_item_dup_title       (PxRunItem           *self);
char                *px_run_item_dup_description (PxRunItem           *self);
const char          *px_run_item_executor_label  (PxExecutorKind       kind);

G_END_DECLS
