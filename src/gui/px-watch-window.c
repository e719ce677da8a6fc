/* px-watch-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window on watched programs. Graphs over one time view: the cores
 * used against the threads that want a CPU, each thread's CPU, the
 * threads' states over time, memory and storage IO per process, and
 * tasks a second when the program's output says them. Below, pages: the
 * table of processes and their threads, the summary, and the window's
 * watches, where a watch is viewed again or compared (its lines dashed
 * on the cores graph, its figures beside the viewed one's).
 *
 * Stop ends a watch; Watch Again launches the program again (or attaches
 * to its pid again) and compares the new watch with the last; Watch
 * Another Program… adds a watch of something else. Every watch samples
 * until it ends or the window closes; a program the window launched ends
 * with it.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-watch-picker.h"
#include "px-watch-window-private.h"

/* The table, the summary and the status line change at a pace the eye
 * follows: once a second, as in the run's window. */
#define TEXT_REFRESH_US (1000 * 1000)

G_DEFINE_FINAL_TYPE (PxWatchWindow, px_watch_window, ADW_TYPE_WINDOW)

static void
update_extent (PxWatchWindow *self)
{
  double end = 1;
  PxWatch *both[2] = { self->viewed, self->compared };

  for (guint i = 0; i < 2; i++)
    if (both[i] != NULL && px_history_get_length (px_watch_get_time (both[i])) > 0)
      end = MAX (end, px_history_get_last (px_watch_get_time (both[i])));
  /* A little past the data, to a step, so the axis does not move at
   * every sample. */
  end = ceil (end / px_scale_nice_ceil (end / 10)) * px_scale_nice_ceil (end / 10);
  px_time_view_set_extent (self->time_view, 0, end);
}

/* Threads and processes seen since the last sample get their lines. */
static void
add_new_series (PxWatchWindow *self)
{
  PxWatch *watch = self->viewed;
  PxHistory *time = px_watch_get_time (watch);

  for (; self->threads_shown < px_watch_get_n_threads (watch); self->threads_shown++)
    {
      const PxWatchThread *t = px_watch_get_thread (watch, self->threads_shown);
      g_autofree char *label = g_strdup_printf ("%s (%d)", t->name, t->tid);
      GdkRGBA color;

      px_graph_get_color (self->threads_shown, &color);
      px_graph_add_series (self->threads_graph, time, t->series[PX_WATCH_THREAD_CPU], &color,
                           label, FALSE);
    }
  for (; self->processes_shown < px_watch_get_n_processes (watch); self->processes_shown++)
    {
      const PxWatchProcess *p = px_watch_get_process (watch, self->processes_shown);
      g_autofree char *label = g_strdup_printf ("%s (%d)", p->name, p->pid);
      GdkRGBA color;

      px_graph_get_color (self->processes_shown, &color);
      px_graph_add_series (self->memory_graph, time, p->series[PX_WATCH_PROCESS_RSS], &color,
                           label, FALSE);
      if (p->io_readable)
        {
          g_autofree char *read = g_strdup_printf (_("%s (%d) read"), p->name, p->pid);
          g_autofree char *written = g_strdup_printf (_("%s (%d) written"), p->name, p->pid);

          px_graph_add_series (self->io_graph, time, p->series[PX_WATCH_PROCESS_READ_RATE],
                               &color, read, FALSE);
          px_graph_add_series (self->io_graph, time, p->series[PX_WATCH_PROCESS_WRITE_RATE],
                               &color, written, TRUE);
        }
    }
}

/* The program's name, which may change as it runs another program. */
static void
update_title (PxWatchWindow *self)
{
  PxWatch *watch = self->viewed;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (watch != NULL && px_watch_get_n_processes (watch) > 0)
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
      subtitle = watch != NULL ? g_strdup_printf (_("pid %d"), px_watch_get_pid (watch))
                               : g_strdup ("");
    }
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_status (PxWatchWindow *self)
{
  PxWatch *watch = self->viewed;
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
  else if (!px_watch_get_sampling (watch))
    text = g_strdup (_("Stopped watching"));
  else if (!isnan (cores))
    text = g_strdup_printf (_("Watching: %.2f cores used, %.2f threads wanting a CPU, %.0f "
                              "threads"), cores, wanting, threads);
  else
    text = g_strdup (_("Watching…"));
  gtk_label_set_text (self->status, text);
}

static void
update_actions (PxWatchWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "watch.stop",
                                 self->viewed != NULL && px_watch_get_sampling (self->viewed));
}

