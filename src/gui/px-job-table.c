/* px-job-table.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The jobs of a kind=command run, a row each as they end: how each
 * ended, its time, what the kernel says it used and what it wrote.
 * Selecting one (here or on the timeline) shows its command line as it
 * ran and the last lines of its output and error below the table.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-cell-text.h"
#include "px-job-table.h"
#include "px-summary.h"

enum {
  COL_NUMBER,
  COL_INPUT,
  COL_END,
  COL_TIME,
  COL_CPU,
  COL_RSS,
  COL_OUTPUT,
  N_COLS
};

/* One job's row: its task id; the cells read the run. */
#define PX_TYPE_JOB_ITEM (px_job_item_get_type ())
G_DECLARE_FINAL_TYPE (PxJobItem, px_job_item, PX, JOB_ITEM, GObject)

struct _PxJobItem
{
  GObject  parent_instance;
  guint32  task;
};

G_DEFINE_FINAL_TYPE (PxJobItem, px_job_item, G_TYPE_OBJECT)

static void px_job_item_class_init (PxJobItemClass *klass) { }
static void px_job_item_init (PxJobItem *self) { }

struct _PxJobTable
{
  GtkWidget           parent_instance;

  GtkWidget          *paned;
  GtkColumnView      *view;
  GtkSingleSelection *selection;
  GListStore         *store;
  GtkTextBuffer      *details;
  PxRun              *run;
  /* Which tasks have a row, and the lowest that may not yet. */
  guint8             *seen;
  guint               low;
  guint               n_seen;
};

G_DEFINE_FINAL_TYPE (PxJobTable, px_job_table, GTK_TYPE_WIDGET)

/* How the job ended, in a word or three. */
static char *
describe_end (PxJobTable *self,
              guint32     task)
{
  const PxTaskRecord *r = &px_run_get_records (self->run, NULL)[task];
  const PxJobRecord *job = &px_run_get_job_records (self->run, NULL)[task];

  if (r->status == PX_TASK_CANCELLED)
    return g_strdup (_("cancelled"));
  if (job->timed_out)
    return g_strdup (_("timed out"));
  if (job->signal != 0)
    /* Translators: the job was ended by this signal, as SIGKILL. */
    return g_strdup_printf (_("signal %s"), g_strsignal (job->signal));
  if (job->exit_status < 0)
    return g_strdup (_("did not run"));
  return g_strdup_printf (_("exit %d"), job->exit_status);
}

static char *
cell_text (PxJobTable *self,
           guint32     task,
           guint       column)
{
  const PxTaskRecord *r = &px_run_get_records (self->run, NULL)[task];
  const PxJobRecord *job = &px_run_get_job_records (self->run, NULL)[task];

  switch (column)
    {
    case COL_NUMBER:
      return g_strdup_printf ("%u", px_run_get_job_number (self->run, task));
    case COL_INPUT:
      return g_strdup (px_run_get_input (self->run, task) ? px_run_get_input (self->run, task)
                                                          : "—");
    case COL_END:
      return describe_end (self, task);
    case COL_TIME:
      return r->start_us > 0 ? px_format_duration ((double)(r->end_us - r->start_us))
                             : g_strdup ("—");
    case COL_CPU:
      return job->pid > 0 ? px_format_duration ((double)(job->user_us + job->system_us))
                          : g_strdup ("—");
    case COL_RSS:
      return job->max_rss_bytes > 0 ? g_format_size (job->max_rss_bytes) : g_strdup ("—");
    case COL_OUTPUT:
      {
        g_autofree char *out = g_format_size (job->out_bytes);
        g_autofree char *err = g_format_size (job->err_bytes);

        /* Translators: bytes a job wrote to its standard output, then to
         * its standard error. */
        return job->err_bytes > 0 ? g_strdup_printf (_("%s + %s errors"), out, err)
                                  : g_steal_pointer (&out);
      }
    default:
      g_assert_not_reached ();
    }
}

