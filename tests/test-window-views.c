/* test-window-views.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window as people meet it: at four screen sizes, from the keyboard,
 * in Chinese, with a profile's experiments (Try it), with an example
 * opened as a copy and with kept runs. Its graphs: test-window-graphs.c.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "px-application.h"
#include "px-chart-layers.h"
#include "px-profile.h"
#include "px-run-store.h"
#include "px-test-helpers.h"
#include "px-window-test-helpers.h"

/* Whether @widget lies whole inside @window, or (@across_only) inside
 * its width, for what scrolls up and down. */
static gboolean
inside_window (GtkWidget *widget,
               PxWindow  *window,
               gboolean   across_only)
{
  graphene_rect_t r;

  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &r))
    return FALSE;
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f in %d×%d", G_OBJECT_TYPE_NAME (widget),
                  r.origin.x, r.origin.y, r.size.width, r.size.height,
                  gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  return r.origin.x >= 0 &&
         r.origin.x + r.size.width <= gtk_widget_get_width (GTK_WIDGET (window)) + 0.5 &&
         (across_only || (r.origin.y >= 0 && r.origin.y + r.size.height <=
                                             gtk_widget_get_height (GTK_WIDGET (window)) + 0.5));
}

static gboolean
laid_out (PxWindow *window)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) > 300 &&
         gtk_widget_get_height (GTK_WIDGET (window)) > 200;
}

static gboolean
editor_shown (PxWindow *window)
{
  return gtk_widget_get_mapped (window->editor_scroller) &&
         inside_window (window->editor_scroller, window, FALSE);
}

static gboolean
editor_hidden (PxWindow *window)
{
  return !gtk_widget_get_child_visible (window->editor_scroller) ||
         !gtk_widget_get_mapped (window->editor_scroller);
}

/* How the window is looked at: its colours and its language. */
typedef struct
{
  const char *suffix;
  gboolean    dark;
  const char *language;
} Look;

static const Look looks[] = {
  { "", FALSE, NULL },
  { "-dark", TRUE, NULL },
  { "-zh_CN", FALSE, "zh_CN" },
};

/* A layout for every screen: at 640×500 and 800×600 the editor folds
 * into an overlay (shown and hidden with F9), and the window is no wider
 * than asked, so the progress bar and the graphs' right ends (the last
 * time label) are inside it; at 1280×800 and 1920×1080 the editor sits
 * beside the graphs. In light and dark colours and in Chinese, whose
 * labels are not the English ones' widths. A screenshot of each
 * (window-WxH[-dark|-zh_CN].png). */
static void
test_window_sizes (gconstpointer data)
{
  const Look *look = data;
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme old_scheme = adw_style_manager_get_color_scheme (style);
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_messages = NULL;
  static const struct
  {
    int      width;
    int      height;
    gboolean folded;
  } sizes[] = {
    { 640, 500, TRUE }, { 800, 600, TRUE }, { 1280, 800, FALSE }, { 1920, 1080, FALSE },
  };
  g_autofree char *path = profile_path ("threads-vs-processes.ini");

  if (!require_display ())
    return;

  adw_style_manager_set_color_scheme (style, look->dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* gettext reads LANGUAGE only where messages are not in the "C"
   * locale, which a test run without LANG is in. */
  old_messages = g_strdup (setlocale (LC_MESSAGES, NULL));
  if (look->language != NULL)
    {
      g_setenv ("LANGUAGE", look->language, TRUE);
      if (g_str_equal (old_messages, "C"))
        g_assert_nonnull (setlocale (LC_MESSAGES, "C.UTF-8"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      PxWindow *window = px_window_new (app);
      g_autofree char *png = g_strdup_printf ("window-%dx%d%s.png", sizes[i].width,
                                              sizes[i].height, look->suffix);

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (px_window_open_file (window, path));
      set_field (window, "tasks", "24");
      set_field (window, "task-ms", "25");
      run_and_wait (window);
      spin (0.4);
      /* A sanitizer build on a busy machine may take a while to lay the
       * new window out: what is checked is the layout, once there. */
      g_assert_true (wait_until (laid_out, window, 30));

      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, sizes[i].width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, sizes[i].height);
      g_assert_cmpint (adw_flap_get_folded (window->flap), ==, sizes[i].folded);
      /* In the language asked for, the window's own words too. */
      if (look->language != NULL)
        {
          GtkWidget *content = gtk_button_get_child (GTK_BUTTON (window->run_button));

          g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), ==,
                           "运行(_R)");
        }
      /* Folded, the editor starts hidden, over the graphs when shown. */
      if (sizes[i].folded)
        {
          g_assert_false (adw_flap_get_reveal_flap (window->flap));
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar",
                                                     NULL));
          g_assert_true (adw_flap_get_reveal_flap (window->flap));
          /* Shown once its animation has run, however slowly. */
          g_assert_true (wait_until (editor_shown, window, 30));
          if (i == 0)
            {
              g_autofree char *editor_png = g_strdup_printf ("window-640x500-editor%s.png",
                                                             look->suffix);

              save_window_png (window, editor_png);
            }
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar",
                                                     NULL));
          g_assert_false (adw_flap_get_reveal_flap (window->flap));
          g_assert_true (wait_until (editor_hidden, window, 30));
        }
      g_assert_true (inside_window (GTK_WIDGET (window->progress_bar), window, FALSE));
      g_assert_true (inside_window (GTK_WIDGET (window->worker_table), window, FALSE));
      /* The run ended on its summary, whose Copy button is in sight. */
      g_assert_true (gtk_widget_get_mapped (window->summary_copy));
      g_assert_true (inside_window (window->summary_copy, window, FALSE));
      for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
        if (gtk_widget_get_mapped (GTK_WIDGET (get_graph (window, g))))
          g_assert_true (inside_window (GTK_WIDGET (get_graph (window, g)), window, TRUE));
      save_window_png (window, png);
      destroy_window (window);
    }
  adw_style_manager_set_color_scheme (style, old_scheme);
  setlocale (LC_MESSAGES, old_messages);
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* One click on an experiment ([Try]) runs it and opens the comparison
 * with the run before; the editor shows a button for each. */
