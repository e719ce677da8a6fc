/* px-watch-table.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of a watched program: a row per process, its threads under
 * it (a GtkTreeListModel), each with its state, its CPU and time waiting
 * for a CPU in the last sample, what the kernel accounted to it while
 * watched, switches a second, and a process's memory and storage IO.
 * Sorting by a column sorts the threads within their process.
 *
 * As in the worker table, rows are small GObjects updated in place; a
 * bound cell listens to its row's "changed" signal, so a refresh touches
 * only the labels whose text changed.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-cell-text.h"
#include "px-summary.h"
#include "px-watch-table.h"

#define N_COLS PX_WATCH_N_COLUMNS

/* A process's or a thread's row; private to the table. */
#define PX_TYPE_WATCH_ROW (px_watch_row_get_type ())
G_DECLARE_FINAL_TYPE (PxWatchRow, px_watch_row, PX, WATCH_ROW, GObject)

struct _PxWatchRow
{
  GObject     parent_instance;

  gboolean    process;
  /* Its index among the watch's processes or threads. */
  guint       index;
  /* A process's threads. */
  GListStore *children;
  char       *text[N_COLS];
  double      sort[N_COLS];
};

G_DEFINE_FINAL_TYPE (PxWatchRow, px_watch_row, G_TYPE_OBJECT)

static guint row_changed_signal;

static void
px_watch_row_finalize (GObject *object)
{
  PxWatchRow *self = PX_WATCH_ROW (object);

  for (guint i = 0; i < N_COLS; i++)
    g_free (self->text[i]);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (px_watch_row_parent_class)->finalize (object);
}

static void
px_watch_row_class_init (PxWatchRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = px_watch_row_finalize;

  row_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
px_watch_row_init (PxWatchRow *self)
{
}

struct _PxWatchTable
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  GtkColumnView      *view;
  GListStore         *processes;
  GtkTreeListModel   *tree;
  GtkSortListModel   *sorted;
  PxWatch            *watch;
  /* Rows made so far; the process row of each pid, the latest. */
  GPtrArray          *process_rows;
  GPtrArray          *thread_rows;
  GHashTable         *row_of_pid;
};

G_DEFINE_FINAL_TYPE (PxWatchTable, px_watch_table, GTK_TYPE_WIDGET)

/* Sets a cell's text and what it sorts by; TRUE if the text changed. */
static gboolean
set_cell (PxWatchRow *row,
          guint       column,
          char       *text,
          double      sort)
{
  gboolean changed = g_strcmp0 (row->text[column], text) != 0;

  g_free (row->text[column]);
  row->text[column] = text;
  row->sort[column] = sort;
  return changed;
}

static char *
percent_text (double v)
{
  return isnan (v) ? g_strdup ("—") : g_strdup_printf ("%.0f %%", v);
}

static gboolean
update_thread_row (PxWatchTable *self,
                   PxWatchRow   *row)
{
  const PxWatchThread *t = px_watch_get_thread (self->watch, row->index);
  double cpu = t->ended ? NAN : px_history_get_last (t->series[PX_WATCH_THREAD_CPU]);
  double run = t->ended ? NAN : px_history_get_last (t->series[PX_WATCH_THREAD_RUNNABLE]);
  double sw = t->ended ? NAN : px_history_get_last (t->series[PX_WATCH_THREAD_SWITCHES]);
  double cpu_us = (double)(t->cpu_ns - t->cpu_ns_first) / 1e3;
  double wait_us = (double)(t->wait_ns - t->wait_ns_first) / 1e3;
  gboolean changed = FALSE;

  changed |= set_cell (row, PX_WATCH_COLUMN_NAME, g_strdup (t->name), 0);
  changed |= set_cell (row, PX_WATCH_COLUMN_ID, g_strdup_printf ("%d", t->tid), t->tid);
  changed |= set_cell (row, PX_WATCH_COLUMN_STATE,
                       g_strdup (t->ended ? _("ended") : px_watch_state_name (t->state)),
                       t->ended ? PX_WATCH_N_STATES : t->state);
  changed |= set_cell (row, PX_WATCH_COLUMN_CPU, percent_text (cpu), isnan (cpu) ? -1 : cpu);
  changed |= set_cell (row, PX_WATCH_COLUMN_RUNNABLE, percent_text (run),
                       isnan (run) ? -1 : run);
  changed |= set_cell (row, PX_WATCH_COLUMN_CPU_TIME, px_format_duration (cpu_us), cpu_us);
  changed |= set_cell (row, PX_WATCH_COLUMN_WAIT_TIME, px_format_duration (wait_us), wait_us);
  changed |= set_cell (row, PX_WATCH_COLUMN_SWITCHES,
                       isnan (sw) ? g_strdup ("—") : px_figure_format_unit (PX_FIGURE_PER_SECOND,
                                                                             sw),
                       isnan (sw) ? -1 : sw);
  changed |= set_cell (row, PX_WATCH_COLUMN_MEMORY, g_strdup (""), 0);
  changed |= set_cell (row, PX_WATCH_COLUMN_IO, g_strdup (""), 0);
  return changed;
}

