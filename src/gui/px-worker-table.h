/* px-worker-table.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-run.h"
#include "px-sampler.h"

G_BEGIN_DECLS

#define PX_TYPE_WORKER_TABLE (px_worker_table_get_type ())

G_DECLARE_FINAL_TYPE (PxWorkerTable, px_worker_table, PX, WORKER_TABLE, GtkWidget)

GtkWidget *px_worker_table_new        (void);
void       px_worker_table_set_run    (PxWorkerTable *self,
                                       PxRun         *run,
                                       PxSampler     *sampler);
void       px_worker_table_refresh    (PxWorkerTable *self);
guint      px_worker_table_get_n_rows (PxWorkerTable *self);
char      *px_worker_table_dup_cell   (PxWorkerTable *self,
                                       guint          row,
                                       guint          column);

G_END_DECLS
