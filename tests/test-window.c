/* test-window.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window: opens profiles, edits fields, runs, stops,
 * exports, and looks at what the widgets show.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "px-application.h"
#include "px-guard.h"
#include "px-profile.h"
#include "px-test-helpers.h"
#include "px-window-private.h"

#define RUN_TIMEOUT_S 60

static PxApplication *app;
static gboolean have_display;

static gboolean
require_display (void)
{
  return px_test_require_display (have_display);
}

static char *
profile_path (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles", name,
                                                NULL);

  return g_canonicalize_filename (path, NULL);
}


/* The window's state as a person sees it: widgets and dialogs. */
static gboolean
is_running (PxWindow *window)
{
  return window->session != NULL && px_session_get_running (window->session);
}

static PxGraph *
get_graph (PxWindow      *window,
           PxWindowGraph  graph)
{
  return _px_window_get_graph (window, graph);
}

static guint
count_runs (PxWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (window->runs));
}

/* The run at @index of the history, newest first; owned by the window. */
static PxRunItem *
get_run (PxWindow *window,
         guint     index)
{
  g_autoptr(PxRunItem) item = g_list_model_get_item (G_LIST_MODEL (window->runs), index);

  return item;
}

static const char *
get_status (PxWindow *window)
{
  return px_cell_text_get_text (window->status_label);
}

/* The body of the newest error dialog shown, or NULL. */
static const char *
last_error (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window));
    }
  return NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* The summary pane's text, a line per label. */
static char *
dup_summary_text (PxWindow *window)
{
  GString *text = g_string_new (NULL);

  collect_labels (GTK_WIDGET (window->summary_box), text);
  return g_string_free (text, FALSE);
}

static gboolean
wait_until (gboolean (*done) (PxWindow *),
            PxWindow  *window,
            double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (window))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
spin (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
not_running (PxWindow *window)
{
  return !is_running (window);
}

static PxWindow *
new_window (void)
{
  PxWindow *window = px_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  spin (0.1);
  return window;
}

/* A new window showing the profile at @path. */
static PxWindow *
window_on (const char *path)
{
  PxWindow *window = new_window ();

  g_assert_true (px_window_open_file (window, path));
  return window;
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
}

static guint
count_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

/* Destroys @window and checks nothing kept it alive. */
static void
destroy_window (PxWindow *window)
{
  close_dialogs ();
  g_assert_false (is_running (window));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.05);
  g_assert_finalize_object (window);
}

static void
set_field (PxWindow   *window,
           const char *key,
           const char *text)
{
  PxProfileEditor *editor = window->editor;

  g_assert_true (px_profile_editor_set_text (editor, key, text));
  g_assert_null (px_profile_editor_get_error (editor, key));
}

/* Runs the window's profile through the Run action and waits for it. */
static void
run_and_wait (PxWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (is_running (window));
  g_assert_true (wait_until (not_running, window, RUN_TIMEOUT_S));
  g_assert_null (last_error ());
}

static PxWindow *
short_run_window (const char *executor)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  PxWindow *window = window_on (path);

  set_field (window, "executor", executor);
  set_field (window, "tasks", "16");
  set_field (window, "task-ms", "15");
  set_field (window, "interval-ms", "20");
  run_and_wait (window);
  return window;
}

static void
test_window_template (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  PxWindow *window;
  guint n_fields;

  if (!require_display ())
    return;

  window = new_window ();
  px_profile_get_fields (&n_fields);
  /* Every field but the format version has a row. */
  g_assert_cmpuint (px_profile_editor_get_n_rows (window->editor), ==,
                    n_fields - 1);
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      PxGraph *graph = get_graph (window, g);

      g_assert_true (PX_IS_GRAPH (graph));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)));
      g_assert_cmpstr (px_graph_get_title (graph), !=, NULL);
    }
  g_assert_cmpuint (px_worker_table_get_n_rows (window->worker_table), ==, 0);
  g_assert_null (window->path);

  g_assert_true (px_window_open_file (window, path));
  g_assert_cmpstr (window->path, ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Threads vs processes — Parallax");
  g_assert_false (window->modified);

  destroy_window (window);
}

