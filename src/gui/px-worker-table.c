/* px-worker-table.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker table: a GtkColumnView with one row per worker: its colour
 * (the same as its line in the CPU graph), pid or tid, state, tasks done,
 * CPU, RSS and a bar of where its time went.
 *
 * Rows are small GObjects updated in place once per sample; a cell
 * listens to its row's "changed" signal while it is bound, so a refresh
 * touches only the labels whose text changed.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <unistd.h>

#include "px-cell-text.h"
#include "px-graph.h"
#include "px-summary.h"
#include "px-worker-table.h"

enum {
  COL_WORKER,
  COL_ID,
  COL_STATE,
  COL_TASKS,
  COL_CPU,
  COL_RSS,
  COL_BREAKDOWN,
  /* kind=command: the job the slot runs; shown after the state. */
  COL_JOB,
  /* Time spent waiting for a lock, on IO and passing tasks to and from a
   * worker process: shown once any worker spent some. */
  COL_LOCK_WAIT,
  COL_IO_WAIT,
  COL_IPC,
  COL_SIGNAL_WAIT,
  /* launcher=ssh or srun: the host it runs on; shown after the pid. */
  COL_HOST,
  N_COLS
};

/* One worker's row; private to the table. */
#define PX_TYPE_WORKER_ROW (px_worker_row_get_type ())
G_DECLARE_FINAL_TYPE (PxWorkerRow, px_worker_row, PX, WORKER_ROW, GObject)

struct _PxWorkerRow
{
  GObject  parent_instance;

  guint    index;
  /* Its host's colour index (launcher=ssh or srun); G_MAXUINT: none. */
  guint    place;
  char    *text[N_COLS];
  double   sort[N_COLS];
  gint64   time_us[PX_WORKER_N_STATES];
};

G_DEFINE_FINAL_TYPE (PxWorkerRow, px_worker_row, G_TYPE_OBJECT)

static guint row_changed_signal;

static void
px_worker_row_finalize (GObject *object)
{
  PxWorkerRow *self = PX_WORKER_ROW (object);

  for (guint i = 0; i < N_COLS; i++)
    g_free (self->text[i]);

  G_OBJECT_CLASS (px_worker_row_parent_class)->finalize (object);
}

static void
px_worker_row_class_init (PxWorkerRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = px_worker_row_finalize;

  row_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
px_worker_row_init (PxWorkerRow *self)
{
}

/* The table. */
struct _PxWorkerTable
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *scroller;
  GtkColumnView  *view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *job_column;
  GtkColumnViewColumn *host_column;
  GtkColumnViewColumn *wait_columns[4];
  GListStore     *store;
  PxRun          *run;
  PxSampler      *sampler;
};

G_DEFINE_FINAL_TYPE (PxWorkerTable, px_worker_table, GTK_TYPE_WIDGET)

static const char *
state_label (PxWorkerState state)
{
  switch (state)
    {
    case PX_WORKER_IDLE:
      return _("Idle");
    case PX_WORKER_COMPUTING:
      return _("Computing");
    case PX_WORKER_LOCK_WAIT:
      return _("Lock wait");
    case PX_WORKER_IO_WAIT:
      return _("IO wait");
    case PX_WORKER_IPC:
      return _("IPC");
    case PX_WORKER_SIGNAL_WAIT:
      return _("Signal wait");
    case PX_WORKER_N_STATES:
    default:
      return "";
    }
}

static void
state_color (PxWorkerState  state,
             GdkRGBA       *color)
{
  static const PxColorRole roles[] = {
    [PX_WORKER_IDLE] = PX_COLOR_IDLE,
    [PX_WORKER_COMPUTING] = PX_COLOR_COMPUTE,
    [PX_WORKER_LOCK_WAIT] = PX_COLOR_LOCK_WAIT,
    [PX_WORKER_IO_WAIT] = PX_COLOR_IO_WAIT,
    [PX_WORKER_IPC] = PX_COLOR_IPC,
    [PX_WORKER_SIGNAL_WAIT] = PX_COLOR_SIGNAL_WAIT,
  };

  px_graph_get_role_color (roles[MIN (state, PX_WORKER_SIGNAL_WAIT)], color);
}