static void
refresh_text (PxWatchWindow *self)
{
  if (self->viewed == NULL)
    return;
  update_status (self);
  update_title (self);
  update_actions (self);
  px_watch_table_refresh (self->table);
  _px_watch_window_update_summary (self);
  _px_watch_window_update_rows (self);
  self->refreshed_us = g_get_monotonic_time ();
}

static void
redraw (PxWatchWindow *self)
{
  PxGraph *graphs[] = { self->cores_graph, self->threads_graph, self->tasks_graph,
                        self->states_graph, self->memory_graph, self->io_graph };

  for (guint i = 0; i < G_N_ELEMENTS (graphs); i++)
    gtk_widget_queue_draw (GTK_WIDGET (graphs[i]));
}

static void
sampled_cb (PxWatch       *watch,
            PxWatchWindow *self)
{
  if (watch != self->viewed && watch != self->compared)
    return;
  if (watch == self->viewed)
    add_new_series (self);
  update_extent (self);
  redraw (self);
  if (g_get_monotonic_time () - self->refreshed_us >= TEXT_REFRESH_US)
    refresh_text (self);
}

static gboolean
refresh_later_cb (gpointer data)
{
  PxWatchWindow *self = data;

  refresh_text (self);
  return G_SOURCE_REMOVE;
}

static void
ended_cb (PxWatch       *watch,
          PxWatchWindow *self)
{
  refresh_text (self);
  /* The exit status of a launched program comes a moment later. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, refresh_later_cb, g_object_ref (self),
                      g_object_unref);
}

/**
 * _px_watch_window_view:
 *
 * Shows @viewed in the graphs, the table and the summary, and @compared
 * (or none) beside it.
 */
void
_px_watch_window_view (PxWatchWindow *self,
                       PxWatch       *viewed,
                       PxWatch       *compared)
{
  PxGraph *graphs[] = { self->cores_graph, self->threads_graph, self->tasks_graph,
                        self->memory_graph, self->io_graph };
  PxWatch *both[2] = { viewed, compared == viewed ? NULL : compared };
  gboolean progress = FALSE;

  g_set_object (&self->viewed, viewed);
  g_set_object (&self->compared, both[1]);
  for (guint i = 0; i < G_N_ELEMENTS (graphs); i++)
    px_graph_clear_series (graphs[i]);
  self->threads_shown = self->processes_shown = 0;

  for (guint i = 0; i < 2; i++)
    {
      PxWatch *watch = both[i];
      PxHistory *time;
      gboolean dashed = i == 1;
      GdkRGBA color;

      if (watch == NULL)
        continue;
      time = px_watch_get_time (watch);
      px_graph_get_role_color (PX_COLOR_COMPUTE, &color);
      px_graph_add_series (self->cores_graph, time,
                           px_watch_get_series (watch, PX_WATCH_PARALLELISM), &color,
                           dashed ? _("Cores used (compared)") : _("Cores used"), dashed);
      px_graph_get_role_color (PX_COLOR_GIL_WAIT, &color);
      px_graph_add_series (self->cores_graph, time,
                           px_watch_get_series (watch, PX_WATCH_WANTING), &color,
                           dashed ? _("Threads wanting a CPU (compared)")
                                  : _("Threads wanting a CPU"), dashed);
      if (px_watch_get_progress (watch, NULL, NULL, NULL))
        {
          px_graph_get_role_color (PX_COLOR_COMPUTE, &color);
          px_graph_add_series (self->tasks_graph, time,
                               px_watch_get_series (watch, PX_WATCH_THROUGHPUT), &color,
                               dashed ? _("Tasks a second (compared)") : _("Tasks a second"),
                               dashed);
          progress = TRUE;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tasks_graph), progress);
  px_state_layer_set_watch (
    PX_STATE_LAYER (px_graph_find_layer (self->states_graph, PX_TYPE_STATE_LAYER)), viewed);
  px_watch_table_set_watch (self->table, viewed);
  add_new_series (self);
  update_extent (self);
  redraw (self);
  refresh_text (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PxWatchWindow *self = PX_WATCH_WINDOW (widget);

  if (self->viewed == NULL)
    return;
  px_watch_stop (self->viewed);
  refresh_text (self);
}

/* Adds @watch to the window's watches, starts it and shows it beside
 * @compared (or alone). */
static void
add_watch (PxWatchWindow *self,
           PxWatch       *watch,
           PxWatch       *compared)
{
  g_signal_connect_object (watch, "sampled", G_CALLBACK (sampled_cb), self, 0);
  g_signal_connect_object (watch, "ended", G_CALLBACK (ended_cb), self, 0);
  g_list_store_append (self->watches, watch);
  px_watch_start (watch);
  _px_watch_window_view (self, watch, compared);
}

void
px_watch_window_add_watch (PxWatchWindow *self,
                           PxWatch       *watch)
{
  g_return_if_fail (PX_IS_WATCH_WINDOW (self));

  add_watch (self, watch, NULL);
}

/**
 * px_watch_window_watch_again:
 *
 * Watches the viewed program again, launched anew or attached to again,
 * and compares the new watch with it. FALSE, with the reason in the
 * status line, if it cannot be.
 */
gboolean
px_watch_window_watch_again (PxWatchWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxWatch) watch = NULL;
  g_autoptr(PxWatch) previous = NULL;

  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), FALSE);

  if (self->viewed == NULL)
    return FALSE;
  watch = px_watch_new_again (self->viewed, &error);
  if (watch == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot watch it again: %s"), error->message);

      gtk_label_set_text (self->status, text);
      return FALSE;
    }
  previous = g_object_ref (self->viewed);
  add_watch (self, watch, previous);
  return TRUE;
}