static void
assert_editor_shows (PxProfileEditor *editor,
                     PxProfile       *profile,
                     const char      *path)
{
  guint n_fields;
  const PxField *fields = px_profile_get_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *expected = NULL;
      g_autofree char *shown = NULL;

      if (g_str_equal (fields[i].key, "version"))
        continue;
      expected = px_profile_get_value (profile, fields[i].key);
      shown = px_profile_editor_dup_text (editor, fields[i].key);
      g_assert_nonnull (shown);
      if (fields[i].type == PX_FIELD_DOUBLE &&
          fabs (g_ascii_strtod (shown, NULL) - g_ascii_strtod (expected, NULL)) > 1e-9)
        g_error ("%s: %s shows '%s', the profile holds '%s'", path, fields[i].key, shown,
                 expected);
      else if (fields[i].type != PX_FIELD_DOUBLE && g_strcmp0 (shown, expected) != 0)
        g_error ("%s: %s shows '%s', the profile holds '%s'", path, fields[i].key, shown,
                 expected);
      g_assert_null (px_profile_editor_get_error (editor, fields[i].key));
    }
}

static void
test_window_examples (void)
{
  g_autofree char *dir = profile_path ("");
  g_autoptr(GDir) d = NULL;
  PxWindow *window;
  const char *name;
  guint n = 0;

  if (!require_display ())
    return;

  window = new_window ();
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(PxProfile) profile = NULL;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      profile = px_profile_new_from_file (path, NULL);
      g_assert_nonnull (profile);

      g_assert_true (px_window_open_file (window, path));
      g_assert_false (window->modified);
      g_assert_true (px_profile_editor_get_valid (window->editor));
      assert_editor_shows (window->editor, profile, path);
      n++;
    }
  g_assert_cmpuint (n, >=, 13);
  g_assert_cmpuint (count_dialogs (), ==, 0);

  destroy_window (window);
}

static guint
count_distinct_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize)width * height);
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *)pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (colors);
}

static void
save_window_png (PxWindow   *window,
                 const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 200);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("window snapshot: %s", path);

  /* A blank or single-colour image would mean nothing was drawn. */
  g_assert_cmpuint (count_distinct_pixels (texture), >, 50);
}

static void
clipboard_read_cb (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_window_run (void)
{
  PxWindow *window;
  PxWorkerTable *table;
  PxRunItem *item;
  g_autofree char *summary = NULL;
  g_autofree char *tasks = NULL;
  guint total_tasks = 0;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  g_assert_true (window->modified);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "*"));

  table = window->worker_table;
  g_assert_cmpuint (px_worker_table_get_n_rows (table), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *done = px_worker_table_dup_cell (table, i, 3);
      g_autofree char *id = px_worker_table_dup_cell (table, i, 1);

      total_tasks += atoi (done);
      g_assert_cmpint (atoi (id), >, 0);
    }
  g_assert_cmpuint (total_tasks, ==, 16);

  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  g_assert_cmpuint (px_graph_get_n_points (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    >, 4);
  g_assert_cmpuint (px_graph_get_n_points (get_graph (window,
                                                                PX_WINDOW_GRAPH_THROUGHPUT)),
                    >, 2);
  /* Each graph tells assistive technologies its latest values. */
  g_assert_true (gtk_test_accessible_has_property (
                   GTK_ACCESSIBLE (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  item = window->viewed;
  g_assert_nonnull (item);
  g_assert_true (px_run_item_get_finished (item));
  g_assert_cmpuint (px_run_item_get_summary (item)->done, ==, 16);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Tasks done\n16\n"));
  {
    guint n_figures;
    const PxFigure *figures = px_summary_get_figures (&n_figures);
    const PxSummary *s = px_run_item_get_summary (item);

    /* Every figure of the core's table, with its value. */
    for (guint i = 0; i < n_figures; i++)
      {
        g_autofree char *value = px_figure_format (&figures[i], figures[i].value (s));
        g_autofree char *row = g_strdup_printf ("%s\n%s\n", figures[i].label, value);

        g_assert_nonnull (strstr (summary, row));
      }
  }
  g_assert_true (g_str_has_prefix (get_status (window), "Finished in"));
  g_assert_cmpuint (count_runs (window), ==, 1);

  spin (0.2);
  save_window_png (window, "window-after-run.png");

  /* Copy as Markdown puts the report's summary on the clipboard. */
  {
    g_autofree char *markdown = px_window_dup_summary_markdown (window, NULL);
    g_autofree char *copied = NULL;

    g_assert_nonnull (markdown);
    g_assert_true (g_str_has_prefix (markdown, "# "));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                   clipboard_read_cb, &copied);
    while (copied == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (copied, ==, markdown);
  }

  destroy_window (window);
}

static GArray *
child_pids (void)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/children", tid);
      g_autofree char *text = NULL;
      g_auto(GStrv) parts = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      parts = g_strsplit (g_strstrip (text), " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (parts[i][0] != '\0')
          {
            int pid = atoi (parts[i]);

            g_array_append_val (pids, pid);
          }
    }
  return pids;
}

static gboolean
has_three_children (PxWindow *window)
{
  g_autoptr(GArray) pids = child_pids ();

  return pids->len >= 3;
}

/* Starts the window's profile, on three worker processes, and returns
 * their pids once all three run. */
static GArray *
run_until_three_workers (PxWindow *window)
{
  GArray *pids;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (wait_until (has_three_children, window, 10));
  pids = child_pids ();
  g_assert_cmpuint (pids->len, ==, 3);
  return pids;
}

/* No process of @pids is left, not even a zombie, nor any other child. */
static void
assert_processes_gone (GArray *pids)
{
  g_autoptr(GArray) children = child_pids ();

  for (guint i = 0; i < pids->len; i++)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/%d", g_array_index (pids, int, i));

      g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpuint (children->len, ==, 0);
}

static void
test_window_stop (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;
  const PxSummary *summary;
  gint64 stop_at;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "3");
  set_field (window, "kind", "sleep");
  set_field (window, "tasks", "2000");
  set_field (window, "task-ms", "50");

  pids = run_until_three_workers (window);
  spin (0.3);

  stop_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (wait_until (not_running, window, 10));
  g_test_message ("stopped in %.0f ms", (g_get_monotonic_time () - stop_at) / 1000.0);

  assert_processes_gone (pids);

  summary = px_run_item_get_summary (window->viewed);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->cancelled, >, 0);
  g_assert_cmpuint (summary->done + summary->failed + summary->cancelled, ==, 2000);
  g_assert_true (g_str_has_prefix (get_status (window), "Stopped after"));

  destroy_window (window);
}

