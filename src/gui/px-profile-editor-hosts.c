/* px-profile-editor-hosts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor's hosts row has a button that asks each host of the list,
 * at once and through the profile's own ssh, whether it is reached and
 * parallax-worker is at its path there (as parallax run --check-hosts
 * does), and shows the answers in a popover, a line a host, as they come.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-hosts.h"
#include "px-profile-editor-private.h"
#include "px-run.h"

typedef struct
{
  GtkWidget    *popover;
  GCancellable *cancellable;
} HostsCheck;

static void
hosts_check_free (gpointer data)
{
  HostsCheck *check = data;

  g_cancellable_cancel (check->cancellable);
  g_clear_object (&check->cancellable);
  g_free (check);
}

/* A host answered: its line says how it stands. */
static void
host_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) state = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = px_host_check_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_text (GTK_LABEL (state), said != NULL ? said : error->message);
  gtk_widget_remove_css_class (state, "dim-label");
  gtk_widget_add_css_class (state, said != NULL ? "success" : "error");
}

static GtkWidget *
add_line (GtkGrid    *grid,
          guint       line,
          const char *name,
          const char *text)
{
  GtkWidget *host = gtk_label_new (name);
  GtkWidget *state = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (host), 0);
  gtk_widget_add_css_class (host, "monospace");
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_wrap (GTK_LABEL (state), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (state), 60);
  gtk_grid_attach (grid, host, 0, (int)line, 1, 1);
  gtk_grid_attach (grid, state, 1, (int)line, 1, 1);
  return state;
}

/* Before the popover opens: each host asked again. */
static void
check_hosts_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  PxProfileEditor *self = user_data;
  HostsCheck *check = g_object_get_data (G_OBJECT (button), "px-hosts-check");
  PxProfile *profile = px_profile_editor_get_profile (self);
  const PxSpec *spec = profile != NULL ? px_profile_get_spec (profile) : NULL;
  g_autoptr(PxHostList) hosts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ssh = NULL;
  g_autofree char *worker = px_find_worker_binary ();
  GtkWidget *grid;
  const char *path;

  g_cancellable_cancel (check->cancellable);
  g_clear_object (&check->cancellable);
  check->cancellable = g_cancellable_new ();

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_popover_set_child (GTK_POPOVER (check->popover), grid);

  if (spec != NULL)
    hosts = px_host_list_parse (spec->hosts, &error);
  if (spec != NULL && hosts != NULL)
    g_shell_parse_argv (spec->ssh, NULL, &ssh, &error);
  if (spec == NULL || hosts == NULL || ssh == NULL)
    {
      GtkWidget *state = add_line (GTK_GRID (grid), 0, "hosts",
                                   error != NULL ? error->message
                                                 : _("The profile has problems to fix first"));

      gtk_widget_add_css_class (state, "error");
      return;
    }

  path = spec->remote_worker != NULL && spec->remote_worker[0] != '\0' ? spec->remote_worker
                                                                       : worker;
  for (guint h = 0; h < hosts->n_hosts; h++)
    {
      g_autofree char *name = px_host_describe (&hosts->hosts[h]);
      GtkWidget *state;

      if (hosts->hosts[h].name == NULL)
        {
          add_line (GTK_GRID (grid), h, name, _("this machine"));
          continue;
        }
      state = add_line (GTK_GRID (grid), h, name, _("asking…"));
      gtk_widget_add_css_class (state, "dim-label");
      px_host_check_async (ssh, &hosts->hosts[h], path, spec->worker_timeout,
                           check->cancellable, host_checked_cb, g_object_ref (state));
    }
}

static void
popover_closed_cb (GtkPopover *popover,
                   HostsCheck *check)
{
  g_cancellable_cancel (check->cancellable);
}

/* Gives @entry, the row of @key, the button that checks the hosts if
 * @key is hosts. */
void
_px_profile_editor_add_hosts_button (PxProfileEditor *self,
                                     AdwEntryRow     *entry,
                                     const char      *key)
{
  HostsCheck *check;
  GtkWidget *button;

  if (!g_str_equal (key, "hosts"))
    return;
  check = g_new0 (HostsCheck, 1);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "network-server-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Ask each host whether ssh reaches it and "
                                         "parallax-worker is there"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Check the hosts"), -1);
  check->popover = gtk_popover_new ();
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), check->popover);
  g_signal_connect (check->popover, "closed", G_CALLBACK (popover_closed_cb), check);
  g_object_set_data_full (G_OBJECT (button), "px-hosts-check", check, hosts_check_free);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), check_hosts_cb, self, NULL);
  adw_entry_row_add_suffix (entry, button);
}
