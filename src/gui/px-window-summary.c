/* px-window-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The summary pane of the window: the viewed run's figures (the core's
 * table, in two halves), or two runs side by side with the change of
 * each figure. With repetitions, their statistics come first, figures
 * they measure read mean ± σ, and a change is "1.90 ± 0.10×", coloured
 * better or worse only beyond the noise; between single runs no change
 * is coloured. Runs of two workloads say what differs. Then events and
 * failed tasks.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-window-private.h"

static void
summary_clear (PxWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_box_remove (self->summary_box, child);
}

static GtkWidget *
summary_label (const char *text,
               const char *css_class,
               float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable with the pointer, but not a Tab stop each: the summary is
   * passed over at once, and Copy as Markdown takes it whole. */
  gtk_widget_set_focusable (label, FALSE);
  /* Sentences wrap; a figure and its name stay whole ("89.58 ms"), and
   * a narrow pane scrolls across instead. */
  gtk_label_set_wrap (GTK_LABEL (label), g_strcmp0 (css_class, "px-summary-value") != 0 &&
                                         g_strcmp0 (css_class, "dim-label") != 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
describe_spec (PxRun *run)
{
  const PxSpec *spec = px_run_get_spec (run);
  /* Translators: a run's workload: executor (threads or processes), number
   * of workers, number of tasks and their kind as named in profiles (cpu,
   * sleep, lock…) */
  g_autofree char *text = g_strdup_printf (ngettext ("%s, %u worker, %u × %s tasks",
                                                     "%s, %u workers, %u × %s tasks",
                                                     spec->workers),
                                           px_run_item_executor_label (spec->executor),
                                           spec->workers, spec->tasks,
                                           px_task_kind_name (spec->kind));
  g_autofree char *chunks = NULL;

  /* How the tasks were handed out, when not one at a time. */
  if (spec->chunk_size == 1 || spec->executor == PX_EXECUTOR_EVENT_LOOP)
    return g_steal_pointer (&text);
  chunks = px_run_dup_chunk_size_text (run);
  /* Translators: the workload, then its chunk-size ("5000", or "auto: 40
   * chunks of 1 to 12500 tasks"). */
  return g_strdup_printf (_("%s, chunk-size %s"), text, chunks);
}

static void
add_failures (PxWindow  *self,
              PxRunItem *item)
{
  PxRun *run = px_run_item_get_run (item);
  g_auto(GStrv) events = px_run_dup_events (run);
  const PxTaskRecord *records;
  guint n_records, shown = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; events != NULL && events[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", events[i]);

  records = px_run_get_records (run, &n_records);
  for (guint i = 0; i < n_records && shown < 10; i++)
    if (records[i].status == PX_TASK_FAILED)
      {
        g_autofree char *reason = px_run_dup_failure_reason (run, i);

        g_string_append_printf (text, _("Task %u failed on worker %u (attempt %u): %s\n"), i,
                                records[i].worker, records[i].attempt + 1,
                                reason ? reason : _("no reason given"));
        shown++;
      }

  if (text->len == 0)
    return;

  g_strchomp (text->str);
  gtk_box_append (self->summary_box,
                  summary_label (_("Events"), "heading", 0));
  gtk_box_append (self->summary_box, summary_label (text->str, NULL, 0));
}

/* "5 measured runs after 1 warm-up: wall time 0.513 ± 0.004 s
 * (0.509 … 0.520 s) …; outlier: run 3 (0.611 s)". */
static char *
describe_repetitions (const PxRepetitions *reps)
{
  GString *text = g_string_new (NULL);
  guint outliers = px_repetitions_count_outliers (reps);

  if (reps->warmup > 0)
    g_string_append_printf (text, ngettext ("%u measured runs after %u warm-up run:",
                                            "%u measured runs after %u warm-up runs:",
                                            reps->warmup), reps->n, reps->warmup);
  else
    g_string_append_printf (text, _("%u measured runs:"), reps->n);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("wall time %.3f ± %.3f s (%.3f … %.3f s)"),
                          reps->wall_stats.mean, reps->wall_stats.stddev, reps->wall_stats.min,
                          reps->wall_stats.max);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("throughput %.1f ± %.1f tasks/s · task p50 %.3f ± %.3f ms"),
                          reps->throughput_stats.mean, reps->throughput_stats.stddev,
                          reps->p50_stats.mean, reps->p50_stats.stddev);
  if (outliers > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, ngettext ("Outlier, by its wall time:", "Outliers, by their wall time:",
                                       outliers));
      for (guint i = 0; i < reps->n; i++)
        if (reps->outlier[i])
          /* Translators: an outlier among the measured runs: its number
           * and its wall time. */
          g_string_append_printf (text, _(" run %u (%.3f s)"), i + 1, reps->wall_s[i]);
    }
  return g_string_free (text, FALSE);
}

