/* px-window-graphs.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's graphs and task timeline: one time view for all, the
 * viewed run's series (and a compared run's, dashed) and tasks, the
 * seconds they all span, and what they tell assistive technologies.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "px-chart-layers.h"
#include "px-window-private.h"

#define TIMELINE_REFRESH_US (500 * 1000)
#define HEAT_MAP_WORKERS 16
/* The least a running run's time axis spans, in seconds. */
#define LIVE_SPAN_MIN_S 5

static PxGraph *
get_graph (PxWindow      *self,
           PxWindowGraph  graph)
{
  PxGraph *graphs[] = { self->cpu_graph, self->task_graph, self->queue_graph,
                        self->throughput_graph, self->cores_graph, self->loop_graph };

  return graphs[graph];
}


/* launcher=ssh or srun: the throughput of each host from @first on, in
 * the host's colour (hosts show up as srun's steps say their nodes). */
static void
add_place_series (PxWindow  *self,
                  PxRunItem *item,
                  guint      first,
                  gboolean   dashed)
{
  PxSampler *sampler = px_run_item_get_sampler (item);
  g_autofree char *prefix = dashed ? g_strdup_printf (_("Run %u: "),
                                                      px_run_item_get_number (item))
                                   : g_strdup ("");

  for (guint p = first; p < px_sampler_get_n_places (sampler); p++)
    {
      const char *name = px_sampler_get_place_name (sampler, p);
      g_autofree char *label = NULL;
      GdkRGBA color;

      if (name != NULL)
        /* Translators: a run's prefix ("Run 2: " or nothing), then a host */
        label = g_strdup_printf (_("%sOn %s"), prefix, name);
      else
        /* Translators: a run's prefix ("Run 2: " or nothing) */
        label = g_strdup_printf (_("%sOn this machine"), prefix);
      px_graph_get_host_color (p, &color);
      px_graph_add_series (self->throughput_graph, px_sampler_get_time (sampler),
                           px_sampler_get_place_throughput (sampler, p), &color, label, dashed);
    }
  if (!dashed)
    self->places_shown = px_sampler_get_n_places (sampler);
}

static void
add_run_series (PxWindow  *self,
                PxRunItem *item,
                gboolean   dashed)
{
  PxSampler *sampler = px_run_item_get_sampler (item);
  const PxSpec *spec = px_run_get_spec (px_run_item_get_run (item));
  PxHistory *time = px_sampler_get_time (sampler);
  g_autofree char *prefix = dashed ? g_strdup_printf (_("Run %u: "),
                                                      px_run_item_get_number (item))
                                   : g_strdup ("");
  static const struct
  {
    PxSeries    series;
    const char *label;
    PxColorRole color;
  } queue_series[] = {
    { PX_SERIES_WAITING, N_("Waiting"), PX_COLOR_WAITING },
    { PX_SERIES_QUEUE, N_("In queue"), PX_COLOR_QUEUED },
    { PX_SERIES_IN_FLIGHT, N_("In flight"), PX_COLOR_IN_FLIGHT },
  };
  GdkRGBA color;

  for (guint i = 0; i < px_sampler_get_n_workers (sampler); i++)
    {
      g_autofree char *label = g_strdup_printf (_("%sWorker %u"), prefix, i);

      px_graph_get_color (i, &color);
      px_graph_add_series (self->cpu_graph, time,
                           px_sampler_get_worker_series (sampler, i, PX_WORKER_SERIES_CPU),
                           &color, label, dashed);
    }

  for (guint i = 0; i < G_N_ELEMENTS (queue_series); i++)
    {
      g_autofree char *label = g_strdup_printf ("%s%s", prefix, _(queue_series[i].label));

      px_graph_get_role_color (queue_series[i].color, &color);
      px_graph_add_series (self->queue_graph, time,
                           px_sampler_get_series (sampler, queue_series[i].series),
                           &color, label, dashed);
    }

  {
    g_autofree char *label = g_strdup_printf ("%s%s", prefix, _("Throughput"));

    px_graph_get_role_color (PX_COLOR_THROUGHPUT, &color);
    px_graph_add_series (self->throughput_graph, time,
                         px_sampler_get_series (sampler, PX_SERIES_THROUGHPUT),
                         &color, label, dashed);
  }
  add_place_series (self, item, 0, dashed);

  /* kind=net: the requests the server holds waiting. */
  if (spec->kind == PX_KIND_NET)
    {
      g_autofree char *label = g_strdup_printf ("%s%s", prefix, _("Server queue"));

      px_graph_get_role_color (PX_COLOR_LOCK_WAIT, &color);
      px_graph_add_series (self->queue_graph, time,
                           px_sampler_get_series (sampler, PX_SERIES_SERVER_QUEUE),
                           &color, label, dashed);
    }

  /* Event loops: how late each loop ran what was due. */
  for (guint i = 0; spec->executor == PX_EXECUTOR_EVENT_LOOP &&
                    i < px_sampler_get_n_workers (sampler); i++)
    {
      PxHistory *lag = px_sampler_get_worker_series (sampler, i, PX_WORKER_SERIES_LOOP_LAG);
      g_autofree char *label = g_strdup_printf (_("%sLoop %u"), prefix, i);

      px_graph_get_color (i, &color);
      px_graph_add_series (self->loop_graph, time, lag, &color, label, dashed);
    }

  for (guint i = 0; i < px_sampler_get_n_cores (sampler); i++)
    {
      g_autofree char *label = g_strdup_printf (_("%sCore %u"), prefix, i);

      px_graph_get_color (i, &color);
      px_graph_add_series (self->cores_graph, time, px_sampler_get_core_series (sampler, i),
                           &color, label, dashed);
    }
}

