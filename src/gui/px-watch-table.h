/* px-watch-table.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-watch.h"

G_BEGIN_DECLS

/* The columns of the table, for tests. */
typedef enum
{
  PX_WATCH_COLUMN_NAME,
  PX_WATCH_COLUMN_ID,
  PX_WATCH_COLUMN_STATE,
  PX_WATCH_COLUMN_CPU,
  PX_WATCH_COLUMN_RUNNABLE,
  PX_WATCH_COLUMN_CPU_TIME,
  PX_WATCH_COLUMN_WAIT_TIME,
  PX_WATCH_COLUMN_SWITCHES,
  PX_WATCH_COLUMN_MEMORY,
  PX_WATCH_COLUMN_IO,
  PX_WATCH_N_COLUMNS
} PxWatchColumn;

#define PX_TYPE_WATCH_TABLE (px_watch_table_get_type ())

G_DECLARE_FINAL_TYPE (PxWatchTable, px_watch_table, PX, WATCH_TABLE, GtkWidget)

GtkWidget *px_watch_table_new        (void);
void       px_watch_table_set_watch  (PxWatchTable *self,
                                      PxWatch      *watch);
void       px_watch_table_refresh    (PxWatchTable *self);
guint      px_watch_table_get_n_rows (PxWatchTable *self);
char      *px_watch_table_dup_cell   (PxWatchTable *self,
                                      guint         row,
                                      PxWatchColumn column);
gboolean   px_watch_table_row_is_process (PxWatchTable *self,
                                          guint         row);

G_END_DECLS
