/* px-sweep-window-results.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sweep window shows of a sweep: its plots, fits and table as
 * they grow; the profile's kept sweeps, one shown alone or drawn dashed
 * beside a new one with its fit under the new one's; and export.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-gui-parts.h"
#include "px-sweep-window-private.h"

/* Results */

static void
clear_table (PxSweepWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static void
update_table (PxSweepWindow *self,
              PxSweep       *shown)
{
  g_autoptr(GPtrArray) rows = px_sweep_dup_rows (shown);

  clear_table (self);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; row[c] != NULL; c++)
        {
          GtkWidget *label = gtk_label_new (row[c]);

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
          if (r == 0)
            gtk_widget_add_css_class (label, "heading");
          else
            gtk_widget_add_css_class (label, "numeric");
          gtk_label_set_selectable (GTK_LABEL (label), r > 0);
          gtk_widget_set_focusable (label, FALSE);
          gtk_grid_attach (self->table, label, c, r, 1, 1);
        }
    }
}

/* The earlier sweep's measured lines on this one's plots, dashed, for
 * the plots both have. */
static void
overlay_earlier (PxSweepWindow *self,
                 GPtrArray     *plots)
{
  g_autoptr(GPtrArray) earlier = px_sweep_dup_plots (self->earlier);

  for (guint i = 0; i < plots->len; i++)
    {
      PxPlot *plot = g_ptr_array_index (plots, i);

      for (guint k = 0; k < earlier->len; k++)
        {
          PxPlot *old = g_ptr_array_index (earlier, k);
          guint n = plot->series->len;

          if (!g_str_equal (old->title, plot->title))
            continue;
          for (guint j = 0; j < old->series->len; j++)
            {
              PxPlotSeries *from = g_ptr_array_index (old->series, j);
              PxPlotSeries *to;
              g_autofree char *name = NULL;
              PxColor color;

              if (!from->markers)
                continue;
              /* Translators: a series of an earlier sweep on a plot:
               * its name and the sweep's date */
              name = g_strdup_printf (_("%s, %s"), from->name, self->earlier_date);
              px_palette_get_worker (8 + n, &color);
              to = px_plot_add_series (plot, name, &color, TRUE, TRUE);
              g_array_append_vals (to->x, from->x->data, from->x->len);
              g_array_append_vals (to->y, from->y->data, from->y->len);
              g_array_append_vals (to->error, from->error->data, from->error->len);
              n++;
            }
        }
    }
}

/* Whether the sweep shown (this one, or the kept one chosen before one
 * is run) has a point measured. */
gboolean
_px_sweep_window_shown_measured (PxSweepWindow *self)
{
  PxSweep *shown = self->sweep != NULL ? self->sweep : self->earlier;

  for (guint i = 0; shown != NULL && i < px_sweep_get_n_points (shown); i++)
    if (px_sweep_get_point (shown, i)->measured)
      return TRUE;
  return FALSE;
}

/* The plots, the fits in words and figures, and the table of the sweep
 * shown; with a kept one chosen beside a new one, its lines and fit
 * too. */
void
_px_sweep_window_update_results (PxSweepWindow *self)
{
  PxSweep *shown = self->sweep != NULL ? self->sweep : self->earlier;
  g_autoptr(GPtrArray) plots = NULL;
  g_autofree char *sentence = NULL;
  g_autoptr(GString) fits = g_string_new (NULL);
  gboolean measured = _px_sweep_window_shown_measured (self);

  if (shown == NULL)
    return;
  plots = px_sweep_dup_plots (shown);
  sentence = px_sweep_dup_fit_sentence (shown);
  if (self->sweep != NULL && self->earlier != NULL)
    {
      g_autofree char *before = px_sweep_dup_fit_sentence (self->earlier);

      overlay_earlier (self, plots);
      if (before != NULL)
        {
          /* Translators: the fit of an earlier sweep, under this one's:
           * its date and its fit in words */
          g_autofree char *both = g_strdup_printf (_("%s\nEarlier, %s: %s"),
                                                   sentence != NULL ? sentence : "",
                                                   self->earlier_date, before);

          g_free (sentence);
          sentence = g_steal_pointer (&both);
        }
    }

  self->n_plots = MIN (plots->len, PX_SWEEP_WINDOW_MAX_PLOTS);
  for (guint i = 0; i < PX_SWEEP_WINDOW_MAX_PLOTS; i++)
    {
      GtkWidget *child = gtk_widget_get_parent (GTK_WIDGET (self->views[i]));

      if (i < self->n_plots)
        px_plot_view_set_plot (self->views[i], g_ptr_array_steal_index (plots, 0));
      else
        px_plot_view_set_plot (self->views[i], NULL);
      gtk_widget_set_visible (child, i < self->n_plots && measured);
    }
  gtk_label_set_text (self->sentence, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sentence), sentence != NULL);
  if (px_sweep_is_worker_sweep (shown) && px_sweep_get_n_points (shown) > 1 && measured)
    px_sweep_append_fits (shown, fits, FALSE);
  g_strchomp (fits->str);
  gtk_label_set_text (self->fits, fits->str);
  gtk_widget_set_visible (GTK_WIDGET (self->fits), fits->len > 0);
  update_table (self, shown);
}

