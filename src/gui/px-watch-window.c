/* px-watch-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window on a watched program: the cores it uses against the threads
 * that want a CPU, each thread's CPU, tasks a second when its output
 * says them, and a table of its threads; Stop, and Export as JSON, CSV
 * or Markdown. The watch runs as long as the window is open; a program
 * the window launched ends with it.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-chart-layers.h"
#include "px-graph.h"
#include "px-time-view.h"
#include "px-watch-report.h"
#include "px-watch-window.h"

/* The table and the status line change at a pace the eye follows. */
#define TABLE_REFRESH_US (500 * 1000)

struct _PxWatchWindow
{
  AdwWindow      parent_instance;

  PxWatch       *watch;
  AdwWindowTitle *title;
  GtkWidget     *stop_button;
  GtkWidget     *export_button;
  GtkLabel      *status;
  PxGraph       *cores_graph;
  PxGraph       *threads_graph;
  PxGraph       *tasks_graph;
  PxGraph       *states_graph;
  PxGraph       *memory_graph;
  guint          processes_shown;
  GtkLabel      *table;
  PxTimeView    *time_view;
  GtkFileChooserNative *chooser;
  guint          threads_shown;
  gint64         refreshed_us;
  gulong         sampled_id;
  gulong         ended_id;
};

G_DEFINE_FINAL_TYPE (PxWatchWindow, px_watch_window, ADW_TYPE_WINDOW)

static void
update_extent (PxWatchWindow *self)
{
  PxHistory *time = px_watch_get_time (self->watch);
  double end;

  if (px_history_get_length (time) == 0)
    return;
  end = MAX (px_history_get_last (time), 1);
  /* A little past the data, to a step, so the axis does not move at
   * every sample. */
  end = ceil (end / px_scale_nice_ceil (end / 10)) * px_scale_nice_ceil (end / 10);
  px_time_view_set_extent (self->time_view, 0, end);
}

/* Threads seen since the last sample get their line. */
static void
add_thread_series (PxWatchWindow *self)
{
  PxHistory *time = px_watch_get_time (self->watch);

  for (; self->threads_shown < px_watch_get_n_threads (self->watch); self->threads_shown++)
    {
      const PxWatchThread *t = px_watch_get_thread (self->watch, self->threads_shown);
      g_autofree char *label = g_strdup_printf ("%s (%d)", t->name, t->tid);
      GdkRGBA color;

      px_graph_get_color (self->threads_shown, &color);
      px_graph_add_series (self->threads_graph, time, t->series[PX_WATCH_THREAD_CPU], &color,
                           label, FALSE);
    }
}

/* The program's name, which may change as it runs another program. */
static void
update_title (PxWatchWindow *self)
{
  PxWatch *watch = self->watch;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (px_watch_get_n_processes (watch) > 0)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, 0);

      /* Translators: the title of a watch's window, the program's name. */
      title = g_strdup_printf (_("Watching %s"), p->name);
      subtitle = g_strdup_printf (_("pid %d · %s"), p->pid,
                                  p->command_line != NULL ? p->command_line : p->name);
    }
  else
    {
      title = g_strdup (_("Watch"));
      subtitle = g_strdup_printf (_("pid %d"), px_watch_get_pid (watch));
    }
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Processes seen since the last sample get their line of memory. */
static void
add_process_series (PxWatchWindow *self)
{
  PxHistory *time = px_watch_get_time (self->watch);

  for (; self->processes_shown < px_watch_get_n_processes (self->watch);
       self->processes_shown++)
    {
      const PxWatchProcess *p = px_watch_get_process (self->watch, self->processes_shown);
      g_autofree char *label = g_strdup_printf ("%s (%d)", p->name, p->pid);
      GdkRGBA color;

      px_graph_get_color (self->processes_shown, &color);
      px_graph_add_series (self->memory_graph, time, p->series[PX_WATCH_PROCESS_RSS], &color,
                           label, FALSE);
    }
}