static void
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  px_watch_window_watch_again (PX_WATCH_WINDOW (widget));
}

static void
another_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (px_watch_picker_new (GTK_WINDOW (widget))));
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
  if (self->watches != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->watches)); i++)
      {
        g_autoptr(PxWatch) watch = g_list_model_get_item (G_LIST_MODEL (self->watches), i);

        g_signal_handlers_disconnect_by_data (watch, self);
        px_watch_stop (watch);
      }
  g_clear_object (&self->watches);
  g_clear_object (&self->viewed);
  g_clear_object (&self->compared);
  g_clear_object (&self->time_view);

  G_OBJECT_CLASS (px_watch_window_parent_class)->dispose (object);
}

static void
px_watch_window_class_init (PxWatchWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = px_watch_window_dispose;

  gtk_widget_class_install_action (widget_class, "watch.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "watch.again", NULL, again_action);
  gtk_widget_class_install_action (widget_class, "watch.another", NULL, another_action);
  gtk_widget_class_install_action (widget_class, "watch.export", NULL,
                                   _px_watch_window_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK,
                                       "watch.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "watch.again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "watch.another", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "watch.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

/* A header button for @action: a label with a mnemonic, or an icon. */
static GtkWidget *
action_button (const char *label,
               const char *icon,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = label != NULL ? gtk_button_new_with_mnemonic (label)
                                    : gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
build_header (PxWatchWindow *self)
{
  AdwHeaderBar *header = ADW_HEADER_BAR (adw_header_bar_new ());
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Watch"), ""));
  adw_header_bar_set_title_widget (header, GTK_WIDGET (self->title));
  adw_header_bar_pack_start (header, action_button (_("_Stop"), NULL, "watch.stop",
                                                    _("Stop watching (Ctrl+.)")));
  adw_header_bar_pack_start (header,
                             action_button (NULL, "view-refresh-symbolic", "watch.again",
                                            _("Watch Again: launch the program again, or "
                                              "attach to it again, and compare (Ctrl+R)")));

  g_menu_append (menu, _("Watch _Another Program…"), "watch.another");
  g_menu_append (menu, _("_Export…"), "watch.export");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (menu_button, _("Menu"));
  adw_header_bar_pack_end (header, menu_button);
  adw_header_bar_pack_end (header,
                           action_button (NULL, "document-save-as-symbolic", "watch.export",
                                          _("Export the watch: JSON, CSV, Markdown, HTML or a "
                                            "Chrome trace (Ctrl+E)")));
  return GTK_WIDGET (header);
}

static GtkWidget *
build_graphs (PxWatchWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 6);
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
  px_graph_add_layer (self->states_graph, px_time_axis_new ());
  px_graph_add_layer (self->states_graph, px_state_layer_new (NULL));
  px_graph_add_layer (self->states_graph, px_legend_new ());
  px_graph_add_layer (self->states_graph, px_cursor_layer_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->states_graph));
  /* Translators: title of the graph of a watched program's resident
   * memory, a line per process. */
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Memory per process"), "B",
                                            &self->memory_graph));
  /* Translators: title of the graph of a watched program's storage IO,
   * reads solid and writes dashed, a pair per process. */
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Storage read and written"), "B/s",
                                            &self->io_graph));
  gtk_box_append (GTK_BOX (box), new_graph (self, _("Tasks a second"), _("tasks/s"),
                                            &self->tasks_graph));
  gtk_widget_set_visible (GTK_WIDGET (self->tasks_graph), FALSE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_widget_set_size_request (scroller, -1, 200);
  return scroller;
}