/* Kept sweeps */

void
_px_sweep_window_kept_chosen_cb (GtkDropDown   *drop_down,
                                 GParamSpec    *pspec,
                                 PxSweepWindow *self)
{
  guint selected = gtk_drop_down_get_selected (drop_down);
  g_autoptr(GError) error = NULL;
  PxKeptSweep *kept;

  g_clear_object (&self->earlier);
  g_clear_pointer (&self->earlier_date, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->kept->len)
    {
      kept = g_ptr_array_index (self->kept, selected - 1);
      self->earlier = px_sweep_new_from_report (kept->path, &error);
      if (self->earlier == NULL)
        _px_sweep_window_show_error (self, error->message);
      else
        self->earlier_date = px_kept_sweep_dup_date (kept);
    }
  _px_sweep_window_update_results (self);
  _px_sweep_window_update_status (self);
  _px_sweep_window_update_sensitivity (self);
}

/* The profile's kept sweeps in the list to compare with, the one
 * chosen still chosen. */
void
_px_sweep_window_reload_kept (PxSweepWindow *self)
{
  const char *name = px_profile_get_spec (self->profile)->name;
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  g_autofree char *chosen = NULL;
  guint selected = gtk_drop_down_get_selected (self->earlier_list);
  guint select = 0;

  if (self->kept != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected <= self->kept->len)
    chosen = g_strdup (((PxKeptSweep *)g_ptr_array_index (self->kept, selected - 1))->path);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  self->kept = px_sweep_list_kept (name);
  gtk_string_list_append (items, _("Nothing"));
  for (guint i = 0; i < self->kept->len; i++)
    {
      PxKeptSweep *kept = g_ptr_array_index (self->kept, i);
      g_autofree char *date = px_kept_sweep_dup_date (kept);
      g_autofree char *label = NULL;

      /* Translators: a kept sweep in a list: its date, the keys swept,
       * and how many points were measured */
      label = g_strdup_printf (ngettext ("%s · %s · %u point", "%s · %s · %u points",
                                         kept->n_measured), date, kept->axes, kept->n_measured);
      gtk_string_list_append (items, label);
      if (chosen != NULL && g_str_equal (chosen, kept->path))
        select = i + 1;
    }
  g_signal_handlers_block_by_func (self->earlier_list, _px_sweep_window_kept_chosen_cb, self);
  gtk_drop_down_set_model (self->earlier_list, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->earlier_list, select);
  g_signal_handlers_unblock_by_func (self->earlier_list, _px_sweep_window_kept_chosen_cb, self);
  gtk_widget_set_visible (self->earlier_row, self->kept->len > 0);
}

/* Export */

/**
 * px_sweep_window_export:
 *
 * Writes the sweep in the format @path ends with: .json, .csv, .md or
 * .html.
 */
gboolean
px_sweep_window_export (PxSweepWindow *self,
                        const char    *path,
                        GError       **error)
{
  PxReportFormat format;

  g_return_val_if_fail (PX_IS_SWEEP_WINDOW (self), FALSE);

  if (!_px_sweep_window_shown_measured (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing has been measured yet"));
      return FALSE;
    }
  if (!px_report_format_from_path (path, &format) || format == PX_REPORT_TRACE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: a sweep is written as .json, .csv, .md or .html"), path);
      return FALSE;
    }
  return px_sweep_report_write (self->sweep != NULL ? self->sweep : self->earlier, format, path,
                                error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PxSweepWindow   *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  PxReportFormat format;

  if (response != GTK_RESPONSE_ACCEPT || (path = _px_parts_dup_chosen_path (chooser)) == NULL)
    return;
  if (!px_report_format_from_path (path, &format) || format == PX_REPORT_TRACE)
    {
      g_autofree char *with = g_strconcat (path, ".html", NULL);

      g_free (path);
      path = g_steal_pointer (&with);
    }
  if (!px_sweep_window_export (self, path, &error))
    {
      _px_parts_show_write_error (GTK_WINDOW (self), error);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Report written: %s"), path);

    gtk_label_set_text (self->status, text);
  }
}

void
_px_sweep_window_export_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PxSweepWindow *self = PX_SWEEP_WINDOW (widget);
  g_autofree char *name = px_profile_dup_localized (self->profile, "name");
  g_autofree char *file_name = NULL;
  const char *filters[] = {
    _("HTML (table, fits and plots, one page)"), "html",
    _("JSON (every point and fit)"), "json",
    _("CSV (a row per point)"), "csv",
    _("Markdown (the table and fits)"), "md",
    NULL,
  };

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_strdelimit (name, "/\\:", '-');
  /* Translators: the file a sweep is exported to by default, the
   * profile's name */
  file_name = g_strdup_printf (_("%s sweep.html"), name);
  self->chooser = _px_parts_export_chooser (GTK_WINDOW (self), _("Export the Sweep"), file_name,
                                            filters);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
