/* px-watch-window-pages.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two pages of a watch's window. Summary: the viewed watch's figures
 * (the core's table), or two watches side by side with the ratio of each
 * figure, coloured better or worse when it differs by more than a
 * twentieth; what could not be read. Watches: a row per watch of the
 * window, to view it (click) or set it beside the viewed one (Compare).
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-watch-summary.h"
#include "px-watch-window-private.h"

/* Within this ratio of each other, two watches' figures are alike: one
 * watch of each says nothing of their noise. */
#define ALIKE 1.05

/* "python3 mix.py, 20:31:05": the program and when the watch began. */
char *
_px_watch_window_dup_title (PxWatch *watch)
{
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_local (px_watch_get_started (watch) /
                                                                 G_USEC_PER_SEC);
  g_autofree char *when = started != NULL ? g_date_time_format (started, "%X") : g_strdup ("");
  const char * const *argv = px_watch_get_argv (watch);
  g_autofree char *what = NULL;

  if (argv != NULL)
    what = g_strjoinv (" ", (char **)argv);
  else if (px_watch_get_n_processes (watch) > 0)
    what = g_strdup_printf ("%s (%d)", px_watch_get_process (watch, 0)->name,
                            px_watch_get_pid (watch));
  else
    what = g_strdup_printf ("%d", px_watch_get_pid (watch));
  /* Translators: a watch in the list of watches: the program, and the
   * time the watch began. */
  return g_strdup_printf (_("%s, %s"), what, when);
}

static char *
describe_watch (PxWatch *watch)
{
  PxWatchSummary s;
  g_autofree char *seconds = NULL;
  int status;

  px_watch_summary_compute (watch, &s);
  seconds = px_format_duration (s.seconds * 1e6);
  if (!px_watch_get_ended (watch) && !isnan (s.cores_mean))
    return g_strdup_printf (_("watching for %s, %.2f cores used"), seconds, s.cores_mean);
  if (px_watch_get_exit_status (watch, &status))
    return g_strdup_printf (_("%s, %.2f cores used, ended with status %d"), seconds,
                            isnan (s.cores_mean) ? 0 : s.cores_mean, status);
  return g_strdup_printf (_("%s, %.2f cores used"), seconds,
                          isnan (s.cores_mean) ? 0 : s.cores_mean);
}

static GtkWidget *
cell (const char *text,
      float       xalign,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable for copying, but one Tab stop for the whole page. */
  gtk_widget_set_focusable (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* @a against @b for a figure of @sense: the ratio's text and how to
 * colour it. */
static char *
ratio_text (double       a,
            double       b,
            int          sense,
            const char **css_class)
{
  double ratio;

  *css_class = "dim-label";
  if (isnan (a) || isnan (b) || b == 0)
    return g_strdup ("—");
  ratio = a / b;
  if (sense != 0 && (ratio > ALIKE || ratio < 1 / ALIKE))
    *css_class = (ratio > 1) == (sense > 0) ? "success" : "error";
  /* Translators: how many times a figure of the viewed watch is that of
   * the compared one. */
  return g_strdup_printf (_("%.2f×"), ratio);
}

void
_px_watch_window_update_summary (PxWatchWindow *self)
{
  GtkWidget *child;
  GtkWidget *grid;
  PxWatchSummary a, b;
  const PxWatchFigure *figures;
  guint n_figures;
  int row = 0;
  g_auto(GStrv) problems = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_box_remove (self->summary_box, child);
  if (self->viewed == NULL)
    return;

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  px_watch_summary_compute (self->viewed, &a);
  if (self->compared != NULL)
    {
      g_autofree char *ta = _px_watch_window_dup_title (self->viewed);
      g_autofree char *tb = _px_watch_window_dup_title (self->compared);

      px_watch_summary_compute (self->compared, &b);
      gtk_grid_attach (GTK_GRID (grid), cell (ta, 1, "heading"), 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (tb, 1, "heading"), 2, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (_("Ratio"), 1, "heading"), 3, row, 1, 1);
      row++;
    }
  figures = px_watch_summary_get_figures (&n_figures);
  for (guint i = 0; i < n_figures; i++)
    {
      double va = figures[i].value (&a);
      double vb = self->compared != NULL ? figures[i].value (&b) : NAN;
      GtkWidget *label;

      if (isnan (va) && isnan (vb))
        continue;
      label = cell (_(figures[i].label), 0, "dim-label");
      gtk_widget_set_tooltip_text (label, _(figures[i].help));
      gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
      {
        g_autofree char *text = isnan (va) ? g_strdup ("—")
                                           : px_figure_format_unit (figures[i].unit, va);

        gtk_grid_attach (GTK_GRID (grid), cell (text, 1, "numeric"), 1, row, 1, 1);
      }
      if (self->compared != NULL)
        {
          g_autofree char *text = isnan (vb) ? g_strdup ("—")
                                             : px_figure_format_unit (figures[i].unit, vb);
          const char *css = NULL;
          g_autofree char *ratio = ratio_text (va, vb, figures[i].sense, &css);

          gtk_grid_attach (GTK_GRID (grid), cell (text, 1, "numeric"), 2, row, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), cell (ratio, 1, css), 3, row, 1, 1);
        }
      row++;
    }
  gtk_box_append (self->summary_box, grid);

  if (self->compared != NULL)
    gtk_box_append (self->summary_box,
                    cell (_("Green is better and red is worse, where the two differ by more "
                            "than 5 %: one watch of each cannot tell noise from a difference "
                            "smaller than that."), 0, "dim-label"));
  problems = px_watch_dup_problems (self->viewed);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      GtkWidget *label = cell (problems[i], 0, "warning");

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->summary_box, label);
    }
}