/* Sets a cell's text; TRUE if it changed. */
static gboolean
set_text (PxWorkerRow *row,
          guint        column,
          char        *text)
{
  if (g_strcmp0 (row->text[column], text) == 0)
    {
      g_free (text);
      return FALSE;
    }

  g_free (row->text[column]);
  row->text[column] = text;
  return TRUE;
}

static void
update_row (PxWorkerTable *self,
            PxWorkerRow   *row)
{
  PxWorkerSnapshot snapshot;
  gboolean changed = FALSE;
  double cpu = NAN, rss = NAN;
  char *rss_text;

  px_run_get_worker (self->run, row->index, &snapshot);
  if (self->sampler != NULL)
    {
      cpu = px_history_get_last (px_sampler_get_worker_series (self->sampler, row->index,
                                                               PX_WORKER_SERIES_CPU));
      rss = px_history_get_last (px_sampler_get_worker_series (self->sampler, row->index,
                                                               PX_WORKER_SERIES_RSS));
    }

  changed |= set_text (row, COL_WORKER, g_strdup_printf ("%u", row->index));
  /* A slot of jobs: its job's pid while one runs here (one on another
   * host has no pid here: its pid there is in the Jobs page once it
   * ends); a worker: its tid or pid. */
  if (px_run_get_job_records (self->run, NULL) != NULL)
    changed |= set_text (row, COL_ID, snapshot.job >= 0 && snapshot.pid > 0 &&
                                      snapshot.pid != getpid ()
                                      ? g_strdup_printf ("%d", snapshot.pid) : g_strdup ("—"));
  else
    changed |= set_text (row, COL_ID, snapshot.pid > 0 || snapshot.tid > 0
                                      ? g_strdup_printf ("%d", snapshot.tid > 0 ? snapshot.tid
                                                                               : snapshot.pid)
                                      : g_strdup ("—"));
  changed |= set_text (row, COL_STATE, g_strdup (state_label (snapshot.state)));
  if (snapshot.tasks_failed > 0)
    {
      g_autofree char *done = g_strdup_printf ("%" G_GUINT64_FORMAT, snapshot.tasks_done);
      g_autofree char *failed = g_strdup_printf ("%" G_GUINT64_FORMAT, snapshot.tasks_failed);

      /* Translators: tasks done by a worker, then how many of its tasks failed */
      changed |= set_text (row, COL_TASKS, g_strdup_printf (_("%s (%s failed)"), done, failed));
    }
  else
    changed |= set_text (row, COL_TASKS, g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                          snapshot.tasks_done));
  /* Once the run has ended, a worker's CPU is its mean over the run, not
   * the last sample's, which an idle worker would contradict. */
  if (px_run_get_end_time (self->run) > 0)
    {
      gint64 wall = px_run_get_end_time (self->run) - px_run_get_start_time (self->run);

      cpu = wall > 0 && snapshot.cpu_ns > 0 ? snapshot.cpu_ns / 10.0 / wall : NAN;
    }
  changed |= set_text (row, COL_CPU, isnan (cpu) ? g_strdup ("—")
                                                 : g_strdup_printf ("%.0f %%", cpu));
  rss_text = isnan (rss) ? g_strdup ("—") : g_format_size ((guint64)rss);
  changed |= set_text (row, COL_RSS, rss_text);
  if (snapshot.job >= 0)
    {
      guint32 task = (guint32)snapshot.job;
      g_autofree char *line = NULL;

      /* Read again only when the slot moved to another job. */
      if (row->sort[COL_JOB] != task + 1 || row->text[COL_JOB] == NULL)
        {
          line = px_run_dup_job_command (self->run, task, row->index);
          changed |= set_text (row, COL_JOB,
                               g_strdup_printf ("#%u  %s", px_run_get_job_number (self->run, task),
                                                line ? line : ""));
        }
      row->sort[COL_JOB] = task + 1;
    }
  else
    {
      changed |= set_text (row, COL_JOB, g_strdup ("—"));
      row->sort[COL_JOB] = 0;
    }

  /* Under srun, a step says which node it is on once it starts. */
  if (px_run_get_spec (self->run)->launcher != PX_LAUNCHER_LOCAL &&
      (row->text[COL_HOST] == NULL || row->sort[COL_HOST] != snapshot.host ||
       px_run_get_spec (self->run)->launcher == PX_LAUNCHER_SRUN))
    {
      char *host = px_run_dup_worker_host (self->run, row->index);

      if (host == NULL)
        host = g_strdup (snapshot.elsewhere ? "…" : _("this machine"));
      changed |= set_text (row, COL_HOST, host);
      row->sort[COL_HOST] = snapshot.host;
    }
  if (self->sampler != NULL &&
      px_sampler_get_worker_place (self->sampler, row->index) != row->place)
    {
      row->place = px_sampler_get_worker_place (self->sampler, row->index);
      changed = TRUE;
    }

  row->sort[COL_WORKER] = row->index;
  row->sort[COL_ID] = snapshot.tid > 0 ? snapshot.tid : snapshot.pid;
  row->sort[COL_STATE] = snapshot.state;
  row->sort[COL_TASKS] = snapshot.tasks_done;
  row->sort[COL_CPU] = isnan (cpu) ? -1 : cpu;
  row->sort[COL_RSS] = isnan (rss) ? -1 : rss;

  if (memcmp (row->time_us, snapshot.time_us, sizeof row->time_us) != 0)
    {
      memcpy (row->time_us, snapshot.time_us, sizeof row->time_us);
      changed = TRUE;
    }
  row->sort[COL_BREAKDOWN] = snapshot.time_us[PX_WORKER_COMPUTING];
  {
    static const PxWorkerState waits[] = { PX_WORKER_LOCK_WAIT, PX_WORKER_IO_WAIT,
                                           PX_WORKER_IPC, PX_WORKER_SIGNAL_WAIT };

    for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
      {
        gint64 us = MAX (snapshot.time_us[waits[i]], 0);

        changed |= set_text (row, COL_LOCK_WAIT + i, px_format_duration ((double)us));
        row->sort[COL_LOCK_WAIT + i] = us;
      }
  }

  if (changed)
    g_signal_emit (row, row_changed_signal, 0);
}