static void
test_window_try (void)
{
  PxWindow *window;
  PxRunItem *base;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  g_assert_cmpuint (px_profile_editor_get_n_variants (window->editor), ==, 2);
  base = window->viewed;
  g_assert_nonnull (base);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try", "s", "processes"));
  g_assert_true (wait_until (not_running, window, RUN_TIMEOUT_S));
  g_assert_cmpuint (count_runs (window), ==, 2);
  g_assert_true (window->compared == base);
  g_assert_true (window->viewed == get_run (window, 0));
  g_assert_cmpint (px_run_get_spec (px_run_item_get_run (window->viewed))->executor, ==,
                   PX_EXECUTOR_PROCESSES);
  /* Only the experiment changed: the profile did not. */
  g_assert_cmpint (px_profile_get_spec (window->profile)->executor, ==, PX_EXECUTOR_THREADS);
  title = px_run_item_dup_title (window->viewed);
  g_assert_nonnull (strstr (title, "try: On processes"));
  summary = dup_summary_text (window);
  g_assert_nonnull (strstr (summary, "executor: threads → processes"));

  /* A plain run afterwards is the profile's, under its own name. */
  run_and_wait (window);
  g_clear_pointer (&title, g_free);
  title = px_run_item_dup_title (window->viewed);
  g_assert_null (strstr (title, "try:"));
  destroy_window (window);
}

/* In Chinese, the editor's name and description are the Chinese ones the
 * title and the description above show, not the English under them,
 * also once another key is edited. */