/* What the summary says before its table when two runs are compared:
 * whether they ran one workload, and how far their difference can be
 * told from noise, in hyperfine's words. */
static void
add_comparison_notes (PxWindow *self)
{
  PxRun *viewed = px_run_item_get_run (self->viewed);
  PxRun *compared = px_run_item_get_run (self->compared);
  g_auto(GStrv) differences = px_spec_dup_differences (px_run_get_spec (compared),
                                                       px_run_get_spec (viewed));
  const PxStats *a = px_repetitions_get_stats (px_run_item_get_repetitions (self->viewed),
                                               "wall-time", NULL);
  const PxStats *b = px_repetitions_get_stats (px_run_item_get_repetitions (self->compared),
                                               "wall-time", NULL);
  g_autofree char *viewed_title = px_run_item_dup_title (self->viewed);
  g_autofree char *compared_title = px_run_item_dup_title (self->compared);
  double ratio, error;
  gboolean differs;
  GtkWidget *label;

  if (differences[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("; ", differences);
      g_autofree char *text = NULL;

      /* One setting apart is an experiment; more, and no figure can be
       * put down to any one of them. */
      if (differences[1] == NULL)
        text = g_strdup_printf (_("These runs differ in one setting: %s."), list);
      else
        text = g_strdup_printf (_("These runs are of different workloads, so their figures "
                                  "differ for more than one reason: %s."), list);
      label = summary_label (text, differences[1] == NULL ? "dim-label" : "warning", 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->summary_box, label);
    }
  if (a != NULL && b != NULL && px_stats_compare (a, b, &ratio, &error, &differs))
    {
      g_autofree char *text = NULL;

      if (!differs)
        text = g_strdup_printf (_("%s and %s took the same wall time, within the noise of their "
                                  "repetitions (%.2f ± %.2f×)."), viewed_title, compared_title,
                                ratio, error);
      else if (ratio < 1)
        /* Translators: as hyperfine says it: "Run 3 ran 1.90 ± 0.10 times
         * faster than Run 2". */
        text = g_strdup_printf (_("%s ran %.2f ± %.2f times faster than %s."), viewed_title,
                                1 / ratio, error / (ratio * ratio), compared_title);
      else
        text = g_strdup_printf (_("%s ran %.2f ± %.2f times slower than %s."), viewed_title,
                                ratio, error, compared_title);
      label = summary_label (text, "px-summary-heading", 0);
    }
  else
    label = summary_label (_("Single runs: their noise is unknown, so no change is coloured. "
                             "Set repetitions to 3 or more to tell a difference from noise."),
                           "dim-label", 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (self->summary_box, label);
}

/* The change of a figure from the compared run to the viewed one: the
 * ratio, ± its error and coloured when both have repetitions and it is
 * beyond their noise; plain otherwise. */
static GtkWidget *
change_label (PxWindow       *self,
              const PxFigure *figure,
              double          viewed,
              double          compared)
{
  const PxStats *a = px_repetitions_get_stats (px_run_item_get_repetitions (self->viewed),
                                               figure->key, NULL);
  const PxStats *b = px_repetitions_get_stats (px_run_item_get_repetitions (self->compared),
                                               figure->key, NULL);
  double ratio, error;
  gboolean differs;
  g_autofree char *text = NULL;
  const char *css = NULL;

  if (a != NULL && b != NULL && px_stats_compare (a, b, &ratio, &error, &differs))
    {
      text = g_strdup_printf (_("%.2f ± %.2f×"), ratio, error);
      if (differs)
        css = (ratio > 1) == figure->higher_is_better ? "px-better" : "px-worse";
    }
  else if (viewed > 0 && compared > 0)
    text = g_strdup_printf (_("%.2f×"), viewed / compared);
  else
    return NULL;
  return summary_label (text, css, 1);
}

void
_px_window_rebuild_summary (PxWindow *self)
{
  PxRunItem *items[2] = { self->viewed, self->compared };
  guint n_items = self->compared != NULL ? 2 : 1;
  const PxFigure *figures;
  GtkWidget *grid;
  guint n_figures;
  guint row = 0;
  guint half;

  summary_clear (self);

  if (self->viewed == NULL || !px_run_item_get_finished (self->viewed))
    {
      GtkWidget *label = summary_label (self->viewed == NULL
                                        ? _("No run yet. Press Run to start the workload.")
                                        : _("The summary appears when the run ends."),
                                        "dim-label", 0.5);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_vexpand (label, TRUE);
      gtk_box_append (self->summary_box, label);
      return;
    }

  if (n_items == 2 && !px_run_item_get_finished (self->compared))
    n_items = 1;
  if (n_items == 2)
    add_comparison_notes (self);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_hexpand (grid, TRUE);
  gtk_box_append (self->summary_box, grid);

  for (guint c = 0; c < n_items; c++)
    {
      g_autofree char *title = px_run_item_dup_title (items[c]);
      g_autofree char *spec = describe_spec (px_run_item_get_run (items[c]));
      const PxRepetitions *reps = px_run_item_get_repetitions (items[c]);
      g_autofree char *stats = reps != NULL && reps->n > 1 ? describe_repetitions (reps) : NULL;
      g_autofree char *heading = stats != NULL ? g_strdup_printf ("%s\n%s\n%s", title, spec,
                                                                  stats)
                                               : g_strdup_printf ("%s\n%s", title, spec);

      /* The repetitions' statistics come first: they are the result. */
      if (n_items == 1)
        gtk_grid_attach (GTK_GRID (grid), summary_label (heading, "px-summary-heading", 0),
                         0, row, 6, 1);
      else
        gtk_grid_attach (GTK_GRID (grid), summary_label (heading, "px-summary-heading", 1),
                         c + 1, row, 1, 1);
    }
  if (n_items == 2)
    gtk_grid_attach (GTK_GRID (grid), summary_label (_("Change"), "px-summary-heading", 1),
                     3, row, 1, 1);
  row++;

  /* One run: the figures in two halves side by side, so they fit the
   * pane; two runs: a column each, then the change. */
  figures = px_summary_get_figures (&n_figures);
  half = n_items == 1 ? (n_figures + 1) / 2 : n_figures;
  for (guint r = 0; r < n_figures; r++)
    {
      const PxFigure *figure = &figures[r];
      double values[2] = { 0, 0 };
      guint grid_row = row + r % half;
      guint column = r < half ? 0 : 3;
      GtkWidget *label = summary_label (_(figure->label), "dim-label", 0);

      gtk_widget_set_tooltip_text (label, _(figure->help));
      gtk_grid_attach (GTK_GRID (grid), label, column, grid_row, 1, 1);
      for (guint c = 0; c < n_items; c++)
        {
          double scale = 1;
          const PxStats *stats = px_repetitions_get_stats (px_run_item_get_repetitions (items[c]),
                                                           figure->key, &scale);
          g_autofree char *text = NULL;

          values[c] = figure->value (px_run_item_get_summary (items[c]));
          /* With repetitions, the mean ± σ of the measured runs, not the
           * last one alone. */
          if (stats != NULL)
            {
              g_autofree char *mean = px_figure_format (figure, stats->mean * scale);
              g_autofree char *sd = px_figure_format (figure, stats->stddev * scale);

              values[c] = stats->mean * scale;
              text = g_strdup_printf ("%s ± %s", mean, sd);
            }
          else
            text = px_figure_format (figure, values[c]);
          gtk_grid_attach (GTK_GRID (grid), summary_label (text, "px-summary-value", 1),
                           column + c + 1, grid_row, 1, 1);
        }
      if (n_items == 2)
        {
          GtkWidget *change = change_label (self, figure, values[0], values[1]);

          if (change != NULL)
            gtk_grid_attach (GTK_GRID (grid), change, 3, grid_row, 1, 1);
        }
    }
  if (n_items == 1)
    {
      /* A gap between the two halves. */
      GtkWidget *gap = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_size_request (gap, 24, -1);
      gtk_grid_attach (GTK_GRID (grid), gap, 2, 1, 1, 1);
    }

  /* Where the workers' time went, in a line a run. */
  for (guint c = 0; c < n_items; c++)
    {
      g_autofree char *reading =
        px_summary_dup_efficiency_reading (px_run_item_get_summary (items[c]));
      g_autofree char *title = n_items > 1 ? px_run_item_dup_title (items[c]) : NULL;
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (reading == NULL)
        continue;
      text = title != NULL ? g_strdup_printf ("%s: %s", title, reading) : g_strdup (reading);
      label = summary_label (text, NULL, 0);
      gtk_widget_set_margin_top (label, c == 0 ? 8 : 0);
      gtk_box_append (self->summary_box, label);
    }
  /* On event loops, how late their timers ran; with kind=net, how the
   * requests went. */
  for (guint c = 0; c < n_items; c++)
    {
      PxRun *run = px_run_item_get_run (items[c]);
      g_autofree char *title = n_items > 1 ? px_run_item_dup_title (items[c]) : NULL;
      char *readings[] = {
        run != NULL ? px_run_dup_loop_reading (run) : NULL,
        run != NULL ? px_run_dup_net_reading (run) : NULL,
        run != NULL ? px_run_dup_signal_reading (run) : NULL,
      };

      for (guint k = 0; k < G_N_ELEMENTS (readings); k++)
        {
          g_autofree char *text = NULL;

          if (readings[k] == NULL)
            continue;
          text = title != NULL ? g_strdup_printf ("%s: %s", title, readings[k])
                               : g_strdup (readings[k]);
          gtk_box_append (self->summary_box, summary_label (text, NULL, 0));
          g_free (readings[k]);
        }
    }

  add_failures (self, self->viewed);
}