/* What orders a column that holds a quantity. */
static double
sort_value (PxJobTable *self,
            guint32     task,
            guint       column)
{
  const PxTaskRecord *r = &px_run_get_records (self->run, NULL)[task];
  const PxJobRecord *job = &px_run_get_job_records (self->run, NULL)[task];

  switch (column)
    {
    case COL_NUMBER:
      return px_run_get_job_number (self->run, task);
    case COL_END:
      /* Failures first when sorted down: how far from a clean exit. */
      return r->status == PX_TASK_CANCELLED ? -1
             : job->timed_out ? 1000 : job->signal != 0 ? 500 + job->signal : job->exit_status;
    case COL_TIME:
      return (double)(r->end_us - r->start_us);
    case COL_CPU:
      return (double)(job->user_us + job->system_us);
    case COL_RSS:
      return (double)job->max_rss_bytes;
    case COL_OUTPUT:
      return (double)(job->out_bytes + job->err_bytes);
    default:
      return 0;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  GtkWidget *widget = g_object_get_data (G_OBJECT (a), "px-table");
  PxJobTable *self = PX_JOB_TABLE (widget);
  guint column = GPOINTER_TO_UINT (user_data);
  guint32 x = PX_JOB_ITEM ((gpointer)a)->task;
  guint32 y = PX_JOB_ITEM ((gpointer)b)->task;

  if (column == COL_INPUT)
    return g_strcmp0 (px_run_get_input (self->run, x), px_run_get_input (self->run, y));
  {
    double u = sort_value (self, x, column), v = sort_value (self, y, column);

    return u < v ? -1 : u > v ? 1 : 0;
  }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  /* Room for the widest usual value, in digits. */
  static const guint width_chars[N_COLS] = {
    [COL_NUMBER] = 5, [COL_INPUT] = 16, [COL_END] = 10, [COL_TIME] = 8, [COL_CPU] = 8,
    [COL_RSS] = 8, [COL_OUTPUT] = 14,
  };
  guint column = GPOINTER_TO_UINT (user_data);
  gboolean left = column == COL_INPUT || column == COL_END;

  gtk_list_item_set_child (item, px_cell_text_new (width_chars[column], left ? 0.0 : 1.0));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  PxJobItem *row = gtk_list_item_get_item (item);
  PxJobTable *self = g_object_get_data (G_OBJECT (row), "px-table");
  g_autofree char *text = cell_text (self, row->task, GPOINTER_TO_UINT (user_data));

  px_cell_text_set_text (PX_CELL_TEXT (gtk_list_item_get_child (item)), text);
}

static void
add_column (PxJobTable *self,
            const char *title,
            guint       column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (column == COL_INPUT)
    gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (col);
}

static void
add_section (GString    *text,
             const char *heading,
             const char *body)
{
  g_string_append_printf (text, "\n%s\n%s\n", heading, body);
}

/* Everything about task @task's job, as the pane below the table shows
 * it. */
static char *
describe_job (PxJobTable *self,
              guint32     task)
{
  const PxTaskRecord *r = &px_run_get_records (self->run, NULL)[task];
  const PxJobRecord *job = &px_run_get_job_records (self->run, NULL)[task];
  GString *text = g_string_new (NULL);
  g_autofree char *command = px_run_dup_job_command (self->run, task, r->worker);
  g_autofree char *end = describe_end (self, task);
  g_autofree char *reason = px_run_dup_failure_reason (self->run, task);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *input = px_run_get_input (self->run, task);

  g_string_append_printf (text, _("Job %u on worker %u"), px_run_get_job_number (self->run, task),
                          (guint)r->worker);
  if (job->pid > 0)
    g_string_append_printf (text, _(", pid %d"), job->pid);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Command: %s\n"), command ? command : "");
  if (input != NULL)
    g_string_append_printf (text, _("Input: %s\n"), input);
  g_string_append_printf (text, _("Ended: %s, attempt %u\n"), end, r->attempt + 1u);
  if (r->start_us > 0)
    {
      g_autofree char *wall = px_format_duration ((double)(r->end_us - r->start_us));
      g_autofree char *wait = px_format_duration ((double)MAX (r->start_us - r->enqueue_us, 0));

      g_string_append_printf (text, _("Time: %s, after %s in the queue\n"), wall, wait);
    }
  if (job->pid > 0)
    {
      g_autofree char *user = px_format_duration ((double)job->user_us);
      g_autofree char *system = px_format_duration ((double)job->system_us);
      g_autofree char *rss = g_format_size (job->max_rss_bytes);
      g_autofree char *out_bytes = g_format_size (job->out_bytes);
      g_autofree char *err_bytes = g_format_size (job->err_bytes);

      g_string_append_printf (text, _("CPU: %s user, %s system; peak RSS %s\n"), user, system,
                              rss);
      g_string_append_printf (text, _("Wrote: %s of output, %s of errors\n"), out_bytes,
                              err_bytes);
    }
  if (reason != NULL)
    g_string_append_printf (text, _("Why it failed: %s\n"), reason);
  px_run_dup_job_output (self->run, task, &out, &err);
  add_section (text, _("Last lines of its output:"), out ? out : _("(none)"));
  add_section (text, _("Last lines of its errors:"), err ? err : _("(none)"));
  return g_string_free (text, FALSE);
}

static void
selection_changed_cb (PxJobTable *self)
{
  PxJobItem *row = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *text = NULL;

  if (row != NULL && self->run != NULL)
    text = describe_job (self, row->task);
  gtk_text_buffer_set_text (self->details, text ? text : _("Select a job to see its command "
                                                           "line and what it wrote."), -1);
}

static void
px_job_table_dispose (GObject *object)
{
  PxJobTable *self = PX_JOB_TABLE (object);

  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->run);
  g_clear_pointer (&self->seen, g_free);

  G_OBJECT_CLASS (px_job_table_parent_class)->dispose (object);
}