static void
test_window_invalid_value (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  GtkWidget *run_button;
  PxProfileEditor *editor;
  PxWindow *window;
  const char *error;

  if (!require_display ())
    return;

  window = window_on (path);
  editor = window->editor;
  run_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PX_TYPE_WINDOW,
                                                         "run_button"));
  g_assert_true (gtk_widget_get_sensitive (run_button));

  g_assert_true (px_profile_editor_set_text (editor, "workers", "0"));
  error = px_profile_editor_get_error (editor, "workers");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "a whole number from 1 to 256"));
  g_assert_false (px_profile_editor_get_valid (editor));
  g_assert_false (gtk_widget_get_sensitive (run_button));
  /* The rejected value never reaches the profile. */
  g_assert_cmpuint (px_profile_get_spec (px_profile_editor_get_profile (editor))->workers, ==, 2);

  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "fast"));
  g_assert_nonnull (px_profile_editor_get_error (editor, "task-ms"));

  g_assert_true (px_profile_editor_set_text (editor, "workers", "4"));
  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "12.5"));
  g_assert_null (px_profile_editor_get_error (editor, "workers"));
  g_assert_null (px_profile_editor_get_error (editor, "task-ms"));
  g_assert_true (px_profile_editor_get_valid (editor));
  g_assert_true (gtk_widget_get_sensitive (run_button));
  g_assert_cmpuint (px_profile_get_spec (px_profile_editor_get_profile (editor))->workers, ==, 4);
  g_assert_cmpfloat (px_profile_get_spec (px_profile_editor_get_profile (editor))->task_ms, ==,
                     12.5);
  g_assert_true (window->modified);

  /* Sizing a task in milliseconds clears its size in iterations, and the
   * editor shows it. */
  g_assert_true (px_profile_editor_set_text (editor, "task-iterations", "5000"));
  g_assert_true (px_profile_editor_set_text (editor, "task-ms", "20"));
  {
    g_autofree char *iterations = px_profile_editor_dup_text (editor, "task-iterations");

    g_assert_cmpstr (iterations, ==, "0");
  }

  destroy_window (window);
}

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
test_window_compare (void)
{
  PxWindow *window;
  PxRunItem *threads, *processes;
  g_autofree char *summary = NULL;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  set_field (window, "executor", "processes");
  run_and_wait (window);
  g_assert_cmpuint (count_runs (window), ==, 2);

  processes = get_run (window, 0);
  threads = get_run (window, 1);
  g_assert_cmpint (px_run_get_spec (px_run_item_get_run (processes))->executor, ==,
                   PX_EXECUTOR_PROCESSES);
  g_assert_true (window->viewed == processes);

  /* Overlay the thread run on the process run. */
  px_window_view_run (window, processes, threads);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 4);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_QUEUE)),
                    ==, 6);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Change"));
  g_assert_nonnull (strstr (summary, "processes, 2 workers"));
  g_assert_nonnull (strstr (summary, "threads, 2 workers"));
  spin (0.2);
  save_window_png (window, "window-compare.png");

  /* View the earlier run again, alone. */
  px_window_view_run (window, threads, NULL);
  g_assert_true (window->viewed == threads);
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  g_assert_cmpuint (px_worker_table_get_n_rows (window->worker_table), ==, 2);

  destroy_window (window);
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
test_window_zoom (void)
{
  PxWindow *window;
  GtkWidget *reset;
  double start, end;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  reset = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PX_TYPE_WINDOW,
                                                     "reset_zoom_button"));
  g_assert_false (gtk_widget_get_visible (reset));

  /* A range picked on one graph applies to all: they share the time axis. */
  g_signal_emit_by_name (get_graph (window, PX_WINDOW_GRAPH_QUEUE), "range-selected",
                         0.05, 0.15);
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      px_graph_get_range (get_graph (window, g), &start, &end);
      g_assert_cmpfloat (start, ==, 0.05);
      g_assert_cmpfloat (end, ==, 0.15);
    }
  g_assert_true (gtk_widget_get_visible (reset));

  /* So does the cursor. */
  g_signal_emit_by_name (get_graph (window, PX_WINDOW_GRAPH_CPU), "cursor-moved", 0.1);
  for (guint g = 1; g < PX_WINDOW_N_GRAPHS; g++)
    g_assert_cmpfloat (px_graph_get_cursor (get_graph (window, g)), ==, 0.1);
  /* A series hidden from its legend stays counted, and comes back. */
  px_graph_set_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU), 1, TRUE);
  g_assert_true (px_graph_get_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU),
                                             1));
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_CPU)),
                    ==, 2);
  spin (0.1);
  save_window_png (window, "window-zoomed.png");
  px_graph_set_series_hidden (get_graph (window, PX_WINDOW_GRAPH_CPU), 1, FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-zoom", NULL));
  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      px_graph_get_range (get_graph (window, g), &start, &end);
      g_assert_true (isnan (start) && isnan (end));
    }
  g_assert_false (gtk_widget_get_visible (reset));

  destroy_window (window);
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