static void
test_window_localized_editor (void)
{
  g_autofree char *path = profile_path ("gil.ini");
  const char *old_language = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (old_language);
  g_autofree char *name = NULL;
  PxWindow *window;

  if (!require_display ())
    return;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  window = window_on (path);
  name = px_profile_editor_dup_text (window->editor, "name");
  g_assert_cmpstr (name, ==, "全局解释器锁");
  g_assert_false (window->modified);
  /* Another key edited leaves them so. */
  set_field (window, "tasks", "24");
  g_clear_pointer (&name, g_free);
  name = px_profile_editor_dup_text (window->editor, "name");
  g_assert_cmpstr (name, ==, "全局解释器锁");
  destroy_window (window);
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval,
           GdkModifierType state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

static guint
count_focusable_labels (GtkWidget *widget)
{
  guint n = GTK_IS_LABEL (widget) && gtk_widget_get_focusable (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_focusable_labels (child);
  return n;
}

/* The graphs from the keyboard: each takes the focus; arrows move the
 * cursor every graph reads at, + and − zoom them all, 0 shows the whole
 * run, a digit hides or shows a legend entry, Escape clears the cursor.
 * The summary is not a Tab stop a label. */
static void
test_window_keyboard (void)
{
  PxWindow *window;
  PxGraph *cpu;
  PxTimeView *view;
  double first, second;

  if (!require_display ())
    return;

  window = short_run_window ("threads");
  cpu = get_graph (window, PX_WINDOW_GRAPH_CPU);
  g_assert_false (px_graph_get_heat_map (cpu));
  view = px_graph_get_time_view (cpu);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (cpu)));
  gtk_widget_grab_focus (GTK_WIDGET (cpu));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (cpu)));

  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_Right, 0));
  first = px_time_view_get_cursor (view);
  g_assert_false (isnan (first));
  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_Right, GDK_SHIFT_MASK));
  second = px_time_view_get_cursor (view);
  g_assert_cmpfloat (second, >, first);
  /* The cursor is the time view's: the queue graph reads there too. */
  g_assert_cmpfloat (px_graph_get_cursor (get_graph (window, PX_WINDOW_GRAPH_QUEUE)), ==,
                     second);
  /* The readings at the cursor show as for the pointer, and are what a
   * screen reader is told (GTK's test accessibility backend). */
  g_assert_true (wait_for_paint (GTK_WIDGET (cpu), 60));
  g_assert_nonnull (px_graph_get_reading (cpu));
  g_test_message ("%s", px_graph_get_reading (cpu));
  g_assert_nonnull (strstr (px_graph_get_reading (cpu), "Worker 0 "));
  g_assert_nonnull (strstr (px_graph_get_reading (cpu), " s: "));
  {
    g_autofree char *problem = gtk_test_accessible_check_property (
      GTK_ACCESSIBLE (cpu), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, px_graph_get_reading (cpu));

    g_assert_null (problem);
  }

  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_plus, 0));
  g_assert_true (px_time_view_get_zoomed (view));
  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_0, 0));
  g_assert_false (px_time_view_get_zoomed (view));

  g_assert_false (px_graph_get_series_hidden (cpu, 0));
  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_1, 0));
  g_assert_true (px_graph_get_series_hidden (cpu, 0));
  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_1, 0));
  g_assert_false (px_graph_get_series_hidden (cpu, 0));

  g_assert_true (press_key (GTK_WIDGET (cpu), GDK_KEY_Escape, 0));
  g_assert_true (isnan (px_time_view_get_cursor (view)));
  /* Without a cursor, the latest values again. */
  g_assert_true (wait_for_paint (GTK_WIDGET (cpu), 60));
  g_assert_null (px_graph_get_reading (cpu));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cpu),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  /* With no cursor, Escape is the window's (Stop). */
  g_assert_false (press_key (GTK_WIDGET (cpu), GDK_KEY_Escape, 0));

  g_assert_cmpuint (count_focusable_labels (GTK_WIDGET (window->summary_box)), ==, 0);
  destroy_window (window);
}

/* A Tab stop said in words: its type and its parents' up to a named one,
 * so a failure says which stop it was. */
static char *
describe_stop (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *name = NULL;

      if (GTK_IS_BUTTON (w))
        name = gtk_button_get_label (GTK_BUTTON (w));
      if (name == NULL && ADW_IS_PREFERENCES_ROW (w))
        name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
      if (name == NULL)
        name = gtk_widget_get_tooltip_text (w);
      g_string_append_printf (text, "%s%s", text->len > 0 ? " in " : "", G_OBJECT_TYPE_NAME (w));
      if (name != NULL && name[0] != '\0')
        {
          g_string_append_printf (text, " '%s'", name);
          break;
        }
      if (GTK_IS_ROOT (w))
        break;
    }
  return g_string_free (text, FALSE);
}

/* Whether two drawings of the window differ anywhere. */
static gboolean
textures_differ (GdkTexture *a,
                 GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guint32 *pa = NULL;
  g_autofree guint32 *pb = NULL;

  if (width != gdk_texture_get_width (b) || height != gdk_texture_get_height (b))
    return TRUE;
  pa = g_new (guint32, (gsize)width * height);
  pb = g_new (guint32, (gsize)width * height);
  gdk_texture_download (a, (guchar *)pa, width * 4);
  gdk_texture_download (b, (guchar *)pb, width * 4);
  return memcmp (pa, pb, (gsize)width * height * 4) != 0;
}