/* Every graph spans the seconds all of them have data for, so a time
 * is at the same x in each, and the cursor lines up. While the viewed
 * run goes on, the axis spans at least LIVE_SPAN_MIN_S and its end is
 * rounded up to a step of about a fifth of the run: the time axis moves
 * a step at a time rather than at each sample. A step moves every pixel
 * of every graph, and each graph draws whole again; between steps, a
 * sample draws its own columns only (px-graph-draw.c). So the axis
 * stands still through a run's first seconds, when steps of a tenth
 * would come several times a second, and then steps about four times
 * each time the run's length doubles; a step is at most two fifths of
 * the run, so the data fill seven tenths of the width or more. A
 * finished run fills the width, however short it was. */
static void
update_extent (PxWindow *self)
{
  double start = INFINITY, end = -INFINITY;

  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      double t0, t1;

      if (!px_graph_get_extent (get_graph (self, g), &t0, &t1))
        continue;
      start = MIN (start, t0);
      end = MAX (end, t1);
    }
  if (!isfinite (start))
    {
      px_time_view_set_extent (self->time_view, NAN, NAN);
      return;
    }
  if (self->viewed != NULL && self->viewed == self->active)
    {
      double step;

      end = MAX (end, start + LIVE_SPAN_MIN_S);
      step = px_scale_nice_ceil ((end - start) / 5);
      end = start + ceil ((end - start) / step - 1e-9) * step;
    }
  else
    end = MAX (end, start + 1e-3);
  px_time_view_set_extent (self->time_view, start, end);
}

/* New samples: the sampled graphs in view draw again; the timeline does
 * when its tasks or the time view change. A graph scrolled out of view
 * draws when it is scrolled back (graphs_scrolled_cb). Where the graphs
 * are is read once, from their box: a widget's bounds in another's are
 * worked out through every widget between them. */
static void
queue_sampled_graphs (PxWindow *self,
                      gboolean  in_view_only)
{
  GtkWidget *pane = GTK_WIDGET (self->graphs_scroller);
  /* Every sampled graph is a child of this box (px-window.ui). */
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->cpu_graph));
  graphene_rect_t scrolled;
  /* The graphs' box, in the pane's coordinates. */
  gboolean placed = in_view_only && gtk_widget_compute_bounds (box, pane, &scrolled);

  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      GtkWidget *graph = GTK_WIDGET (get_graph (self, g));
      GtkAllocation a;

      if (g == PX_WINDOW_GRAPH_TASKS)
        continue;
      gtk_widget_get_allocation (graph, &a);
      if (placed && (scrolled.origin.y + a.y >= gtk_widget_get_height (pane) ||
                     scrolled.origin.y + a.y + a.height <= 0))
        continue;
      gtk_widget_queue_draw (graph);
    }
}

void
_px_window_redraw_graphs (PxWindow *self)
{
  update_extent (self);
  queue_sampled_graphs (self, TRUE);
}

static void
graphs_scrolled_cb (PxWindow *self)
{
  queue_sampled_graphs (self, FALSE);
}

static PxTaskLayer *
get_task_layer (PxWindow *self)
{
  return PX_TASK_LAYER (px_graph_find_layer (self->task_graph, PX_TYPE_TASK_LAYER));
}