/* The colour swatch of the worker column. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA color;
  /* Stored plus one, as a host: no data reads as none. */
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "px-index"));

  if (index == 0)
    return;
  px_graph_get_color (index - 1, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* The host column's swatch: a square of its host's colour, as its line
 * in the throughput graph and its lanes' edge in the timeline. */
static void
draw_host_swatch (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  GdkRGBA color;
  guint place = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "px-place"));

  if (place == 0)
    return;
  px_graph_get_host_color (place - 1, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_rectangle (cr, 1, 1, width - 2, height - 2);
  cairo_fill (cr);
}

/* The time breakdown bar: one segment per state, widths by time spent. */
static void
draw_breakdown (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  PxWorkerRow *row = g_object_get_data (G_OBJECT (area), "px-row");
  static const PxWorkerState order[] = {
    PX_WORKER_COMPUTING, PX_WORKER_LOCK_WAIT, PX_WORKER_IO_WAIT, PX_WORKER_IPC,
    PX_WORKER_SIGNAL_WAIT, PX_WORKER_IDLE,
  };
  double total = 0, x = 0;
  double bar_h = MIN (height, 12);
  double y = (height - bar_h) / 2;

  if (row == NULL)
    return;

  for (guint i = 0; i < PX_WORKER_N_STATES; i++)
    total += MAX (row->time_us[i], 0);
  if (total <= 0)
    return;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 3, y + 3, 3, G_PI, 1.5 * G_PI);
  cairo_arc (cr, width - 3, y + 3, 3, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, width - 3, y + bar_h - 3, 3, 0, 0.5 * G_PI);
  cairo_arc (cr, 3, y + bar_h - 3, 3, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
  cairo_clip (cr);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      double w = width * MAX (row->time_us[order[i]], 0) / total;
      GdkRGBA color;

      if (w <= 0)
        continue;
      state_color (order[i], &color);
      if (order[i] == PX_WORKER_IDLE)
        color.alpha = 0.35;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x, y, w, bar_h);
      cairo_fill (cr);
      x += w;
    }
  cairo_restore (cr);
}