static void
px_job_table_class_init (PxJobTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_job_table_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobtable");
}

static void
px_job_table_init (PxJobTable *self)
{
  GtkSortListModel *sorted;
  GtkWidget *scroller, *details_scroller, *details_view;

  self->store = g_list_store_new (PX_TYPE_JOB_ITEM);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");

  add_column (self, _("Job"), COL_NUMBER);
  add_column (self, _("Input"), COL_INPUT);
  add_column (self, _("Ended"), COL_END);
  add_column (self, _("Time"), COL_TIME);
  add_column (self, _("CPU"), COL_CPU);
  add_column (self, _("Peak RSS"), COL_RSS);
  add_column (self, _("Wrote"), COL_OUTPUT);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));

  details_view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (details_view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (details_view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (details_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (details_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (details_view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (details_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (details_view), 6);
  self->details = gtk_text_view_get_buffer (GTK_TEXT_VIEW (details_view));
  details_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (details_scroller), details_view);

  self->paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (self->paned), details_scroller);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), TRUE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_widget_set_size_request (details_scroller, -1, 90);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));
  selection_changed_cb (self);
}

GtkWidget *
px_job_table_new (void)
{
  return g_object_new (PX_TYPE_JOB_TABLE, NULL);
}

/* Shows the jobs of @run; NULL, or a run of another kind, empties the
 * table. */
void
px_job_table_set_run (PxJobTable *self,
                      PxRun      *run)
{
  g_return_if_fail (PX_IS_JOB_TABLE (self));

  if (run != NULL && px_run_get_job_records (run, NULL) == NULL)
    run = NULL;
  g_set_object (&self->run, run);
  g_clear_pointer (&self->seen, g_free);
  self->low = self->n_seen = 0;
  g_list_store_remove_all (self->store);
  px_job_table_refresh (self);
}

/* Adds a row for each job that ended since the last call. */
void
px_job_table_refresh (PxJobTable *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  const PxTaskRecord *records;
  PxRunCounters c;
  guint n, ended;
  gboolean over;

  g_return_if_fail (PX_IS_JOB_TABLE (self));

  if (self->run == NULL)
    return;
  records = px_run_get_records (self->run, &n);
  px_run_get_counters (self->run, &c);
  ended = c.done + c.failed + c.cancelled;
  over = px_run_get_end_time (self->run) != 0;
  if (self->seen == NULL)
    self->seen = g_new0 (guint8, n / 8 + 1);
  if (self->n_seen >= ended && (!over || self->low >= n))
    return;

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint id = self->low; id < n && (self->n_seen + rows->len < ended || over); id++)
    {
      PxJobItem *row;

      if (self->seen[id / 8] & (1u << (id % 8)))
        continue;
      if (__atomic_load_n (&records[id].status, __ATOMIC_ACQUIRE) == PX_TASK_PENDING)
        continue;
      self->seen[id / 8] |= 1u << (id % 8);
      row = g_object_new (PX_TYPE_JOB_ITEM, NULL);
      row->task = id;
      g_object_set_data (G_OBJECT (row), "px-table", self);
      g_ptr_array_add (rows, row);
    }
  self->n_seen += rows->len;
  while (self->low < n && (self->seen[self->low / 8] & (1u << (self->low % 8))))
    self->low++;
  if (rows->len > 0)
    g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                         rows->pdata, rows->len);
}

/* Selects task @task_id's job and scrolls to it; FALSE if it has no row
 * (yet). */
gboolean
px_job_table_select (PxJobTable *self,
                     guint32     task_id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (PX_IS_JOB_TABLE (self), FALSE);

  px_job_table_refresh (self);
  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PxJobItem) row = g_list_model_get_item (model, i);

      if (row->task == task_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* The column view's list scrolls to it (GTK 4.8 has no
           * gtk_column_view_scroll_to()). */
          for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view));
               child != NULL; child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_LIST_VIEW (child))
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

guint
px_job_table_get_n_rows (PxJobTable *self)
{
  g_return_val_if_fail (PX_IS_JOB_TABLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* The text of a cell, rows in the order the jobs ended; for tests. */
char *
px_job_table_dup_cell (PxJobTable *self,
                       guint       row,
                       guint       column)
{
  g_autoptr(PxJobItem) item = NULL;

  g_return_val_if_fail (PX_IS_JOB_TABLE (self), NULL);

  if (row >= px_job_table_get_n_rows (self) || column >= N_COLS)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->store), row);
  return cell_text (self, item->task, column);
}

/* What the pane below the table shows. */
char *
px_job_table_dup_details (PxJobTable *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (PX_IS_JOB_TABLE (self), NULL);

  gtk_text_buffer_get_bounds (self->details, &start, &end);
  return gtk_text_buffer_get_text (self->details, &start, &end, FALSE);
}
