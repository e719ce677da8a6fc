/* px-watch-picker.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watch a Program…: this user's processes (name, pid, threads, CPU now,
 * command line; type to filter), refreshed every two seconds, or a
 * command line, folder and progress pattern to launch. What is chosen
 * opens in a window of its own, or joins the watch window that opened
 * the picker (Watch Another Program…), to be compared there.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-watch.h"
#include "px-watch-picker.h"
#include "px-watch-window.h"

#define REFRESH_MS 2000

struct _PxWatchPicker
{
  AdwWindow   parent_instance;

  GtkWindow  *parent;
  GtkWidget  *search;
  GtkWidget  *list;
  GtkWidget  *watch_button;
  GtkWidget  *command;
  GtkWidget  *folder;
  GtkWidget  *progress;
  GtkWidget  *error_label;
  GtkWidget  *opened;
  GHashTable *rows;
  GHashTable *cpu_before;
  gint64      listed_us;
  guint       refresh_id;
  char       *error;
};

G_DEFINE_FINAL_TYPE (PxWatchPicker, px_watch_picker, ADW_TYPE_WINDOW)

static void
show_error (PxWatchPicker *self,
            const char    *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

/* Opens @watch in a window of its own, and closes the picker. */
static void
open_watch (PxWatchPicker *self,
            PxWatch       *watch)
{
  GtkApplication *app = self->parent != NULL ? gtk_window_get_application (self->parent) : NULL;

  /* Sampling starts now, not once its window is built: a program that
   * lives a fraction of a second is seen from its first instant. */
  px_watch_start (watch);
  if (PX_IS_WATCH_WINDOW (self->parent))
    {
      self->opened = GTK_WIDGET (self->parent);
      px_watch_window_add_watch (PX_WATCH_WINDOW (self->parent), watch);
    }
  else
    self->opened = px_watch_window_new (app, watch);
  gtk_window_present (GTK_WINDOW (self->opened));
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
px_watch_picker_watch_pid (PxWatchPicker *self,
                           int            pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxWatch) watch = px_watch_new_attach (pid, 100, &error);

  if (watch == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  open_watch (self, watch);
  return TRUE;
}

gboolean
px_watch_picker_launch (PxWatchPicker *self,
                        const char    *command_line,
                        const char    *folder,
                        const char    *progress)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(PxWatch) watch = NULL;

  if (!g_shell_parse_argv (command_line, NULL, &argv, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The command line cannot be split into "
                                                    "words as a shell would: %s"),
                                                  error->message);

      show_error (self, message);
      return FALSE;
    }
  if (argv[0] == NULL)
    {
      show_error (self, _("Type the command line of a program to launch"));
      return FALSE;
    }
  watch = px_watch_new_launch ((const char * const *)argv,
                               folder != NULL && folder[0] != '\0' ? folder : NULL,
                               progress != NULL && progress[0] != '\0' ? progress : NULL, 100,
                               &error);
  if (watch == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  open_watch (self, watch);
  return TRUE;
}

static int
row_pid (GtkListBoxRow *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "px-pid"));
}

static void
watch_clicked_cb (PxWatchPicker *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));

  if (row != NULL)
    px_watch_picker_watch_pid (self, row_pid (row));
}

static void
row_activated_cb (PxWatchPicker *self,
                  GtkListBoxRow *row)
{
  px_watch_picker_watch_pid (self, row_pid (row));
}

static void
launch_clicked_cb (PxWatchPicker *self)
{
  px_watch_picker_launch (self, gtk_editable_get_text (GTK_EDITABLE (self->command)),
                          gtk_editable_get_text (GTK_EDITABLE (self->folder)),
                          gtk_editable_get_text (GTK_EDITABLE (self->progress)));
}

static void
selected_cb (PxWatchPicker *self)
{
  gtk_widget_set_sensitive (self->watch_button,
                            gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list)) != NULL);
}