static gboolean
update_process_row (PxWatchTable *self,
                    PxWatchRow   *row)
{
  const PxWatchProcess *p = px_watch_get_process (self->watch, row->index);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (row->children));
  double cpu = p->ended ? NAN : px_history_get_last (p->series[PX_WATCH_PROCESS_CPU]);
  double run = 0, sw = 0, cpu_us = 0, wait_us = 0;
  guint alive = 0;
  gboolean changed = FALSE;
  g_autofree char *state = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PxWatchRow) child = g_list_model_get_item (G_LIST_MODEL (row->children), i);
      const PxWatchThread *t = px_watch_get_thread (self->watch, child->index);
      double v;

      cpu_us += (double)(t->cpu_ns - t->cpu_ns_first) / 1e3;
      wait_us += (double)(t->wait_ns - t->wait_ns_first) / 1e3;
      if (t->ended)
        continue;
      alive++;
      v = px_history_get_last (t->series[PX_WATCH_THREAD_RUNNABLE]);
      run += isnan (v) ? 0 : v;
      v = px_history_get_last (t->series[PX_WATCH_THREAD_SWITCHES]);
      sw += isnan (v) ? 0 : v;
    }
  if (p->ended)
    state = g_strdup (_("ended"));
  else
    /* Translators: the state column of a process: its live threads. */
    state = g_strdup_printf (ngettext ("%u thread", "%u threads", alive), alive);

  changed |= set_cell (row, PX_WATCH_COLUMN_NAME, g_strdup (p->name), 0);
  changed |= set_cell (row, PX_WATCH_COLUMN_ID, g_strdup_printf ("%d", p->pid), p->pid);
  changed |= set_cell (row, PX_WATCH_COLUMN_STATE, g_steal_pointer (&state),
                       p->ended ? -1.0 : (double)alive);
  changed |= set_cell (row, PX_WATCH_COLUMN_CPU, percent_text (cpu), isnan (cpu) ? -1 : cpu);
  changed |= set_cell (row, PX_WATCH_COLUMN_RUNNABLE, percent_text (p->ended ? NAN : run),
                       p->ended ? -1 : run);
  changed |= set_cell (row, PX_WATCH_COLUMN_CPU_TIME, px_format_duration (cpu_us), cpu_us);
  changed |= set_cell (row, PX_WATCH_COLUMN_WAIT_TIME, px_format_duration (wait_us), wait_us);
  changed |= set_cell (row, PX_WATCH_COLUMN_SWITCHES,
                       p->ended ? g_strdup ("—") : px_figure_format_unit (PX_FIGURE_PER_SECOND,
                                                                          sw),
                       p->ended ? -1 : sw);
  changed |= set_cell (row, PX_WATCH_COLUMN_MEMORY,
                       p->ended ? g_strdup ("—") : g_format_size (p->rss_bytes),
                       p->ended ? -1 : (double)p->rss_bytes);
  if (p->io_readable && !p->ended)
    {
      g_autofree char *rd = px_figure_format_unit (PX_FIGURE_BYTES_PER_SECOND, p->read_rate);
      g_autofree char *wr = px_figure_format_unit (PX_FIGURE_BYTES_PER_SECOND, p->write_rate);

      changed |= set_cell (row, PX_WATCH_COLUMN_IO, g_strdup_printf ("%s / %s", rd, wr),
                           p->read_rate + p->write_rate);
    }
  else
    changed |= set_cell (row, PX_WATCH_COLUMN_IO,
                         g_strdup (p->ended ? "—" : _("not readable")), -1);
  return changed;
}