static char *
breakdown_tooltip (PxWorkerRow *row)
{
  GString *text = g_string_new (NULL);
  double total = 0;

  for (guint i = 0; i < PX_WORKER_N_STATES; i++)
    total += MAX (row->time_us[i], 0);
  for (guint i = 0; i < PX_WORKER_N_STATES; i++)
    g_string_append_printf (text, "%s%s: %.1f s (%.0f %%)", i ? "\n" : "",
                            state_label (i), row->time_us[i] / 1e6,
                            total > 0 ? 100.0 * row->time_us[i] / total : 0.0);

  return g_string_free (text, FALSE);
}

static gboolean
breakdown_query_tooltip_cb (GtkWidget  *cell,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip,
                            gpointer    user_data)
{
  PxWorkerRow *row = g_object_get_data (G_OBJECT (cell), "px-row");
  g_autofree char *text = NULL;

  if (row == NULL)
    return FALSE;

  text = breakdown_tooltip (row);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
fill_cell (GtkWidget   *cell,
           PxWorkerRow *row)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "px-column"));

  if (column == COL_BREAKDOWN)
    {
      g_object_set_data (G_OBJECT (cell), "px-row", row);
      gtk_widget_queue_draw (cell);
    }
  else if (column == COL_WORKER || column == COL_HOST)
    {
      GtkWidget *swatch = gtk_widget_get_first_child (cell);
      GtkWidget *label = gtk_widget_get_next_sibling (swatch);
      const char *key = column == COL_WORKER ? "px-index" : "px-place";
      /* Stored plus one: no data reads as no worker or host. */
      gpointer value = column == COL_WORKER ? GUINT_TO_POINTER (row->index + 1)
                       : GUINT_TO_POINTER (row->place == G_MAXUINT ? 0 : row->place + 1);

      /* Redrawn only when its colour changes: a cell left alone keeps its
       * render node, and GTK repaints none of it. */
      if (g_object_get_data (G_OBJECT (swatch), key) != value)
        {
          g_object_set_data (G_OBJECT (swatch), key, value);
          gtk_widget_queue_draw (swatch);
        }
      px_cell_text_set_text (PX_CELL_TEXT (label), row->text[column]);
    }
  else
    px_cell_text_set_text (PX_CELL_TEXT (cell), row->text[column]);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell;

  if (column == COL_BREAKDOWN)
    {
      cell = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (cell), 160);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (cell), 16);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (cell), draw_breakdown, NULL, NULL);
      gtk_widget_set_hexpand (cell, TRUE);
      /* Written when asked for: setting a tooltip's text makes GTK look
       * for the pointer, a round trip to the display server. */
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (breakdown_query_tooltip_cb), NULL);
    }
  else if (column == COL_WORKER || column == COL_HOST)
    {
      /* A swatch, the worker's round, the host's square, then text. */
      gboolean worker = column == COL_WORKER;
      GtkWidget *swatch = gtk_drawing_area_new ();

      cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, worker ? 8 : 6);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), worker ? 12 : 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), worker ? 12 : 10);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch),
                                      worker ? draw_swatch : draw_host_swatch, NULL, NULL);
      gtk_box_append (GTK_BOX (cell), swatch);
      gtk_box_append (GTK_BOX (cell), px_cell_text_new (worker ? 3 : 16, 0.0));
    }
  else
    {
      /* Room for the widest usual value, in digits. */
      static const guint width_chars[N_COLS] = {
        [COL_ID] = 7, [COL_STATE] = 10, [COL_TASKS] = 9, [COL_CPU] = 6, [COL_RSS] = 9,
        [COL_JOB] = 28, [COL_LOCK_WAIT] = 9, [COL_IO_WAIT] = 9, [COL_IPC] = 9, [COL_HOST] = 16,
        [COL_SIGNAL_WAIT] = 9,
      };

      cell = px_cell_text_new (width_chars[column],
                               column == COL_STATE || column == COL_JOB || column == COL_HOST
                               ? 0.0 : 1.0);
    }

  g_object_set_data (G_OBJECT (cell), "px-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  PxWorkerRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);

  fill_cell (cell, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (fill_cell), cell, G_CONNECT_SWAPPED);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  PxWorkerRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_data (row, cell);
  if (GPOINTER_TO_UINT (user_data) == COL_BREAKDOWN)
    g_object_set_data (G_OBJECT (cell), "px-row", NULL);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  double x = PX_WORKER_ROW ((gpointer)a)->sort[column];
  double y = PX_WORKER_ROW ((gpointer)b)->sort[column];

  return x < y ? -1 : x > y ? 1 : 0;
}