static void
compare_toggled_cb (GtkCheckButton *check,
                    PxWatchWindow  *self)
{
  PxWatch *watch = g_object_get_data (G_OBJECT (check), "px-watch");

  if (self->updating_rows)
    return;
  if (gtk_check_button_get_active (check))
    _px_watch_window_view (self, self->viewed, watch);
  else if (self->compared == watch)
    _px_watch_window_view (self, self->viewed, NULL);
}

static void
row_activated_cb (AdwActionRow  *row,
                  PxWatchWindow *self)
{
  PxWatch *watch = g_object_get_data (G_OBJECT (row), "px-watch");

  _px_watch_window_view (self, watch, self->compared == watch ? NULL : self->compared);
}

static void
update_row (PxWatchWindow *self,
            GtkWidget     *row)
{
  PxWatch *watch = g_object_get_data (G_OBJECT (row), "px-watch");
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "px-check");
  GtkWidget *viewing = g_object_get_data (G_OBJECT (row), "px-viewing");
  g_autofree char *description = describe_watch (watch);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
  gtk_widget_set_tooltip_text (viewing, watch == self->viewed ? _("Shown in the graphs") : NULL);
  /* Transparent, not hidden, so every row's title starts at one place. */
  gtk_widget_set_opacity (viewing, watch == self->viewed ? 1 : 0);
  self->updating_rows = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), watch == self->compared);
  self->updating_rows = FALSE;
  gtk_widget_set_sensitive (check, watch != self->viewed);
}

void
_px_watch_window_update_rows (PxWatchWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->watches_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "px-watch") != NULL)
      update_row (self, row);
}

GtkWidget *
_px_watch_window_create_row (gpointer item,
                             gpointer user_data)
{
  PxWatchWindow *self = user_data;
  PxWatch *watch = item;
  g_autofree char *title = _px_watch_window_dup_title (watch);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new_with_label (_("Compare"));
  GtkWidget *viewing = gtk_image_new_from_icon_name ("object-select-symbolic");

  /* A command line is the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "px-watch", watch);
  g_object_set_data (G_OBJECT (row), "px-check", check);
  g_object_set_data (G_OBJECT (row), "px-viewing", viewing);
  g_object_set_data (G_OBJECT (check), "px-watch", watch);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);
  g_signal_connect_object (check, "toggled", G_CALLBACK (compare_toggled_cb), self, 0);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), viewing);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  update_row (self, row);
  return row;
}