static void
fill_cell (GtkWidget  *cell,
           PxWatchRow *row)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "px-column"));
  GtkWidget *text = GTK_IS_TREE_EXPANDER (cell) ? gtk_tree_expander_get_child (
                                                    GTK_TREE_EXPANDER (cell)) : cell;

  px_cell_text_set_text (PX_CELL_TEXT (text), row->text[column] ? row->text[column] : "");
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  /* Room for the widest usual value, in digits. */
  static const guint width_chars[N_COLS] = {
    [PX_WATCH_COLUMN_NAME] = 16, [PX_WATCH_COLUMN_ID] = 7, [PX_WATCH_COLUMN_STATE] = 10,
    [PX_WATCH_COLUMN_CPU] = 6, [PX_WATCH_COLUMN_RUNNABLE] = 6, [PX_WATCH_COLUMN_CPU_TIME] = 9,
    [PX_WATCH_COLUMN_WAIT_TIME] = 9, [PX_WATCH_COLUMN_SWITCHES] = 7,
    [PX_WATCH_COLUMN_MEMORY] = 9, [PX_WATCH_COLUMN_IO] = 20,
  };
  guint column = GPOINTER_TO_UINT (user_data);
  gboolean left = column == PX_WATCH_COLUMN_NAME || column == PX_WATCH_COLUMN_STATE;
  GtkWidget *cell = px_cell_text_new (width_chars[column], left ? 0.0 : 1.0);

  if (column == PX_WATCH_COLUMN_NAME)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), cell);
      cell = expander;
    }
  g_object_set_data (G_OBJECT (cell), "px-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  PxWatchRow *row = gtk_tree_list_row_get_item (tree_row);
  GtkWidget *cell = gtk_list_item_get_child (item);

  if (GTK_IS_TREE_EXPANDER (cell))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), tree_row);
  fill_cell (cell, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (fill_cell), cell, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (cell), "px-row", g_object_ref (row), g_object_unref);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  PxWatchRow *row = g_object_get_data (G_OBJECT (cell), "px-row");

  if (row != NULL)
    g_signal_handlers_disconnect_by_data (row, cell);
  if (GTK_IS_TREE_EXPANDER (cell))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (cell), NULL);
  g_object_set_data (G_OBJECT (cell), "px-row", NULL);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  PxWatchRow *x = PX_WATCH_ROW ((gpointer)a);
  PxWatchRow *y = PX_WATCH_ROW ((gpointer)b);

  if (column == PX_WATCH_COLUMN_NAME)
    return g_strcmp0 (x->text[column], y->text[column]);
  return x->sort[column] < y->sort[column] ? -1 : x->sort[column] > y->sort[column] ? 1 : 0;
}

static void
add_column (PxWatchTable *self,
            const char   *title,
            guint         column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (column == PX_WATCH_COLUMN_NAME)
    gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (col);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  PxWatchRow *row = item;

  return row->process ? g_object_ref (G_LIST_MODEL (row->children)) : NULL;
}

static void
px_watch_table_dispose (GObject *object)
{
  PxWatchTable *self = PX_WATCH_TABLE (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->processes);
  g_clear_object (&self->watch);
  g_clear_pointer (&self->process_rows, g_ptr_array_unref);
  g_clear_pointer (&self->thread_rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_of_pid, g_hash_table_unref);

  G_OBJECT_CLASS (px_watch_table_parent_class)->dispose (object);
}

static void
px_watch_table_class_init (PxWatchTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_watch_table_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "watchtable");
}

static void
px_watch_table_init (PxWatchTable *self)
{
  GtkTreeListRowSorter *row_sorter;
  GtkNoSelection *selection;

  self->process_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->thread_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->row_of_pid = g_hash_table_new (NULL, NULL);
  self->processes = g_list_store_new (PX_TYPE_WATCH_ROW);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");

  /* Translators: columns of the table of a watched program's processes
   * and their threads. */
  add_column (self, _("Process or thread"), PX_WATCH_COLUMN_NAME);
  add_column (self, _("pid/tid"), PX_WATCH_COLUMN_ID);
  add_column (self, _("State"), PX_WATCH_COLUMN_STATE);
  add_column (self, _("CPU"), PX_WATCH_COLUMN_CPU);
  add_column (self, _("Runnable"), PX_WATCH_COLUMN_RUNNABLE);
  add_column (self, _("CPU time"), PX_WATCH_COLUMN_CPU_TIME);
  add_column (self, _("Waited for a CPU"), PX_WATCH_COLUMN_WAIT_TIME);
  add_column (self, _("Switches"), PX_WATCH_COLUMN_SWITCHES);
  add_column (self, _("Memory"), PX_WATCH_COLUMN_MEMORY);
  add_column (self, _("Read / written"), PX_WATCH_COLUMN_IO);

  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->processes)), FALSE,
                                        TRUE, create_children_cb, NULL, NULL);
  row_sorter = gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (
                                                             self->view)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->tree), GTK_SORTER (row_sorter));
  selection = gtk_no_selection_new (G_LIST_MODEL (self->sorted));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