static void
refresh_text (PxWatchWindow *self)
{
  g_autofree char *summary = px_watch_report_dup_summary (self->watch);
  PxWatch *watch = self->watch;
  double cores = px_history_get_last (px_watch_get_series (watch, PX_WATCH_PARALLELISM));
  double wanting = px_history_get_last (px_watch_get_series (watch, PX_WATCH_WANTING));
  double threads = px_history_get_last (px_watch_get_series (watch, PX_WATCH_THREADS));
  g_autofree char *text = NULL;
  int status;

  if (px_watch_get_ended (watch))
    {
      if (px_watch_get_exit_status (watch, &status))
        text = g_strdup_printf (_("The program ended with status %d"), status);
      else
        text = g_strdup (_("The program ended"));
    }
  else if (!isnan (cores))
    text = g_strdup_printf (_("Watching: %.2f cores used, %.2f threads wanting a CPU, %.0f "
                              "threads"), cores, wanting, threads);
  else
    text = g_strdup (_("Watching…"));
  gtk_label_set_text (self->status, text);
  gtk_label_set_text (self->table, summary);
  update_title (self);
}

static void
sampled_cb (PxWatchWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  add_thread_series (self);
  add_process_series (self);
  update_extent (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->cores_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->threads_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->tasks_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->states_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->memory_graph));
  if (now - self->refreshed_us >= TABLE_REFRESH_US)
    {
      refresh_text (self);
      self->refreshed_us = now;
    }
}

static gboolean
refresh_later_cb (gpointer data)
{
  PxWatchWindow *self = data;

  if (self->watch != NULL)
    refresh_text (self);
  return G_SOURCE_REMOVE;
}

static void
ended_cb (PxWatchWindow *self)
{
  refresh_text (self);
  gtk_widget_set_sensitive (self->stop_button, FALSE);
  /* The exit status of a launched program comes a moment later. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, refresh_later_cb, g_object_ref (self),
                      g_object_unref);
}

static void
stop_clicked_cb (PxWatchWindow *self)
{
  px_watch_stop (self->watch);
  gtk_widget_set_sensitive (self->stop_button, FALSE);
  gtk_label_set_text (self->status, _("Stopped watching"));
  refresh_text (self);
  gtk_label_set_text (self->status, _("Stopped watching"));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PxWatchWindow   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  PxWatchReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;
  if (!px_watch_report_format_from_path (path, &format))
    {
      g_autofree char *with = g_strconcat (path, ".json", NULL);

      g_free (path);
      path = g_steal_pointer (&with);
      format = PX_WATCH_REPORT_JSON;
    }
  if (!px_watch_report_write (self->watch, format, path, &error))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self), _("The report could not be written"),
                                error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Report written: %s"), path);

    gtk_label_set_text (self->status, text);
  }
}

static void
export_clicked_cb (PxWatchWindow *self)
{
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) md = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Watch"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (json, _("JSON (everything, series included)"));
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_filter_set_name (csv, _("CSV (a row per thread per sample)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (md, _("Markdown (the summary)"));
  gtk_file_filter_add_suffix (md, "md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), json);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), md);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "watch.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkWidget *
new_graph (PxWatchWindow *self,
           const char    *title,
           const char    *unit,
           PxGraph      **out)
{
  GtkWidget *graph = px_graph_new ();

  px_graph_set_title (PX_GRAPH (graph), title);
  px_graph_set_unit (PX_GRAPH (graph), unit);
  px_graph_set_time_view (PX_GRAPH (graph), self->time_view);
  gtk_widget_set_size_request (graph, -1, 170);
  *out = PX_GRAPH (graph);
  return graph;
}

static void
px_watch_window_dispose (GObject *object)
{
  PxWatchWindow *self = PX_WATCH_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->watch != NULL)
    {
      g_clear_signal_handler (&self->sampled_id, self->watch);
      g_clear_signal_handler (&self->ended_id, self->watch);
      px_watch_stop (self->watch);
    }
  g_clear_object (&self->watch);
  g_clear_object (&self->time_view);

  G_OBJECT_CLASS (px_watch_window_parent_class)->dispose (object);
}

static void
px_watch_window_class_init (PxWatchWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = px_watch_window_dispose;
}

static void
px_watch_window_init (PxWatchWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->time_view = px_time_view_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Watch"), ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->stop_button = gtk_button_new_with_mnemonic (_("_Stop"));
  gtk_widget_set_tooltip_text (self->stop_button, _("Stop watching"));
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->stop_button);
  self->export_button = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  gtk_widget_set_tooltip_text (self->export_button, _("Export the watch (JSON, CSV, Markdown)"));
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb),
                            self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  self->status = GTK_LABEL (gtk_label_new (_("Watching…")));
  gtk_label_set_xalign (self->status, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  /* Translators: title of the graph of a watched program's cores used
   * and threads that want a CPU. */
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Cores used and threads wanting a CPU"),
                                            _("cores"), &self->cores_graph));
  gtk_box_append (GTK_BOX (box), new_graph (self, _("CPU per thread"), "%",
                                            &self->threads_graph));
  self->states_graph = PX_GRAPH (px_graph_new_empty ());
  /* Translators: title of the timeline of a watched program's threads. */
  px_graph_set_title (self->states_graph, _("Threads over time"));
  px_graph_set_time_view (self->states_graph, self->time_view);
  gtk_widget_set_size_request (GTK_WIDGET (self->states_graph), -1, 240);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->states_graph));
  /* Translators: title of the graph of a watched program's resident
   * memory, a line per process. */
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Memory per process"), "B",
                                            &self->memory_graph));
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Tasks a second"), _("tasks/s"),
                                            &self->tasks_graph));
  gtk_widget_set_visible (GTK_WIDGET (self->tasks_graph), FALSE);
  self->table = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->table, 0);
  gtk_label_set_selectable (self->table, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->table), "monospace");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->table));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 800);
}