static void
test_window_close_running (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-close-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sleepy.ini", NULL);
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;
  gint64 deadline;

  if (!require_display ())
    return;

  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Sleepy\n[Workload]\n"
                                      "executor=processes\nworkers=3\nkind=sleep\n"
                                      "tasks=2000\ntask-ms=50\n", -1, NULL));
  window = window_on (path);
  g_assert_false (window->modified);

  pids = run_until_three_workers (window);

  /* Closing a window that runs stops the run first; the window goes when
   * its workers are gone. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (window);
  assert_processes_gone (pids);

  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_crashed_worker (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-crash-XXXXXX", NULL);
  g_autofree char *worker = g_build_filename (dir, "px-fault-crash-3", NULL);
  g_autofree char *path = g_build_filename (dir, "crashy.ini", NULL);
  g_autofree char *summary = NULL;
  const PxSummary *s;
  PxWindow *window;

  if (!require_display ())
    return;

  g_assert_cmpint (symlink (g_getenv ("PX_FAULT_WORKER"), worker), ==, 0);
  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Crashy\n[Workload]\n"
                                      "executor=processes\nworkers=2\nkind=sleep\n"
                                      "tasks=12\ntask-ms=5\nretries=0\n", -1, NULL));
  window = window_on (path);
  _px_window_set_worker_path (window, worker);
  run_and_wait (window);

  /* Each worker dies after 3 tasks: the run reports it, accounts for every
   * task and goes on with replacements. */
  s = px_run_item_get_summary (window->viewed);
  g_assert_cmpuint (s->workers_lost, >, 0);
  g_assert_cmpuint (s->failed, >, 0);
  g_assert_cmpuint (s->done + s->failed + s->cancelled, ==, 12);
  g_assert_nonnull (window->last_toast);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "Events"));
  g_assert_nonnull (strstr (summary, "failed on worker"));

  destroy_window (window);
  g_unlink (worker);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_repetitions (void)
{
  g_autofree char *path = profile_path ("threads-vs-processes.ini");
  const PxRepetitions *reps;
  g_autofree char *summary = NULL;
  PxRunItem *item;
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "tasks", "6");
  set_field (window, "task-ms", "5");
  set_field (window, "repetitions", "3");
  set_field (window, "warmup", "1");
  run_and_wait (window);

  /* Four runs, one kept: the last measured, with the statistics of all
   * three measured ones, numbered as one run. */
  g_assert_cmpuint (count_runs (window), ==, 1);
  item = window->viewed;
  g_assert_cmpuint (px_run_item_get_number (item), ==, 1);
  reps = px_run_item_get_repetitions (item);
  g_assert_nonnull (reps);
  g_assert_cmpuint (reps->n, ==, 3);
  g_assert_cmpuint (reps->warmup, ==, 1);
  g_assert_cmpfloat (reps->wall_stats.mean, >, 0);
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "3 measured runs after 1 warm-up runs"));

  destroy_window (window);
}

