/* test-cached-bin.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cached bin shows its child as an image: while the child does not
 * change, its frame is the same render node, so GTK has nothing of it to
 * draw again; when the child changes, the image follows. The image is
 * pixel for pixel what the child draws, on a display scaled once or twice
 * (GDK_SCALE).
 */

#include "config.h"

#include <gtk/gtk.h>

#include "px-cached-bin.h"
#include "px-test-helpers.h"

static gboolean have_display;

static void
painted_cb (GdkFrameClock *clock,
            gpointer       data)
{
  *(gboolean *)data = TRUE;
}

/* Until @widget's window has painted a frame: nothing is left to lay out. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

/* @node's pixels over @width by @height at @scale, on white. */
static cairo_surface_t *
draw_node (GskRenderNode *node,
           int            width,
           int            height,
           int            scale)
{
  cairo_surface_t *surface =
    cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The largest difference of a colour channel between @a and @b, and how
 * many pixels of @a are not white. */
static int
largest_difference (cairo_surface_t *a,
                    cairo_surface_t *b,
                    guint           *inked)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guchar *pa = cairo_image_surface_get_data (a);
  const guchar *pb = cairo_image_surface_get_data (b);
  int largest = 0;

  *inked = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x++)
      {
        int va = pa[(gsize)y * stride + x];
        int vb = pb[(gsize)y * stride + x];

        largest = MAX (largest, ABS (va - vb));
        *inked += x % 4 == 0 && *(const guint32 *)(pa + (gsize)y * stride + x) != 0xffffffff;
      }
  return largest;
}

/* That @bin's frame @node shows what its child draws, pixel for pixel. */
static void
assert_shows_child (GtkWidget     *bin,
                    GskRenderNode *node)
{
  GtkWidget *child = gtk_widget_get_first_child (bin);
  int width = gtk_widget_get_width (bin);
  int height = gtk_widget_get_height (bin);
  int scale = gtk_widget_get_scale_factor (bin);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *direct;
  cairo_surface_t *expected, *got;
  guint inked;

  gtk_widget_snapshot_child (bin, child, snapshot);
  direct = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (direct);
  expected = draw_node (direct, width, height, scale);
  got = draw_node (node, width, height, scale);
  /* Where the child's pixels are partly transparent (the edges of its
   * glyphs), the image keeps them premultiplied before they meet what is
   * under it, which can round a channel one step the other way. */
  g_assert_cmpint (largest_difference (got, expected, &inked), <=, 1);
  /* The label's text is in it. */
  g_assert_cmpuint (inked, >, 20u * scale * scale);
  cairo_surface_destroy (expected);
  cairo_surface_destroy (got);
  gsk_render_node_unref (direct);
}

static void
test_keeps_image (void)
{
  GtkWidget *window, *bin, *box, *label;
  GskRenderNode *first, *second, *third;
  int old_width;

  if (!have_display)
    {
      g_test_skip ("No display: the bin's frames need GTK (run under xvfb-run)");
      return;
    }

  window = gtk_window_new ();
  bin = px_cached_bin_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* With margins, GTK moves the child's kept node by a new node at each
   * snapshot. */
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_top (box, 6);
  label = gtk_label_new ("Profile");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_button_new_with_label ("Run"));
  gtk_box_append (GTK_BOX (box), gtk_check_button_new_with_label ("With a GIL"));
  adw_bin_set_child (ADW_BIN (bin), box);
  gtk_window_set_child (GTK_WINDOW (window), bin);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (bin) == 0 || !gtk_widget_get_mapped (label))
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (bin);

  /* Nothing changed: the same node, which GTK need not draw again. */
  first = snapshot_widget (bin);
  g_assert_nonnull (first);
  g_assert_cmpint (gsk_render_node_get_node_type (first), ==, GSK_CAIRO_NODE);
  second = snapshot_widget (bin);
  g_assert_true (second == first);
  assert_shows_child (bin, first);

  /* The child changed: a new image, showing the change. */
  old_width = gtk_widget_get_width (label);
  gtk_label_set_text (GTK_LABEL (label), "Processes, not threads");
  while (gtk_widget_get_width (label) == old_width)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (bin);
  third = snapshot_widget (bin);
  g_assert_true (third != first);
  assert_shows_child (bin, third);

  gsk_render_node_unref (first);
  gsk_render_node_unref (second);
  gsk_render_node_unref (third);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A hidden child draws nothing, and neither does the bin. */
static void
test_hidden_child (void)
{
  GtkWidget *window, *bin, *label;
  GskRenderNode *node;

  if (!have_display)
    {
      g_test_skip ("No display: the bin's frames need GTK (run under xvfb-run)");
      return;
    }

  window = gtk_window_new ();
  bin = px_cached_bin_new ();
  label = gtk_label_new ("Profile");
  adw_bin_set_child (ADW_BIN (bin), label);
  gtk_window_set_child (GTK_WINDOW (window), bin);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (label) || gtk_widget_get_width (label) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (bin);
  node = snapshot_widget (bin);
  g_assert_nonnull (node);
  gsk_render_node_unref (node);

  gtk_widget_set_visible (label, FALSE);
  node = snapshot_widget (bin);
  g_assert_null (node);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = px_test_require_display (gtk_init_check ());

  g_test_add_func ("/px/cached-bin/keeps-image", test_keeps_image);
  g_test_add_func ("/px/cached-bin/hidden-child", test_hidden_child);
  return g_test_run ();
}