/**
 * px_watch_window_new:
 * @watch: a watch not yet started; the window starts it, and ends it
 *   when it closes
 */
GtkWidget *
px_watch_window_new (GtkApplication *app,
                     PxWatch        *watch)
{
  PxWatchWindow *self = g_object_new (PX_TYPE_WATCH_WINDOW, "application", app, NULL);
  PxHistory *time = px_watch_get_time (watch);
  GdkRGBA color;

  self->watch = g_object_ref (watch);
  px_graph_add_layer (self->states_graph, px_time_axis_new ());
  px_graph_add_layer (self->states_graph, px_state_layer_new (watch));
  px_graph_add_layer (self->states_graph, px_legend_new ());
  px_graph_add_layer (self->states_graph, px_cursor_layer_new ());
  px_graph_get_role_color (PX_COLOR_COMPUTE, &color);
  px_graph_add_series (self->cores_graph, time,
                       px_watch_get_series (watch, PX_WATCH_PARALLELISM), &color,
                       _("Cores used"), FALSE);
  px_graph_get_role_color (PX_COLOR_GIL_WAIT, &color);
  px_graph_add_series (self->cores_graph, time, px_watch_get_series (watch, PX_WATCH_WANTING),
                       &color, _("Threads wanting a CPU"), FALSE);
  px_graph_get_role_color (PX_COLOR_COMPUTE, &color);
  px_graph_add_series (self->tasks_graph, time,
                       px_watch_get_series (watch, PX_WATCH_THROUGHPUT), &color,
                       _("Tasks a second"), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->tasks_graph),
                          px_watch_get_progress (watch, NULL, NULL, NULL));

  self->sampled_id = g_signal_connect_swapped (watch, "sampled", G_CALLBACK (sampled_cb), self);
  self->ended_id = g_signal_connect_swapped (watch, "ended", G_CALLBACK (ended_cb), self);
  px_watch_start (watch);

  update_title (self);
  refresh_text (self);
  return GTK_WIDGET (self);
}

PxWatch *
px_watch_window_get_watch (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  return self->watch;
}

/* The lines of the thread graph: one a thread seen. */
guint
px_watch_window_get_n_thread_lines (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), 0);

  return px_graph_get_n_series (self->threads_graph);
}

char *
px_watch_window_dup_status (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  return g_strdup (gtk_label_get_text (self->status));
}

/* The lanes the timeline drew last, a thread each. */
guint
px_watch_window_get_n_state_lanes (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), 0);

  return px_state_layer_get_n_lanes (
    PX_STATE_LAYER (px_graph_find_layer (self->states_graph, PX_TYPE_STATE_LAYER)));
}

/* The lines of the memory graph: one a process seen. */
guint
px_watch_window_get_n_process_lines (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), 0);

  return px_graph_get_n_series (self->memory_graph);
}