static GtkColumnViewColumn *
add_column (PxWorkerTable *self,
            const char    *title,
            guint          column)
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
  if (column == COL_BREAKDOWN)
    gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (col);
  return col;
}

static GtkWidget *
build_legend (void)
{
  static const PxWorkerState order[] = {
    PX_WORKER_COMPUTING, PX_WORKER_LOCK_WAIT, PX_WORKER_IO_WAIT, PX_WORKER_IPC,
    PX_WORKER_SIGNAL_WAIT, PX_WORKER_IDLE,
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);

  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_add_css_class (box, "caption");

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *css = NULL;
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 5);
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 10);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (swatch, "px-state-swatch");
      css = g_strdup_printf ("px-state-%u", order[i]);
      gtk_widget_add_css_class (swatch, css);
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), gtk_label_new (state_label (order[i])));
      gtk_box_append (GTK_BOX (box), item);
    }

  return box;
}

static void
px_worker_table_dispose (GObject *object)
{
  PxWorkerTable *self = PX_WORKER_TABLE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_object (&self->run);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (px_worker_table_parent_class)->dispose (object);
}

static void
px_worker_table_class_init (PxWorkerTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_worker_table_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "workertable");
}

static void
px_worker_table_init (PxWorkerTable *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSelectionModel *selection;

  self->store = g_list_store_new (PX_TYPE_WORKER_ROW);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->view, FALSE);
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");

  add_column (self, _("Worker"), COL_WORKER);
  self->id_column = add_column (self, _("PID"), COL_ID);
  self->host_column = add_column (self, _("Host"), COL_HOST);
  /* Shown for a run with hosts only. */
  gtk_column_view_column_set_visible (self->host_column, FALSE);
  add_column (self, _("State"), COL_STATE);
  self->job_column = add_column (self, _("Job"), COL_JOB);
  /* Shown for a run of jobs only. */
  gtk_column_view_column_set_visible (self->job_column, FALSE);
  add_column (self, _("Tasks"), COL_TASKS);
  add_column (self, _("CPU"), COL_CPU);
  add_column (self, _("RSS"), COL_RSS);
  self->wait_columns[0] = add_column (self, _("Lock wait"), COL_LOCK_WAIT);
  self->wait_columns[1] = add_column (self, _("IO wait"), COL_IO_WAIT);
  self->wait_columns[2] = add_column (self, _("IPC"), COL_IPC);
  self->wait_columns[3] = add_column (self, _("Signal wait"), COL_SIGNAL_WAIT);
  for (guint i = 0; i < G_N_ELEMENTS (self->wait_columns); i++)
    gtk_column_view_column_set_visible (self->wait_columns[i], FALSE);
  add_column (self, _("Time Breakdown"), COL_BREAKDOWN);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted))));
  gtk_column_view_set_model (self->view, selection);
  g_object_unref (selection);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (self->box), self->scroller);
  gtk_box_append (GTK_BOX (self->box), build_legend ());
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
px_worker_table_new (void)
{
  return g_object_new (PX_TYPE_WORKER_TABLE, NULL);
}