void
_px_window_rebuild_graphs (PxWindow *self)
{
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    if (g != PX_WINDOW_GRAPH_TASKS)
      px_graph_clear_series (get_graph (self, g));
  self->places_shown = 0;
  px_time_view_set_range (self->time_view, NAN, NAN);
  px_time_view_set_selection (self->time_view, NAN, NAN);

  /* The timeline shows the viewed run's tasks; a compared run's would
   * need lanes of their own. */
  px_task_layer_set_run (get_task_layer (self),
                         self->viewed != NULL ? px_run_item_get_run (self->viewed) : NULL);
  px_task_layer_set_places (get_task_layer (self),
                            self->viewed != NULL &&
                            px_run_get_spec (px_run_item_get_run (self->viewed))->launcher !=
                            PX_LAUNCHER_LOCAL
                            ? px_run_item_get_sampler (self->viewed) : NULL);
  /* A worker is at most one core; a slot of jobs is its job's whole
   * process tree, which may use several. */
  px_graph_set_y_max (self->cpu_graph,
                      self->viewed != NULL &&
                      px_run_get_job_records (px_run_item_get_run (self->viewed), NULL) != NULL
                      ? 0 : 100);
  if (self->viewed != NULL)
    add_run_series (self, self->viewed, FALSE);
  if (self->compared != NULL)
    add_run_series (self, self->compared, TRUE);
  /* Past 16 workers, lines are a tangle: a row a worker, coloured by its
   * CPU, shows each one. */
  px_graph_set_heat_map (self->cpu_graph,
                         px_graph_get_n_series (self->cpu_graph) > HEAT_MAP_WORKERS);
  gtk_widget_set_visible (GTK_WIDGET (self->loop_graph),
                          px_graph_get_n_series (self->loop_graph) > 0);
  _px_window_redraw_graphs (self);
}

void
_px_window_reset_zoom (PxWindow *self)
{
  px_time_view_set_range (self->time_view, NAN, NAN);
}

/* A sample of the viewed run: every sampled graph in view draws again,
 * and the timeline takes the tasks that ended, twice a second (tasks
 * appear only as they end, each run's records looked through for them);
 * at the end of the run, @all takes the last of them. */
void
_px_window_graphs_sampled (PxWindow *self,
                           gboolean  all)
{
  gint64 now = g_get_monotonic_time ();

  if (self->viewed != NULL &&
      px_sampler_get_n_places (px_run_item_get_sampler (self->viewed)) > self->places_shown)
    add_place_series (self, self->viewed, self->places_shown, FALSE);
  if (all || now - self->timeline_updated_us >= TIMELINE_REFRESH_US)
    {
      px_task_layer_update (get_task_layer (self));
      self->timeline_updated_us = now;
    }
  _px_window_redraw_graphs (self);
}

void
_px_window_describe_graphs (PxWindow *self)
{
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    px_graph_update_description (get_graph (self, g));
}

/* A job clicked on the timeline shows in the table of jobs. */
static void
task_clicked_cb (PxWindow *self,
                 gint64    task)
{
  if (adw_view_stack_page_get_visible (self->jobs_page) &&
      px_job_table_select (self->job_table, (guint32)task))
    adw_view_stack_set_visible_child_name (self->view_stack, "jobs");
}

void
_px_window_graphs_init (PxWindow *self)
{
  GtkAdjustment *adjustment;

  px_graph_set_title (self->cpu_graph, _("CPU per worker"));
  px_graph_set_unit (self->cpu_graph, "%");
  px_graph_set_y_max (self->cpu_graph, 100);
  px_graph_set_title (self->queue_graph, _("Queue depth"));
  px_graph_set_unit (self->queue_graph, _("tasks"));
  px_graph_set_title (self->throughput_graph, _("Throughput"));
  px_graph_set_unit (self->throughput_graph, _("tasks/s"));
  /* Translators: title of the timeline, a lane of tasks per worker. */
  px_graph_set_title (self->task_graph, _("Tasks per worker"));
  px_graph_add_layer (self->task_graph, px_time_axis_new ());
  px_graph_add_layer (self->task_graph, px_task_layer_new ());
  g_signal_connect_swapped (get_task_layer (self), "task-clicked",
                            G_CALLBACK (task_clicked_cb), self);
  px_graph_add_layer (self->task_graph, px_legend_new ());
  px_graph_add_layer (self->task_graph, px_selection_layer_new ());
  px_graph_add_layer (self->task_graph, px_cursor_layer_new ());
  /* Translators: title of a graph, how late each event loop ran what was
   * due (high while a task blocks it). */
  px_graph_set_title (self->loop_graph, _("Event loop lag"));
  px_graph_set_unit (self->loop_graph, "s");
  px_graph_set_title (self->cores_graph, _("System CPU per core"));
  px_graph_set_unit (self->cores_graph, "%");
  px_graph_set_y_max (self->cores_graph, 100);
  /* One time view for all graphs: they zoom and point together. */
  self->time_view = px_time_view_new ();
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    px_graph_set_time_view (get_graph (self, g), self->time_view);
  g_object_bind_property (self->time_view, "zoomed", self->reset_zoom_button, "visible",
                          G_BINDING_SYNC_CREATE);
  /* Graphs scrolled into view, or shown by a taller pane, catch up on
   * the samples they skipped. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->graphs_scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (graphs_scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (graphs_scrolled_cb),
                           self, G_CONNECT_SWAPPED);
}

PxGraph *
_px_window_get_graph (PxWindow      *self,
                      PxWindowGraph  graph)
{
  g_assert (graph < PX_WINDOW_N_GRAPHS);

  return get_graph (self, graph);
}