/* Every focus is visible: Tab goes round the window after a run, and at
 * each stop the window drawn with the focus there differs from the window
 * drawn with no focus. Animations and the blinking caret are off, so only
 * the focus can make the difference. A row and its control (a number's
 * entry, a switch, a Try button in its box) are one stop, not two. */
static void
test_window_focus_visible (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr(GPtrArray) unseen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  GtkWidget *previous = NULL;
  PxWindow *window;
  guint stops = 0;

  if (!require_display ())
    return;

  g_object_set (settings, "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);
  window = short_run_window ("threads");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  spin (0.3);

  for (guint i = 0; i < 200; i++)
    {
      GtkWidget *focus;
      g_autoptr(GdkTexture) shown = NULL;
      g_autoptr(GdkTexture) hidden = NULL;
      g_autofree char *said = NULL;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        continue; /* past the last stop: the next call starts again */
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (!g_hash_table_add (visited, focus))
        break; /* round once */
      stops++;
      /* Each drawn after a frame has gone by, so that the style of the
       * focus (or of none) is in place however slow the machine. */
      gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
      g_assert_true (wait_for_paint (GTK_WIDGET (window), 60));
      shown = render_window (GTK_WIDGET (window));
      gtk_window_set_focus (GTK_WINDOW (window), NULL);
      g_assert_true (wait_for_paint (GTK_WIDGET (window), 60));
      hidden = render_window (GTK_WIDGET (window));
      gtk_widget_grab_focus (focus);
      said = describe_stop (focus);
      g_test_message ("Tab stop %u: %s", stops, said);
      if (!textures_differ (shown, hidden))
        g_ptr_array_add (unseen, g_strdup (said));
      /* A row and the control in it are one stop, not two. */
      if (previous != NULL && gtk_widget_is_ancestor (focus, previous))
        g_ptr_array_add (unseen, g_strdup_printf ("a second stop: %s", said));
      previous = focus;
    }
  g_test_message ("%u Tab stops", stops);
  g_assert_cmpuint (stops, >, 10);
  for (guint i = 0; i < unseen->len; i++)
    g_test_message ("not a stop of its own, or no visible focus: %s",
                    (char *)unseen->pdata[i]);
  g_assert_cmpuint (unseen->len, ==, 0);

  g_object_set (settings, "gtk-enable-animations", TRUE, "gtk-cursor-blink", TRUE, NULL);
  destroy_window (window);
}

static void
test_window_example_copy (void)
{
  g_autofree char *example = profile_path ("semaphore.ini");
  g_autofree char *dir = px_test_make_dir ("px-example-copy");
  g_autofree char *saved = g_build_filename (dir, "mine.ini", NULL);
  PxWindow *window;

  if (!require_display ())
    return;

  window = new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", "s",
                                             example));
  spin (0.1);
  g_assert_null (window->path);
  g_assert_cmpstr (window->example_name, ==, "semaphore.ini");
  g_assert_false (window->modified);
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==,
                   "An example: saving asks where");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  spin (0.2);
  g_assert_nonnull (window->chooser);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (window->chooser));

    g_assert_cmpstr (name, ==, "semaphore.ini");
  }
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (window->chooser));
  g_clear_object (&window->chooser);

  g_assert_true (px_window_save_file (window, saved));
  g_assert_cmpstr (window->path, ==, saved);
  g_assert_null (window->example_name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL));
  spin (0.2);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (window->chooser));
    g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (
      GTK_FILE_CHOOSER (window->chooser));
    g_autofree char *folder_path = folder != NULL ? g_file_get_path (folder) : NULL;

    g_assert_cmpstr (name, ==, "mine.ini");
    g_assert_cmpstr (folder_path, ==, dir);
  }
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (window->chooser));
  g_clear_object (&window->chooser);

  /* A run's graphs go when another profile comes. */
  set_field (window, "tasks", "8");
  set_field (window, "task-ms", "1");
  run_and_wait (window);
  g_assert_nonnull (window->viewed);
  window->modified = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", "s",
                                             example));
  spin (0.1);
  g_assert_null (window->viewed);
  g_assert_null (window->compared);

  destroy_window (window);
  px_test_remove_dir (dir);
}

/* The kept rows the Runs view lists, visible ones only. */
static guint
count_kept_rows (PxWindow *window)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->kept_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "px-kept-id") != NULL &&
        gtk_widget_get_visible (child))
      n++;
  return n;
}

static GtkWidget *
first_kept_row (PxWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->kept_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "px-kept-id") != NULL)
      return child;
  return NULL;
}