/* Shows the workers of @run; NULL empties the table. */
void
px_worker_table_set_run (PxWorkerTable *self,
                         PxRun         *run,
                         PxSampler     *sampler)
{
  g_return_if_fail (PX_IS_WORKER_TABLE (self));

  g_set_object (&self->run, run);
  g_set_object (&self->sampler, sampler);
  g_list_store_remove_all (self->store);

  if (run == NULL)
    return;

  gtk_column_view_column_set_title (self->id_column,
                                    px_run_get_spec (run)->executor != PX_EXECUTOR_PROCESSES
                                    ? _("TID") : _("PID"));
  gtk_column_view_column_set_visible (self->host_column,
                                      px_run_get_spec (run)->launcher != PX_LAUNCHER_LOCAL);
  /* A slot of jobs shows its job's pid, and the job. */
  gtk_column_view_column_set_visible (self->job_column,
                                      px_run_get_job_records (run, NULL) != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->wait_columns); i++)
    gtk_column_view_column_set_visible (self->wait_columns[i], FALSE);
  if (px_run_get_job_records (run, NULL) != NULL)
    gtk_column_view_column_set_title (self->id_column, _("PID"));

  {
    guint n = px_run_get_n_workers (run);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n, g_object_unref);

    for (guint i = 0; i < n; i++)
      {
        PxWorkerRow *row = g_object_new (PX_TYPE_WORKER_ROW, NULL);

        row->index = i;
        row->place = G_MAXUINT;
        update_row (self, row);
        g_ptr_array_add (rows, row);
      }
    g_list_store_splice (self->store, 0, 0, rows->pdata, rows->len);
  }
}

/* Reads the latest values of every worker. */
void
px_worker_table_refresh (PxWorkerTable *self)
{
  GtkSorter *sorter;
  guint n;

  g_return_if_fail (PX_IS_WORKER_TABLE (self));

  if (self->run == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PxWorkerRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      update_row (self, row);
      /* A kind of waiting gets its column once a worker does it. */
      for (guint c = 0; c < G_N_ELEMENTS (self->wait_columns); c++)
        if (row->sort[COL_LOCK_WAIT + c] > 0)
          gtk_column_view_column_set_visible (self->wait_columns[c], TRUE);
    }

  /* Rows change in place: a table sorted by a column sorts again (and
   * one in worker order is left alone). */
  sorter = gtk_column_view_get_sorter (self->view);
  if (gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

guint
px_worker_table_get_n_rows (PxWorkerTable *self)
{
  g_return_val_if_fail (PX_IS_WORKER_TABLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* The text of a cell, in worker order, for tests; the breakdown column
 * gives its tooltip. */
char *
px_worker_table_dup_cell (PxWorkerTable *self,
                          guint          row,
                          guint          column)
{
  g_autoptr(PxWorkerRow) item = NULL;

  g_return_val_if_fail (PX_IS_WORKER_TABLE (self), NULL);

  if (row >= px_worker_table_get_n_rows (self) || column >= N_COLS)
    return NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->store), row);
  if (column == COL_BREAKDOWN)
    return breakdown_tooltip (item);
  return g_strdup (item->text[column]);
}