static void
test_window_destroy_running (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GArray) pids = NULL;
  PxWindow *window;

  if (!require_display ())
    return;

  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "3");
  set_field (window, "tasks", "2000");
  set_field (window, "repetitions", "3");
  pids = run_until_three_workers (window);

  /* Destroyed outright, not closed: the run stops, and its end finds
   * nothing more to do, no further repetition. */
  close_dialogs ();
  gtk_window_destroy (GTK_WINDOW (window));
  spin (2);
  assert_processes_gone (pids);
}

static void
test_window_preferences (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-prefs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.ini", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PxWindow *window;
  GtkWindow *preferences;
  PxRunItem *item;

  if (!require_display ())
    return;

  /* A profile without interval-ms or history takes the preferences'. */
  g_assert_true (g_file_set_contents (path,
                                      "[Profile]\nversion=1\nname=Plain\n[Workload]\n"
                                      "workers=2\nkind=sleep\ntasks=8\ntask-ms=10\n",
                                      -1, NULL));
  g_settings_set_uint (settings, "sampling-interval", 30);
  g_settings_set_uint (settings, "history-length", 500);

  window = window_on (path);
  run_and_wait (window);
  item = window->viewed;
  g_assert_cmpuint (px_sampler_get_interval (px_run_item_get_sampler (item)), ==, 30);
  g_assert_cmpuint (px_run_get_spec (px_run_item_get_run (item))->history, ==, 500);

  /* A profile that sets them keeps its own. */
  set_field (window, "interval-ms", "70");
  run_and_wait (window);
  item = window->viewed;
  g_assert_cmpuint (px_sampler_get_interval (px_run_item_get_sampler (item)), ==, 70);

  /* Preferences opens its window over this one. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  spin (0.2);
  preferences = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (ADW_IS_PREFERENCES_WINDOW (toplevel))
        preferences = toplevel;
    }
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  gtk_window_destroy (preferences);

  g_settings_reset (settings, "sampling-interval");
  g_settings_reset (settings, "history-length");
  destroy_window (window);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* A run that would fill the temporary folder is asked about: Cancel
 * starts nothing, Run Anyway starts it. */
static void
test_window_resource_guard (void)
{
  g_autofree char *path = profile_path ("file-io.ini");
  /* One task a second: Run Anyway starts one, which Stop ends. */
  const char *keys[][2] = {
    { "executor", "threads" }, { "workers", "256" }, { "tasks", "256" },
    { "file-bytes", "1073741824" }, { "arrival", "rate" }, { "rate", "1" },
  };
  g_autoptr(PxProfile) profile = px_profile_new_from_file (path, NULL);
  PxWindow *window;
  AdwMessageDialog *dialog;

  if (!require_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (px_profile_set_value (profile, keys[i][0], keys[i][1], NULL));
  if (px_resources_check (px_profile_get_spec (profile), NULL))
    {
      g_test_skip ("the temporary folder has room for 256 GiB: nothing to guard against here");
      return;
    }

  window = window_on (path);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    set_field (window, keys[i][0], keys[i][1]);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  spin (0.1);
  g_assert_false (is_running (window));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "file-bytes=1073741824"));
  /* What a click does: answer, then close. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  spin (0.1);
  g_assert_false (is_running (window));
  g_assert_cmpuint (count_dialogs (), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  spin (0.1);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "run");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_until (is_running, window, 5));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (wait_until (not_running, window, 10));

  destroy_window (window);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir))
    n++;
  return n;
}

static guint64
status_field (const char *name)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", name);
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, key);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

static gboolean
has_done_tasks (PxWindow *window)
{
  PxRunItem *item = window->viewed;
  PxRunCounters c;

  if (item == NULL)
    return FALSE;
  px_run_get_counters (px_run_item_get_run (item), &c);
  return c.done >= 3;
}

/* Memory in use on the heap, all arenas and mapped blocks: what a leak
 * grows. Resident memory also holds what malloc keeps for later in each
 * thread's arena, which moves in steps of megabytes with no leak. */
static guint64
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Twenty runs started and stopped in one window: file descriptors and
 * threads come back to what they were, the heap stays flat once the run
 * history is full. */
static void
test_window_repeated_runs (void)
{
  g_autofree char *path = profile_path ("io-bound.ini");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  PxWindow *window;
  guint fds = 0, threads = 0;
  guint64 heap = 0;

  if (!require_display ())
    return;

  g_settings_set_uint (settings, "runs-kept", 3);
  window = window_on (path);
  set_field (window, "executor", "processes");
  set_field (window, "workers", "4");
  set_field (window, "tasks", "100000");
  set_field (window, "task-ms", "5");

  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
      g_assert_true (wait_until (has_done_tasks, window, 10));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
      g_assert_true (wait_until (not_running, window, 10));
      /* Let idle pool threads and finished sources go. */
      spin (0.2);
      g_assert_cmpuint (px_test_count_children (), ==, 0);

      /* The history is full after three runs: measure from then on. */
      if (i == 4)
        {
          fds = count_fds ();
          threads = status_field ("Threads");
          heap = heap_in_use ();
        }
      if (i >= 4)
        g_test_message ("run %u: %u fds, %" G_GUINT64_FORMAT " threads, %.0f kB of heap in use, "
                        "%" G_GUINT64_FORMAT " kB resident", i + 1, count_fds (),
                        status_field ("Threads"), heap_in_use () / 1024.0,
                        status_field ("VmRSS"));
    }

  g_assert_cmpuint (count_fds (), <=, fds);
  /* GLib keeps a few idle threads for later tasks. */
  g_assert_cmpuint (status_field ("Threads"), <=, threads + 2);
  /* 15 runs: under 64 kB a run. */
  g_assert_cmpuint (heap_in_use (), <, heap + 1024 * 1024);

  destroy_window (window);
  g_settings_reset (settings, "runs-kept");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* GTK's test accessibility backend: no session bus, and what widgets
   * tell assistive technologies can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  have_display = gtk_init_check ();
  if (have_display)
    {
      app = px_application_new (G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
    }

  g_test_add_func ("/window/template", test_window_template);
  g_test_add_func ("/window/examples", test_window_examples);
  g_test_add_func ("/window/run", test_window_run);
  g_test_add_func ("/window/stop", test_window_stop);
  g_test_add_func ("/window/invalid-value", test_window_invalid_value);
  g_test_add_func ("/window/export", test_window_export);
  g_test_add_func ("/window/bad-profile", test_window_bad_profile);
  g_test_add_func ("/window/compare", test_window_compare);
  g_test_add_func ("/window/save", test_window_save);
  g_test_add_func ("/window/zoom", test_window_zoom);
  g_test_add_func ("/window/unsaved", test_window_unsaved);
  g_test_add_func ("/window/close-running", test_window_close_running);
  g_test_add_func ("/window/crashed-worker", test_window_crashed_worker);
  g_test_add_func ("/window/resource-guard", test_window_resource_guard);
  g_test_add_func ("/window/repeated-runs", test_window_repeated_runs);
  g_test_add_func ("/window/repetitions", test_window_repetitions);
  g_test_add_func ("/window/destroy-running", test_window_destroy_running);
  g_test_add_func ("/window/preferences", test_window_preferences);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