/* The first button inside @widget, depth first. */
static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static gboolean
store_empty (PxWindow *window)
{
  g_autoptr(GPtrArray) runs = px_run_store_list (NULL, NULL);

  return runs != NULL && runs->len == 0;
}

/* Runs that last: a finished run is kept, listed under Runs, opened
 * again with its graphs and figures beside today's run, and deleted
 * when the toast goes without Undo; a broken report names itself. */
static void
test_window_kept_runs (void)
{
  g_autofree char *dir = px_test_make_dir ("px-window-kept");
  g_autofree char *bad = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  PxWindow *window;
  PxRunItem *today, *opened;
  GtkWidget *row;
  const PxSummary *a, *b;

  if (!require_display ())
    return;

  /* The runs the tests before kept go first. */
  kept = px_run_store_list (NULL, NULL);
  g_assert_nonnull (kept);
  for (guint i = 0; i < kept->len; i++)
    g_assert_true (px_run_store_delete (((PxKeptRun *)g_ptr_array_index (kept, i))->id, NULL));
  g_clear_pointer (&kept, g_ptr_array_unref);

  window = short_run_window ("threads");
  today = window->viewed;
  g_assert_true (wait_until (kept_and_opened, window, 10));
  kept = px_run_store_list (NULL, NULL);
  g_assert_nonnull (kept);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpuint (count_kept_rows (window), ==, 1);

  /* Opened, it joins the history, viewed, with the same figures. */
  row = first_kept_row (window);
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (window->opening, ==, 1);
  g_assert_true (wait_until (kept_and_opened, window, 10));
  g_assert_cmpuint (count_runs (window), ==, 2);
  opened = get_run (window, 0);
  g_assert_true (window->viewed == opened);
  g_assert_true (px_run_get_loaded (px_run_item_get_run (opened)));
  a = px_run_item_get_summary (today);
  b = px_run_item_get_summary (opened);
  g_assert_cmpuint (b->done, ==, a->done);
  g_assert_cmpint (b->wall_us, ==, a->wall_us);
  g_assert_cmpfloat (fabs (b->parallelism - a->parallelism), <, 0.005);
  g_assert_cmpuint (px_sampler_get_n_samples (px_run_item_get_sampler (opened)), ==,
                    px_sampler_get_n_samples (px_run_item_get_sampler (today)));
  /* It is not kept a second time, and opening it again reads nothing. */
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (window->opening, ==, 0);
  g_assert_cmpuint (count_runs (window), ==, 2);

  /* Beside today's run, the summary sets the two side by side. */
  px_window_view_run (window, opened, today);
  summary = dup_summary_text (window);
  g_test_message ("%s", summary);
  g_assert_true (window->compared == today);
  g_assert_nonnull (strstr (summary, "×"));

  /* A broken report: an error that names the file and the member. */
  g_assert_true (g_file_set_contents (bad, "{\"version\": 1, \"profile\": {}}", -1, NULL));
  _px_window_open_report (window, bad, NULL, NULL);
  g_assert_true (wait_until (kept_and_opened, window, 10));
  g_assert_nonnull (last_error ());
  g_test_message ("%s", last_error ());
  g_assert_nonnull (strstr (last_error (), "broken.json"));
  close_dialogs ();
  g_assert_cmpuint (count_runs (window), ==, 2);

  /* Deleted: the row goes at once, the report when the toast does. */
  g_signal_emit_by_name (find_button (row), "clicked");
  g_assert_cmpuint (count_kept_rows (window), ==, 0);
  g_assert_true (wait_until (store_empty, window, 15));
  g_assert_cmpuint (count_kept_rows (window), ==, 0);

  destroy_window (window);
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_data_func ("/window/sizes/light", &looks[0], test_window_sizes);
  g_test_add_data_func ("/window/sizes/dark", &looks[1], test_window_sizes);
  g_test_add_data_func ("/window/sizes/zh_CN", &looks[2], test_window_sizes);
  g_test_add_func ("/window/try", test_window_try);
  g_test_add_func ("/window/keyboard", test_window_keyboard);
  g_test_add_func ("/window/focus-visible", test_window_focus_visible);
  g_test_add_func ("/window/localized-editor", test_window_localized_editor);
  g_test_add_func ("/window/example-copy", test_window_example_copy);
  g_test_add_func ("/window/kept-runs", test_window_kept_runs);

  return px_window_test_run ();
}