static GtkWidget *
build_pages (PxWatchWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = adw_view_switcher_new ();
  GtkWidget *summary_scroller = gtk_scrolled_window_new ();
  GtkWidget *watches_scroller = gtk_scrolled_window_new ();
  GtkWidget *watches_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *hint;
  AdwViewStackPage *page;

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);

  self->table = PX_WATCH_TABLE (px_watch_table_new ());
  page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (self->table), "threads",
                                    _("Threads"));
  adw_view_stack_page_set_icon_name (page, "system-run-symbolic");

  self->summary_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_start (GTK_WIDGET (self->summary_box), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->summary_box), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->summary_box), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->summary_box), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (summary_scroller),
                                 GTK_WIDGET (self->summary_box));
  page = adw_view_stack_add_titled (self->stack, summary_scroller, "summary", _("Summary"));
  adw_view_stack_page_set_icon_name (page, "document-properties-symbolic");

  hint = gtk_label_new (_("Every watch of this window stays here. Click one to view it again; "
                          "tick “Compare” on another to set its figures beside the viewed "
                          "one's and dash its lines on the cores graph. Watch Again (Ctrl+R) "
                          "runs the program again and compares."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (watches_box), hint);
  self->watches_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->watches_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->watches_list), "boxed-list");
  gtk_list_box_bind_model (self->watches_list, G_LIST_MODEL (self->watches),
                           _px_watch_window_create_row, self, NULL);
  gtk_box_append (GTK_BOX (watches_box), GTK_WIDGET (self->watches_list));
  gtk_widget_set_margin_start (watches_box, 12);
  gtk_widget_set_margin_end (watches_box, 12);
  gtk_widget_set_margin_top (watches_box, 6);
  gtk_widget_set_margin_bottom (watches_box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (watches_scroller), watches_box);
  page = adw_view_stack_add_titled (self->stack, watches_scroller, "watches", _("Watches"));
  adw_view_stack_page_set_icon_name (page, "document-open-recent-symbolic");

  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_widget_set_size_request (box, -1, 160);
  return box;
}

static void
px_watch_window_init (PxWatchWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);

  self->watches = g_list_store_new (PX_TYPE_WATCH);
  self->time_view = px_time_view_new ();
  gtk_box_append (GTK_BOX (toolbar), build_header (self));

  self->status = GTK_LABEL (gtk_label_new (_("Watching…")));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_ellipsize (self->status, PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 6);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->status));

  gtk_paned_set_start_child (GTK_PANED (paned), build_graphs (self));
  gtk_paned_set_end_child (GTK_PANED (paned), build_pages (self));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_wide_handle (GTK_PANED (paned), TRUE);
  gtk_paned_set_position (GTK_PANED (paned), 520);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (toolbar), paned);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 860);
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

  add_watch (self, watch, NULL);
  return GTK_WIDGET (self);
}

PxWatch *
px_watch_window_get_watch (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  return self->viewed;
}

guint
px_watch_window_get_n_watches (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->watches));
}

/* Views watch @index of the window, and compares it with watch
 * @compared (or none, if out of range), as clicking the rows would. */
void
px_watch_window_view (PxWatchWindow *self,
                      guint          index,
                      guint          compared)
{
  g_autoptr(PxWatch) viewed = NULL;
  g_autoptr(PxWatch) other = NULL;

  g_return_if_fail (PX_IS_WATCH_WINDOW (self));

  viewed = g_list_model_get_item (G_LIST_MODEL (self->watches), index);
  other = g_list_model_get_item (G_LIST_MODEL (self->watches), compared);
  if (viewed != NULL)
    _px_watch_window_view (self, viewed, other);
}

PxWatch *
px_watch_window_get_compared (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  return self->compared;
}

PxWatchTable *
px_watch_window_get_table (PxWatchWindow *self)
{
  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  return self->table;
}

/* The summary page's text, a line per row of figures, cells apart by
 * tabs. */
char *
px_watch_window_dup_summary (PxWatchWindow *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (PX_IS_WATCH_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      else if (GTK_IS_GRID (child))
        for (int r = 0; gtk_grid_get_child_at (GTK_GRID (child), 1, r) != NULL; r++)
          {
            for (int c = 0; c < 4; c++)
              {
                GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (child), c, r);

                g_string_append_printf (text, "%s%s", c > 0 ? "\t" : "",
                                        cell != NULL ? gtk_label_get_text (GTK_LABEL (cell))
                                                     : "");
              }
            g_string_append_c (text, '\n');
          }
    }
  return g_string_free (text, FALSE);
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
