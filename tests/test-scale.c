/* test-scale.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scales, number formats and colours the graphs and the report's
 * charts share.
 */

#include "config.h"

#include <math.h>

#include "px-scale.h"

static void
test_scale_nice_ceil (void)
{
  const double cases[][2] = {
    { 0.7, 1 }, { 1, 1 }, { 1.01, 2 }, { 2.2, 2.5 }, { 3, 5 }, { 7, 10 }, { 101, 200 },
    { 240, 250 }, { 0.0031, 0.005 }, { 0, 1 }, { -3, 1 }, { NAN, 1 }, { INFINITY, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (px_scale_nice_ceil (cases[i][0]), cases[i][1], 1e-12);
}

static void
test_scale_value_step (void)
{
  const double tops[] = { 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 250, 1000, 2e6 };

  for (guint i = 0; i < G_N_ELEMENTS (tops); i++)
    for (int intervals = 2; intervals <= 5; intervals++)
      {
        int n_lines;
        double step = px_scale_value_step (tops[i], intervals, &n_lines);

        /* The step divides the top, which gets a line; no more than
         * asked, zero included. */
        g_assert_cmpfloat (fabs (tops[i] / step - round (tops[i] / step)), <, 1e-6);
        g_assert_cmpint (n_lines, ==, (int)round (tops[i] / step) + 1);
        g_assert_cmpint (n_lines - 1, <=, MAX (intervals, 2) * 2);
        g_assert_cmpint (n_lines, >=, 2);
      }
}

static void
test_scale_time (void)
{
  const struct { double t, step, end; const char *text; } cases[] = {
    { 1.5, 0.5, 10, "1.5 s" },
    { 2, 1, 10, "2 s" },
    { 0.25, 0.05, 1, "0.25 s" },
    { 0.004, 0.002, 0.01, "0.004 s" },
    { 90, 30, 120, "1:30" },
    { 119.999, 1, 120, "2:00" }, { 119.96, 0.5, 120, "2:00.0" },
    { 3725, 5, 7200, "1:02:05" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = px_format_time (cases[i].t, cases[i].step, cases[i].end);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Steps at least the spacing asked for apart, and the finest such. */
  g_assert_cmpfloat (px_scale_time_step (10, 600, 60), ==, 1);
  g_assert_cmpfloat (px_scale_time_step (0.05, 600, 60), ==, 0.005);
  g_assert_cmpfloat (px_scale_time_step (7200, 600, 60), ==, 900);
}

static void
test_scale_format (void)
{
  const struct { double v; const char *unit; const char *text; } readings[] = {
    { 50, "%", "50 %" }, { 12.34, "%", "12.3 %" }, { 1234, "tasks/s", "1.23 k tasks/s" }, { 2.5e6, NULL, "2.5 M" },
    { 150, "tasks", "150 tasks" }, { NAN, "%", "—" },
    /* A unit's symbol takes its prefix as one word. */
    { 1.25e7, "B", "12.5 MB" }, { 512, "B", "512 B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      g_autofree char *text = px_format_reading (readings[i].v, readings[i].unit);

      g_assert_cmpstr (text, ==, readings[i].text);
    }
}

static void
test_scale_palette (void)
{
  PxColor c;
  char hex[8];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  px_palette_get_worker (0, &c);
  px_color_to_hex (&c, hex);
  g_assert_cmpstr (hex, ==, "#3584e4");
  px_palette_get_worker (1, &c);
  px_color_to_hex (&c, hex);
  g_assert_cmpstr (hex, ==, "#ff7800");
  px_palette_get_role (PX_COLOR_IN_FLIGHT, &c);
  px_color_to_hex (&c, hex);
  g_assert_cmpstr (hex, ==, "#ff7800");

  /* 256 workers, 256 colours, each readable (not near white or black). */
  for (guint i = 0; i < 256; i++)
    {
      px_palette_get_worker (i, &c);
      px_color_to_hex (&c, hex);
      g_assert_false (g_hash_table_contains (seen, hex));
      g_hash_table_add (seen, g_strdup (hex));
      g_assert_cmpfloat (MAX (c.red, MAX (c.green, c.blue)), >=, 0.5);
      g_assert_cmpfloat (MIN (c.red, MIN (c.green, c.blue)), <=, 0.9);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scale/nice-ceil", test_scale_nice_ceil);
  g_test_add_func ("/scale/value-step", test_scale_value_step);
  g_test_add_func ("/scale/time", test_scale_time);
  g_test_add_func ("/scale/format", test_scale_format);
  g_test_add_func ("/scale/palette", test_scale_palette);

  return g_test_run ();
}