px_watch_table_new (void)
{
  return g_object_new (PX_TYPE_WATCH_TABLE, NULL);
}

/* Shows @watch's processes and threads; NULL empties the table. */
void
px_watch_table_set_watch (PxWatchTable *self,
                          PxWatch      *watch)
{
  g_return_if_fail (PX_IS_WATCH_TABLE (self));

  if (self->watch == watch)
    return;
  g_set_object (&self->watch, watch);
  g_list_store_remove_all (self->processes);
  g_ptr_array_set_size (self->process_rows, 0);
  g_ptr_array_set_size (self->thread_rows, 0);
  g_hash_table_remove_all (self->row_of_pid);
  px_watch_table_refresh (self);
}

/* Rows for the processes and threads seen since the last refresh, and
 * the latest values of every row. */
void
px_watch_table_refresh (PxWatchTable *self)
{
  GtkSorter *sorter;

  g_return_if_fail (PX_IS_WATCH_TABLE (self));

  if (self->watch == NULL)
    return;
  while (self->process_rows->len < px_watch_get_n_processes (self->watch))
    {
      PxWatchRow *row = g_object_new (PX_TYPE_WATCH_ROW, NULL);

      row->process = TRUE;
      row->index = self->process_rows->len;
      row->children = g_list_store_new (PX_TYPE_WATCH_ROW);
      g_ptr_array_add (self->process_rows, row);
      g_hash_table_insert (self->row_of_pid,
                           GINT_TO_POINTER (px_watch_get_process (self->watch, row->index)->pid),
                           row);
      g_list_store_append (self->processes, row);
    }
  while (self->thread_rows->len < px_watch_get_n_threads (self->watch))
    {
      PxWatchRow *row = g_object_new (PX_TYPE_WATCH_ROW, NULL);
      const PxWatchThread *t;
      PxWatchRow *parent;

      row->index = self->thread_rows->len;
      t = px_watch_get_thread (self->watch, row->index);
      g_ptr_array_add (self->thread_rows, row);
      parent = g_hash_table_lookup (self->row_of_pid, GINT_TO_POINTER (t->pid));
      if (parent != NULL)
        g_list_store_append (parent->children, row);
      update_thread_row (self, row);
    }
  for (guint i = 0; i < self->thread_rows->len; i++)
    {
      PxWatchRow *row = g_ptr_array_index (self->thread_rows, i);

      if (update_thread_row (self, row))
        g_signal_emit (row, row_changed_signal, 0);
    }
  for (guint i = 0; i < self->process_rows->len; i++)
    {
      PxWatchRow *row = g_ptr_array_index (self->process_rows, i);

      if (update_process_row (self, row))
        g_signal_emit (row, row_changed_signal, 0);
    }

  /* Rows change in place: a sorted table sorts again. */
  sorter = gtk_column_view_get_sorter (self->view);
  if (gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

/* The rows shown: processes, and the threads of those expanded. */
guint
px_watch_table_get_n_rows (PxWatchTable *self)
{
  g_return_val_if_fail (PX_IS_WATCH_TABLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

static PxWatchRow *
get_row (PxWatchTable *self,
         guint         row)
{
  g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);

  return tree_row != NULL ? gtk_tree_list_row_get_item (tree_row) : NULL;
}

/* The text of a cell as shown, for tests. */
char *
px_watch_table_dup_cell (PxWatchTable  *self,
                         guint          row,
                         PxWatchColumn  column)
{
  g_autoptr(PxWatchRow) item = NULL;

  g_return_val_if_fail (PX_IS_WATCH_TABLE (self), NULL);

  if (column >= N_COLS || (item = get_row (self, row)) == NULL)
    return NULL;
  return g_strdup (item->text[column]);
}

gboolean
px_watch_table_row_is_process (PxWatchTable *self,
                               guint         row)
{
  g_autoptr(PxWatchRow) item = NULL;

  g_return_val_if_fail (PX_IS_WATCH_TABLE (self), FALSE);

  item = get_row (self, row);
  return item != NULL && item->process;
}
