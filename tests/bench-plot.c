/* bench-plot.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of redrawing a 64-point sweep's four plots (speedup and
 * efficiency with the ideal line and three fitted laws, throughput and
 * wall time) as the sweep window draws them. The sweep is real: the
 * profile run at 1 to 64 workers. Against a baseline measured in turn
 * with it in this same run: the same lines, markers and labels drawn
 * the plain way, each label laid out afresh every frame. Medians of
 * interleaved frames are judged; every figure is printed, even after a
 * miss. Needs a display: `xvfb-run meson test -C _build --benchmark -v`.
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-plot-view.h"
#include "px-sweep-report.h"
#include "px-bench.h"
#include "px-test-helpers.h"

#define PLOT_WIDTH  480
#define PLOT_HEIGHT 300
#define N_FRAMES    40
#define TARGET_MS   4.0
/* The plots as drawn no slower than the plain way. */
#define TARGET_RATIO 1.0

static gboolean have_display;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_assert_true (px_sweep_run_finish (PX_SWEEP (source), result, NULL));
  *(gboolean *)user_data = TRUE;
}

/* A sweep of 64 points, 1 to 64 workers of short sleeps. */
static PxSweep *
run_sweep (void)
{
  g_autoptr(PxProfile) profile = px_profile_new ();
  PxSweep *sweep;
  gboolean done = FALSE;

  g_assert_true (px_profile_set_value (profile, "executor", "threads", NULL));
  g_assert_true (px_profile_set_value (profile, "kind", "sleep", NULL));
  g_assert_true (px_profile_set_value (profile, "tasks", "64", NULL));
  g_assert_true (px_profile_set_value (profile, "task-ms", "1", NULL));
  sweep = px_sweep_new (profile);
  g_assert_true (px_sweep_add_axis (sweep, "workers=1..64", NULL));
  px_sweep_run_async (sweep, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (px_sweep_get_n_points (sweep), ==, 64);
  return sweep;
}

static void
plain_text (cairo_t    *cr,
            const char *text,
            double      x,
            double      y)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);

  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* The baseline: @plot's lines, markers and labels, the plain way. */
static void
draw_plain (cairo_t      *cr,
            const PxPlot *plot)
{
  PxPlotFrame frame;
  double w = PLOT_WIDTH - 80, h = PLOT_HEIGHT - 110;

  if (!px_plot_get_frame (plot, &frame))
    return;
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  plain_text (cr, plot->title, 8, 8);
  plain_text (cr, plot->x_label, 200, PLOT_HEIGHT - 60);
  plain_text (cr, plot->y_label, 8, 120);
  for (int line = 0; line < frame.n_lines; line++)
    {
      g_autofree char *label = g_strdup_printf ("%g", line * frame.step);
      double y = 30 + h - px_plot_frame_y (&frame, line * frame.step) * h;

      plain_text (cr, label, 30, y);
      cairo_move_to (cr, 60, y);
      cairo_line_to (cr, 60 + w, y);
      cairo_stroke (cr);
    }
  {
    g_autoptr(GArray) ticks = px_plot_dup_ticks (plot, &frame);

    for (guint k = 0; k < ticks->len; k++)
      {
        g_autofree char *label = g_strdup_printf ("%g", g_array_index (ticks, double, k));

        plain_text (cr, label, 60 + px_plot_frame_x (plot, &frame,
                                                     g_array_index (ticks, double, k)) * w,
                    36 + h);
      }
  }
  for (guint i = 0; i < plot->series->len; i++)
    {
      PxPlotSeries *s = g_ptr_array_index (plot->series, i);

      cairo_set_source_rgb (cr, s->color.red, s->color.green, s->color.blue);
      for (guint k = 0; k < s->x->len; k++)
        {
          double x = 60 + px_plot_frame_x (plot, &frame, g_array_index (s->x, double, k)) * w;
          double y = 30 + h - px_plot_frame_y (&frame, g_array_index (s->y, double, k)) * h;

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      if (s->markers)
        for (guint k = 0; k < s->x->len; k++)
          {
            double x = 60 + px_plot_frame_x (plot, &frame, g_array_index (s->x, double, k)) * w;
            double y = 30 + h - px_plot_frame_y (&frame, g_array_index (s->y, double, k)) * h;

            cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
      plain_text (cr, s->name, 8 + 90 * i, PLOT_HEIGHT - 30);
    }
}

static double
frame_ms (GtkWidget       **views,
          guint             n_views,
          gboolean          plain,
          cairo_surface_t  *surface)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_views; i++)
    {
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      if (plain)
        draw_plain (cr, px_plot_view_get_plot (PX_PLOT_VIEW (views[i])));
      else
        px_plot_view_draw (PX_PLOT_VIEW (views[i]), cr, PLOT_WIDTH, PLOT_HEIGHT);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_plot_draw (void)
{
  g_autoptr(PxSweep) sweep = NULL;
  g_autoptr(GPtrArray) plots = NULL;
  GtkWidget *window, *box, *views[4];
  double subject[N_FRAMES], baseline[N_FRAMES], subject_ms, baseline_ms;
  cairo_surface_t *surface;
  guint n_points = 0;

  if (!px_test_require_display (have_display))
    return;

  sweep = run_sweep ();
  plots = px_sweep_dup_plots (sweep);
  g_assert_cmpuint (plots->len, ==, 4);
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < 4; i++)
    {
      PxPlot *plot = g_ptr_array_steal_index (plots, 0);

      for (guint s = 0; s < plot->series->len; s++)
        n_points += ((PxPlotSeries *)g_ptr_array_index (plot->series, s))->x->len;
      views[i] = px_plot_view_new ();
      px_plot_view_set_plot (PX_PLOT_VIEW (views[i]), plot);
      gtk_box_append (GTK_BOX (box), views[i]);
    }

  /* Subject and baseline in turn, so a busy moment weighs on both. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PLOT_WIDTH, PLOT_HEIGHT);
  for (int frame = -5; frame < N_FRAMES; frame++)
    {
      double a = frame_ms (views, 4, FALSE, surface);
      double b = frame_ms (views, 4, TRUE, surface);

      if (frame >= 0)
        {
          subject[frame] = a;
          baseline[frame] = b;
        }
    }
  cairo_surface_destroy (surface);
  subject_ms = px_test_median (subject, N_FRAMES);
  baseline_ms = px_test_median (baseline, N_FRAMES);
  g_test_message ("a 64-point sweep's 4 plots (%u points in all), %dx%d px each, medians of %d "
                  "interleaved frames: %.2f ms a frame (reference <= %.0f ms); the same drawn "
                  "the plain way %.2f ms; ratio %.2f (target <= %.2f)",
                  n_points, PLOT_WIDTH, PLOT_HEIGHT, N_FRAMES, subject_ms, TARGET_MS, baseline_ms,
                  subject_ms / baseline_ms, TARGET_RATIO);
  gtk_window_destroy (GTK_WINDOW (window));

  {
    g_autofree char *ours = g_strdup_printf ("%.2f ms a frame", subject_ms);
    g_autofree char *base = g_strdup_printf ("drawn the plain way %.2f ms", baseline_ms);
    g_autofree char *target = g_strdup_printf ("≤ %.2fx the plain way", TARGET_RATIO);

    px_bench_target ("a 64-point sweep's 4 plots redrawn (ours / plain)", ours, base,
                     subject_ms / baseline_ms, target, subject_ms / baseline_ms <= TARGET_RATIO);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/px/bench/plot/draw", bench_plot_draw);

  return g_test_run ();
}