static gboolean
filter_cb (GtkListBoxRow *row,
           gpointer       data)
{
  PxWatchPicker *self = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *haystack = g_object_get_data (G_OBJECT (row), "px-text");
  g_autofree char *needle = NULL;
  g_autofree char *hay = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  hay = g_utf8_casefold (haystack != NULL ? haystack : "", -1);
  return strstr (hay, needle) != NULL;
}

/* Lists the processes again: rows are updated in place, so a selection
 * stays. */
static void
refresh (PxWatchPicker *self)
{
  g_autoptr(GArray) list = px_watch_list_processes ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gint64 now = g_get_monotonic_time ();
  double dt_ns = self->listed_us > 0 ? (double)(now - self->listed_us) * 1000 : 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < list->len; i++)
    {
      PxWatchCandidate *c = &g_array_index (list, PxWatchCandidate, i);
      gpointer pid = GINT_TO_POINTER (c->pid);
      AdwActionRow *row = g_hash_table_lookup (self->rows, pid);
      gpointer before = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *cpu = NULL;

      g_hash_table_add (seen, pid);
      if (dt_ns > 0 && g_hash_table_lookup_extended (self->cpu_before, pid, NULL, &before))
        cpu = g_strdup_printf (_("%.0f %% CPU"),
                               100.0 * (double)(c->cpu_ns - MIN (c->cpu_ns,
                                                                  *(guint64 *)before)) / dt_ns);
      g_hash_table_replace (self->cpu_before, pid, g_memdup2 (&c->cpu_ns, sizeof c->cpu_ns));
      title = g_strdup_printf ("%s — %d", c->name, c->pid);
      /* Translators: a process in the picker: its threads, its CPU now,
       * its command line. */
      subtitle = g_strdup_printf (ngettext ("%u thread · %s · %s", "%u threads · %s · %s",
                                            c->threads),
                                  c->threads, cpu != NULL ? cpu : "…",
                                  c->command_line != NULL ? c->command_line : c->name);
      if (row == NULL)
        {
          row = ADW_ACTION_ROW (adw_action_row_new ());
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data (G_OBJECT (row), "px-pid", pid);
          gtk_list_box_append (GTK_LIST_BOX (self->list), GTK_WIDGET (row));
          g_hash_table_insert (self->rows, pid, row);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, subtitle);
      adw_action_row_set_subtitle_lines (row, 1);
      g_object_set_data_full (G_OBJECT (row), "px-text",
                              g_strdup_printf ("%s %d %s", c->name, c->pid,
                                               c->command_line != NULL ? c->command_line : ""),
                              g_free);
    }
  /* Gone since the last look. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      {
        gtk_list_box_remove (GTK_LIST_BOX (self->list), value);
        g_hash_table_remove (self->cpu_before, key);
        g_hash_table_iter_remove (&iter);
      }
  self->listed_us = now;
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
}

static gboolean
refresh_cb (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
search_changed_cb (PxWatchPicker *self)
{
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
}

/* Enter in the search: the selected program if the filter shows it, else
 * the first one it shows, as a launcher's search does. */
static void
search_activated_cb (PxWatchPicker *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));
  GtkListBoxRow *first = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL && first == NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_cb (GTK_LIST_BOX_ROW (row), self))
      first = GTK_LIST_BOX_ROW (row);
  if (selected != NULL && filter_cb (selected, self))
    px_watch_picker_watch_pid (self, row_pid (selected));
  else if (first != NULL)
    px_watch_picker_watch_pid (self, row_pid (first));
  else
    {
      g_autofree char *message = g_strdup_printf (_("None of your running programs matches "
                                                    "“%s”"),
                                                  gtk_editable_get_text (
                                                    GTK_EDITABLE (self->search)));

      show_error (self, message);
    }
}

static void
px_watch_picker_dispose (GObject *object)
{
  PxWatchPicker *self = PX_WATCH_PICKER (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->cpu_before, g_hash_table_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (px_watch_picker_parent_class)->dispose (object);
}

static void
px_watch_picker_class_init (PxWatchPickerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = px_watch_picker_dispose;
}

static GtkWidget *
group (const char *title,
       const char *description)
{
  GtkWidget *g = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (g), description);
  return g;
}

