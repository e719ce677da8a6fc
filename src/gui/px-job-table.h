/* px-job-table.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-run.h"

G_BEGIN_DECLS

#define PX_TYPE_JOB_TABLE (px_job_table_get_type ())

G_DECLARE_FINAL_TYPE (PxJobTable, px_job_table, PX, JOB_TABLE, GtkWidget)

GtkWidget *px_job_table_new          (void);
void       px_job_table_set_run      (PxJobTable *self,
                                      PxRun      *run);
void       px_job_table_refresh      (PxJobTable *self);
gboolean   px_job_table_select       (PxJobTable *self,
                                      guint32     task_id);
guint      px_job_table_get_n_rows   (PxJobTable *self);
char      *px_job_table_dup_cell     (PxJobTable *self,
                                      guint       row,
                                      guint       column);
char      *px_job_table_dup_details  (PxJobTable *self);

G_END_DECLS
