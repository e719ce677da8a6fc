/* px-window-summary.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The summary pane of the window: the viewed run's figures (the core's
 * table, in two halves), or two runs side by side with the ratio of each
 * figure coloured better or worse; repetitions; events and failed tasks.
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
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
describe_spec (const PxSpec *spec)
{
  /* Translators: a run's workload: executor (threads or processes), number
   * of workers, number of tasks and their kind as named in profiles (cpu,
   * sleep, lock…) */
  return g_strdup_printf (ngettext ("%s, %u worker, %u × %s tasks",
                                    "%s, %u workers, %u × %s tasks", spec->workers),
                          px_run_item_executor_label (spec->executor), spec->workers,
                          spec->tasks, px_task_kind_name (spec->kind));
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

      gtk_widget_set_vexpand (label, TRUE);
      gtk_box_append (self->summary_box, label);
      return;
    }

  if (n_items == 2 && !px_run_item_get_finished (self->compared))
    n_items = 1;

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_hexpand (grid, TRUE);
  {
    GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy as Markdown"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "win.copy-summary");
    gtk_widget_set_valign (copy, GTK_ALIGN_START);
    gtk_widget_set_tooltip_text (copy, _("Copy the summary, to paste into an issue or a "
                                         "course page (Shift+Ctrl+C)"));
    gtk_box_append (GTK_BOX (top), grid);
    gtk_box_append (GTK_BOX (top), copy);
    gtk_box_append (self->summary_box, top);
  }

  for (guint c = 0; c < n_items; c++)
    {
      g_autofree char *title = px_run_item_dup_title (items[c]);
      g_autofree char *spec = describe_spec (px_run_get_spec (px_run_item_get_run (items[c])));
      g_autofree char *heading = g_strdup_printf ("%s\n%s", title, spec);

      if (n_items == 1)
        gtk_grid_attach (GTK_GRID (grid), summary_label (heading, "px-summary-heading", 0),
                         0, row, 4, 1);
      else
        gtk_grid_attach (GTK_GRID (grid), summary_label (heading, "px-summary-heading", 1),
                         c + 1, row, 1, 1);
    }
  if (n_items == 2)
    gtk_grid_attach (GTK_GRID (grid), summary_label (_("Change"), "px-summary-heading", 1),
                     3, row, 1, 1);
  row++;

  /* One run: the figures in two halves side by side, so they fit the
   * pane; two runs: a column each, then the ratio. */
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
          g_autofree char *text = NULL;

          values[c] = figure->value (px_run_item_get_summary (items[c]));
          text = px_figure_format (figure, values[c]);
          gtk_grid_attach (GTK_GRID (grid), summary_label (text, "px-summary-value", 1),
                           column + c + 1, grid_row, 1, 1);
        }

      if (n_items == 2 && values[0] > 0 && values[1] > 0)
        {
          /* How the viewed run compares with the other one. */
          double ratio = values[0] / values[1];
          g_autofree char *text = g_strdup_printf ("%.2f×", ratio);
          gboolean better = figure->higher_is_better ? ratio > 1.02 : ratio < 0.98;
          gboolean worse = figure->higher_is_better ? ratio < 0.98 : ratio > 1.02;

          gtk_grid_attach (GTK_GRID (grid),
                           summary_label (text,
                                          better ? "px-better" : worse ? "px-worse" : NULL, 1),
                           3, grid_row, 1, 1);
        }
    }
  row += half;
  if (n_items == 1)
    {
      /* A gap between the two halves. */
      GtkWidget *gap = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_size_request (gap, 24, -1);
      gtk_grid_attach (GTK_GRID (grid), gap, 2, 1, 1, 1);
    }

  for (guint c = 0; c < n_items; c++)
    {
      const PxRepetitions *reps = px_run_item_get_repetitions (items[c]);
      g_autofree char *text = NULL;

      if (reps == NULL)
        continue;
      text = g_strdup_printf (_("%u measured runs after %u warm-up runs:\n"
                                "wall time %.3f ± %.3f s\n"
                                "throughput %.1f ± %.1f tasks/s\n"
                                "task p50 %.3f ± %.3f ms"),
                              reps->n, reps->warmup, reps->wall_stats.mean,
                              reps->wall_stats.stddev, reps->throughput_stats.mean,
                              reps->throughput_stats.stddev, reps->p50_stats.mean,
                              reps->p50_stats.stddev);
      gtk_grid_attach (GTK_GRID (grid), summary_label (_("Repetitions"), "dim-label", 0),
                       0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), summary_label (text, "px-summary-value", 1),
                       c + 1, row, 1, 1);
      row++;
    }

  add_failures (self, self->viewed);
}
