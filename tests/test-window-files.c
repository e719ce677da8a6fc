/* test-window-files.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window and files: exporting a run's reports and the graphs,
 * opening a profile that cannot be read, saving, and asking before
 * unsaved changes are lost.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "px-profile.h"
#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

static void
assert_file_starts_with (const char *path,
                         const char *prefix)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  if (!g_str_has_prefix (contents, prefix))
    g_error ("%s does not start with '%s'", path, prefix);
}

/* Whether @image has a @size × @size square of @rgb: a bar, not a line. */
static gboolean
has_block_of (cairo_surface_t *image,
              guint32          rgb,
              int              size)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);

  for (int y = 0; y + size <= height; y++)
    for (int x = 0; x + size <= width; x++)
      {
        gboolean all = TRUE;

        for (int dy = 0; dy < size && all; dy++)
          for (int dx = 0; dx < size && all; dx++)
            all = (*(const guint32 *)(gconstpointer)(data + (y + dy) * stride + 4 * (x + dx)) &
                   0xffffff) == rgb;
        if (all)
          return TRUE;
      }
  return FALSE;
}

static void
test_window_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-export-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_build_filename (dir, "run.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "run.csv", NULL);
  g_autofree char *series = g_build_filename (dir, "run-series.csv", NULL);
  g_autofree char *md = g_build_filename (dir, "run.md", NULL);
  g_autofree char *trace = g_build_filename (dir, "run.trace.json", NULL);
  g_autofree char *html = g_build_filename (dir, "run.html", NULL);
  g_autofree char *png = g_build_filename (dir, "graphs.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "graphs.svg", NULL);
  g_autofree char *typed = g_build_filename (dir, "report.txt", NULL);
  const char *files[] = { json, csv, series, md, trace, html, png, svg };
  PxWindow *window;

  if (!require_display ())
    return;

  window = new_window ();
  /* Nothing to export before a run. */
  g_assert_false (px_window_export_to_file (window, json, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  destroy_window (window);

  window = short_run_window ("processes");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (files[i] != series &&
        !px_window_export_to_file (window, files[i], NULL, &error))
      g_error ("export to %s: %s", files[i], error->message);

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, trace, &error));
  g_assert_no_error (error);
  assert_file_starts_with (csv, "task,");
  assert_file_starts_with (series, "t_s,");
  assert_file_starts_with (md, "# ");
  assert_file_starts_with (html, "<!DOCTYPE html>");
  assert_file_starts_with (png, "\x89PNG");
  assert_file_starts_with (svg, "<?xml");
  /* The image has the timeline too: its CPU-bound tasks are bars of
   * the compute colour, larger than any line or legend key. */
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_true (has_block_of (image, 0x3584e4, 12));
    cairo_surface_destroy (image);
  }

  /* At a size asked for, for slides: the image is that size, the graphs
   * drawn anew for it, and the SVG says it too. */
  g_assert_true (px_window_export_image (window, png, FALSE, 1600, 900, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1600);
    g_assert_cmpint (cairo_image_surface_get_height (image), <=, 900);
    g_assert_cmpint (cairo_image_surface_get_height (image), >=, 900 - 5);
    g_assert_true (has_block_of (image, 0x3584e4, 12));
    cairo_surface_destroy (image);
  }
  g_assert_true (px_window_export_image (window, svg, TRUE, 1920, 1080, &error));
  g_assert_no_error (error);
  {
    g_autofree char *text = NULL;

    static const GMarkupParser no_callbacks = { 0 };
    g_autoptr(GMarkupParseContext) xml = NULL;
    g_autoptr(GError) xml_error = NULL;

    g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "width=\"1920"));
    /* Text as text, not glyph outlines: titles, axes and the caption
     * can be selected and searched; the whole is well-formed XML. */
    g_assert_nonnull (strstr (text, ">Queue depth</text>"));
    g_assert_nonnull (strstr (text, ">0 s</text>"));
    g_assert_nonnull (strstr (text, ">Parallax — "));
    g_assert_null (strstr (text, "id=\"glyph"));
    xml = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
    g_assert_true (g_markup_parse_context_parse (xml, text, -1, &xml_error) &&
                   g_markup_parse_context_end_parse (xml, &xml_error));
    g_assert_no_error (xml_error);
  }

  /* A format named explicitly wins over the extension. */
  g_assert_true (px_window_export_to_file (window, typed, "md", &error));
  assert_file_starts_with (typed, "# ");

  /* Unknown extension, unknown format, unwritable folder: clear errors. */
  g_assert_false (px_window_export_to_file (window, "/tmp/report.xyz", NULL, &error));
  g_assert_nonnull (strstr (error->message, ".trace.json"));
  g_clear_error (&error);
  g_assert_false (px_window_export_to_file (window, typed, "pdf", &error));
  g_assert_nonnull (strstr (error->message, "pdf"));
  g_clear_error (&error);
  g_assert_false (px_window_export_to_file (window, "/nonexistent-dir/graphs.png", NULL, &error));
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/graphs.png"));
  g_clear_error (&error);

  destroy_window (window);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_unlink (files[i]);
  g_unlink (typed);
  /* No temporary file is left behind. */
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_bad_profile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-bad-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GList *before, *after;
  PxWindow *window;
  const char *error;

  if (!require_display ())
    return;

  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Bad\n[Workload]\n"
                                      "workers=0\nwrokers=3\n", -1, NULL));

  /* As `parallax bad.ini` does. */
  before = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  spin (0.2);
  after = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (after), ==, g_list_length (before) + 1);
  window = PX_WINDOW (after->data);
  g_list_free (before);

  error = last_error ();
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "bad.ini:5: [Workload] workers"));
  g_assert_nonnull (strstr (error, "did you mean 'workers'"));
  g_assert_cmpuint (count_dialogs (), ==, 1);
  /* A list of problems, a line each, in a dialog wide enough for them. */
  for (int i = 0; i < 50 && gtk_widget_get_width (GTK_WIDGET (find_dialog ())) == 0; i++)
    spin (0.1);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (find_dialog ())), >=, 560);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_dialog ()), "2 problems"));
  /* The window stays usable, with its untouched profile. */
  g_assert_null (window->path);
  g_assert_true (px_profile_editor_get_valid (window->editor));

  /* Neither a binary file nor a folder crashes it. */
  close_dialogs ();
  g_assert_false (px_window_open_file (window, g_getenv ("PX_FAULT_WORKER")));
  g_assert_nonnull (strstr (last_error (), "px-fault-worker"));
  close_dialogs ();
  g_assert_false (px_window_open_file (window, dir));
  g_assert_nonnull (last_error ());
  close_dialogs ();
  g_assert_false (px_window_open_file (window, "/nonexistent/profile.ini"));
  g_assert_nonnull (strstr (last_error (), "/nonexistent/profile.ini"));

  destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_window_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.ini", NULL);
  g_autofree char *source = profile_path ("semaphore.ini");
  g_autoptr(PxProfile) saved = NULL;
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (source);
  set_field (window, "workers", "5");
  set_field (window, "name", "My semaphore");
  g_assert_true (window->modified);
  g_assert_true (px_window_save_file (window, path));
  g_assert_false (window->modified);
  g_assert_cmpstr (window->path, ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "My semaphore — Parallax");

  saved = px_profile_new_from_file (path, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpuint (px_profile_get_spec (saved)->workers, ==, 5);
  g_assert_cmpstr (px_profile_get_spec (saved)->name, ==, "My semaphore");

  /* Saving into a missing folder fails with the path, and keeps the
   * profile marked as saved where it was. */
  set_field (window, "workers", "6");
  g_assert_false (px_window_save_file (window, "/nonexistent-dir/x.ini"));
  g_assert_nonnull (strstr (last_error (), "/nonexistent-dir/x.ini"));
  g_assert_true (window->modified);
  g_assert_cmpstr (window->path, ==, path);

  destroy_window (window);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_unsaved (void)
{
  g_autofree char *first = profile_path ("semaphore.ini");
  g_autofree char *second = profile_path ("barrier.ini");
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (first);
  set_field (window, "workers", "3");
  g_assert_true (window->modified);

  /* Opening another profile asks first, and nothing changes meanwhile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-path", "s", second));
  spin (0.1);
  g_assert_cmpuint (count_dialogs (), ==, 1);
  g_assert_cmpstr (window->path, ==, first);
  close_dialogs ();

  /* So does closing the window. */
  gtk_window_close (GTK_WINDOW (window));
  spin (0.1);
  g_assert_cmpuint (count_dialogs (), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_func ("/window/export", test_window_export);
  g_test_add_func ("/window/bad-profile", test_window_bad_profile);
  g_test_add_func ("/window/save", test_window_save);
  g_test_add_func ("/window/unsaved", test_window_unsaved);

  return px_window_test_run ();
}