static void
px_watch_picker_init (PxWatchPicker *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *running = group (_("Running Programs"),
                              _("Your processes; type to filter by name, pid or command line"));
  GtkWidget *launching = group (_("Launch a Program"),
                                _("Parallax starts it and watches it from its first instant"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *launch = gtk_button_new_with_mnemonic (_("_Launch and Watch"));
  GtkWidget *commands = gtk_list_box_new ();

  self->rows = g_hash_table_new (NULL, NULL);
  self->cpu_before = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  gtk_window_set_title (GTK_WINDOW (self), _("Watch a Program"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->watch_button = gtk_button_new_with_mnemonic (_("_Watch"));
  gtk_widget_add_css_class (self->watch_button, "suggested-action");
  gtk_widget_set_sensitive (self->watch_button, FALSE);
  g_signal_connect_swapped (self->watch_button, "clicked", G_CALLBACK (watch_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->watch_button);
  gtk_box_append (GTK_BOX (content), header);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);

  self->error_label = gtk_label_new ("");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  self->search = gtk_search_entry_new ();
  gtk_widget_set_margin_bottom (self->search, 6);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (search_activated_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (running), self->search);
  self->list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->list), filter_cb, self, NULL);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, -1, 300);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (running), scroller);
  gtk_box_append (GTK_BOX (box), running);

  gtk_widget_add_css_class (commands, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (commands), GTK_SELECTION_NONE);
  self->command = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->command), _("Command line"));
  /* Enter launches it. */
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->command), FALSE);
  g_signal_connect_swapped (self->command, "entry-activated", G_CALLBACK (launch_clicked_cb),
                            self);
  gtk_list_box_append (GTK_LIST_BOX (commands), self->command);
  self->folder = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder),
                                 _("Folder it runs in (empty: the current one)"));
  gtk_list_box_append (GTK_LIST_BOX (commands), self->folder);
  self->progress = adw_entry_row_new ();
  /* Translators: a regular expression; see parallax watch --progress. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress),
                                 _("Progress pattern: output lines that count as tasks done "
                                   "(optional)"));
  gtk_widget_set_tooltip_text (self->progress,
                               _("A regular expression. Each output line that matches is a task "
                                 "done; a captured number is the count so far, a second one "
                                 "the total, as in step (\\d+)/(\\d+). It fills the tasks a "
                                 "second graph."));
  gtk_list_box_append (GTK_LIST_BOX (commands), self->progress);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (launching), commands);
  gtk_widget_set_halign (launch, GTK_ALIGN_END);
  gtk_widget_set_margin_top (launch, 6);
  g_signal_connect_swapped (launch, "clicked", G_CALLBACK (launch_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (launching), launch);
  gtk_box_append (GTK_BOX (box), launching);

  {
    GtkWidget *outer = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (outer), box);
    gtk_widget_set_vexpand (outer, TRUE);
    gtk_box_append (GTK_BOX (content), outer);
  }
  adw_window_set_content (ADW_WINDOW (self), content);

  refresh (self);
  self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
  /* Typing filters at once. */
  gtk_window_set_focus (GTK_WINDOW (self), self->search);
}

GtkWidget *
px_watch_picker_new (GtkWindow *parent)
{
  PxWatchPicker *self = g_object_new (PX_TYPE_WATCH_PICKER, NULL);

  self->parent = parent;
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  return GTK_WIDGET (self);
}

/* For tests: rows the filter shows, typing, and what was opened. */
guint
px_watch_picker_get_n_visible (PxWatchPicker *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_cb (GTK_LIST_BOX_ROW (row), self))
      n++;
  return n;
}

void
px_watch_picker_set_filter (PxWatchPicker *self,
                            const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
}

/* As Enter in the search entry. */
void
px_watch_picker_activate_filter (PxWatchPicker *self)
{
  g_signal_emit_by_name (self->search, "activate");
}

const char *
px_watch_picker_get_error (PxWatchPicker *self)
{
  return self->error;
}

GtkWidget *
px_watch_picker_get_opened (PxWatchPicker *self)
{
  return self->opened;
}
