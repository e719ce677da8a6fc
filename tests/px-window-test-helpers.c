/* px-window-test-helpers.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window tests share: the application, opening windows on
 * profiles, waiting on the main loop, reading what the window shows
 * (dialogs, the summary, the status line), and child processes.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

PxApplication *app;
static gboolean have_display;
static char *runs_dir;

/* Sets up GTK and the application for a window test program. */
void
px_window_test_init (int    *argc,
                     char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* GTK's test accessibility backend: no session bus, and what widgets
   * tell assistive technologies can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* The runs each window keeps go to a folder of this program's own. */
  runs_dir = px_test_make_dir ("px-kept-runs");
  g_setenv ("PARALLAX_RUNS_DIR", runs_dir, TRUE);
  g_test_init (argc, argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  have_display = gtk_init_check ();
  /* The catalogues built beside the tests, for a test that reads the
   * window in another language. */
  bindtextdomain (GETTEXT_PACKAGE, PX_BUILD_ROOT "/po");
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (have_display)
    {
      app = px_application_new (G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
    }
}

int
px_window_test_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  px_test_remove_dir (runs_dir);
  g_clear_pointer (&runs_dir, g_free);
  return status;
}

gboolean
require_display (void)
{
  return px_test_require_display (have_display);
}

char *
profile_path (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles", name,
                                                NULL);

  return g_canonicalize_filename (path, NULL);
}

/* The window's state as a person sees it: widgets and dialogs. */
gboolean
is_running (PxWindow *window)
{
  return window->session != NULL && px_session_get_running (window->session);
}

PxGraph *
get_graph (PxWindow      *window,
           PxWindowGraph  graph)
{
  return _px_window_get_graph (window, graph);
}

guint
count_runs (PxWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (window->runs));
}

/* The run at @index of the history, newest first; owned by the window. */
PxRunItem *
get_run (PxWindow *window,
         guint     index)
{
  g_autoptr(PxRunItem) item = g_list_model_get_item (G_LIST_MODEL (window->runs), index);

  return item;
}

const char *
get_status (PxWindow *window)
{
  return px_cell_text_get_text (window->status_label);
}

/* The newest message dialog shown, or NULL. */
AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The body of the newest error dialog shown, or NULL. */
const char *
last_error (void)
{
  AdwMessageDialog *dialog = find_dialog ();
  GtkWidget *extra;

  if (dialog == NULL)
    return NULL;
  /* A list of problems is the extra child's text. */
  extra = adw_message_dialog_get_extra_child (dialog);
  /* The scrolled window put the label in a viewport of its own. */
  if (GTK_IS_SCROLLED_WINDOW (extra) &&
      GTK_IS_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (extra))))
    return gtk_label_get_text (GTK_LABEL (gtk_viewport_get_child (
      GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (extra))))));
  return adw_message_dialog_get_body (dialog);
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
char *
dup_summary_text (PxWindow *window)
{
  GString *text = g_string_new (NULL);

  collect_labels (GTK_WIDGET (window->summary_box), text);
  return g_string_free (text, FALSE);
}

gboolean
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

void
spin (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
painted_cb (GdkFrameClock *clock,
            gpointer       data)
{
  *(gboolean *)data = TRUE;
}

/* Draws @widget anew and waits until the frame is painted, up to
 * @seconds: what a widget works out as it draws (a graph's readings) is
 * there after, however slow the machine. */
gboolean
wait_for_paint (GtkWidget *widget,
                double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  if (clock == NULL)
    return FALSE;
  g_object_ref (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (clock, id);
  g_object_unref (clock);
  return painted;
}

gboolean
not_running (PxWindow *window)
{
  return !is_running (window);
}

PxWindow *
new_window (void)
{
  PxWindow *window = px_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  spin (0.1);
  return window;
}

/* A new window showing the profile at @path. */
PxWindow *
window_on (const char *path)
{
  PxWindow *window = new_window ();

  g_assert_true (px_window_open_file (window, path));
  return window;
}

void
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

guint
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
void
destroy_window (PxWindow *window)
{
  close_dialogs ();
  g_assert_false (is_running (window));
  /* A run being kept or a report being read holds the window. */
  g_assert_true (wait_until (kept_and_opened, window, 10));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.05);
  g_assert_finalize_object (window);
}

gboolean
kept_and_opened (PxWindow *window)
{
  return window->keeping == 0 && window->opening == 0;
}

void
set_field (PxWindow   *window,
           const char *key,
           const char *text)
{
  PxProfileEditor *editor = window->editor;

  g_assert_true (px_profile_editor_set_text (editor, key, text));
  g_assert_null (px_profile_editor_get_error (editor, key));
}

/* Runs the window's profile through the Run action and waits for it. */
void
run_and_wait (PxWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (is_running (window));
  g_assert_true (wait_until (not_running, window, RUN_TIMEOUT_S));
  g_assert_null (last_error ());
}

PxWindow *
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

void
save_window_png (PxWindow   *window,
                 const char *name)
{
  save_widget_png (GTK_WIDGET (window), name);
}

/* Draws @window as it is now into a texture (what a screenshot would show). */
GdkTexture *
render_window (GtkWidget *window)
{
  int width, height;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  /* A window just shown may not be laid out yet on a slow machine. */
  for (int i = 0; i < 200 && gtk_widget_get_width (window) <= 300; i++)
    spin (0.05);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 200);
  /* A window just changed may not have drawn yet on a slow machine (a
   * sanitizer build): give it frames until it has. */
  for (int i = 0; i < 100; i++)
    {
      GtkSnapshot *attempt = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, attempt, width, height);
      node = gtk_snapshot_free_to_node (attempt);
      if (node != NULL)
        break;
      spin (0.05);
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Saves a snapshot of @widget (a window) under the test's build folder
 * and checks it drew something. */
void
save_widget_png (GtkWidget  *window,
                 const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GdkTexture) texture = render_window (window);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("window snapshot: %s", path);

  /* A blank or single-colour image would mean nothing was drawn. */
  g_assert_cmpuint (count_distinct_pixels (texture), >, 50);
}

GArray *
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
GArray *
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
void
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
