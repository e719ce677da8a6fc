/* test-window-hosts.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window with workers on other hosts, through a real sshd the test
 * starts on 127.0.0.1: each host's colour in the worker table, its line
 * in the throughput graph and its lanes in the timeline; and the
 * editor's hosts row asking each host whether it can take workers.
 */

#include "config.h"

#include <string.h>

#include "px-test-helpers.h"
#include "px-test-sshd.h"
#include "px-window-test-helpers.h"

/* The first menu button under @widget showing @icon, or NULL. */
static GtkWidget *
find_menu_button (GtkWidget  *widget,
                  const char *icon)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text of the labels in @grid's column 1, a line each. */
static char *
dup_answers (GtkWidget *grid)
{
  GString *text = g_string_new (NULL);

  for (guint line = 0; GTK_IS_GRID (grid); line++)
    {
      GtkWidget *label = gtk_grid_get_child_at (GTK_GRID (grid), 1, (int)line);

      if (label == NULL)
        break;
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (text, FALSE);
}

/* The editor's hosts row asks each host through the profile's ssh: the
 * one over sshd is ready, this machine is this machine. */
static void
check_hosts_in_editor (PxWindow *window)
{
  GtkWidget *button = find_menu_button (GTK_WIDGET (window->editor), "network-server-symbolic");
  GtkPopover *popover;
  g_autofree char *answers = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_nonnull (button);
  /* Scrolled to, as a user sees it before clicking it. */
  gtk_widget_grab_focus (button);
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  do
    {
      g_free (answers);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
      answers = dup_answers (gtk_popover_get_child (popover));
    }
  while (strstr (answers, "…") != NULL && g_get_monotonic_time () < deadline);
  g_test_message ("the hosts said:\n%s", answers);
  g_assert_true (g_str_has_prefix (answers, "ready, "));
  g_assert_nonnull (strstr (answers, "\nthis machine\n"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  /* Closed before the window goes: GTK's pending work for a popup it
   * has just unmapped (the pointer's place on it) would otherwise find
   * its surface gone. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gtk_widget_get_mapped (GTK_WIDGET (popover)) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* Workers on two hosts, one through a real sshd on loopback: the table
 * names each worker's host, the throughput graph has a line a host
 * beside the run's, and the timeline's lanes know their hosts. */
static void
test_window_hosts (void)
{
  g_autofree char *dir = px_test_make_dir ("px-window-hosts");
  g_autofree char *path = g_build_filename (dir, "hosts.ini", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *remote = NULL;
  PxTestSshd sshd = { 0 };
  PxSampler *sampler;
  PxWindow *window;
  gboolean remote_done = FALSE;

  if (!require_display () || !px_test_sshd_start (&sshd))
    {
      px_test_remove_dir (dir);
      return;
    }
  remote = g_strdup_printf ("127.0.0.1:%u", sshd.port);
  /* Tasks arrive faster than four workers take them, so each, once up,
   * finds some waiting for about 6 s: time for ssh to connect on a busy
   * machine. */
  profile = g_strdup_printf ("[Profile]\nversion=1\nname=Hosts\n[Workload]\n"
                             "executor=processes\nworkers=4\nkind=cpu\ntasks=1500\n"
                             "task-ms=8\narrival=rate\nrate=400\nlauncher=ssh\n"
                             "hosts=2/%s,2/:\nssh=%s\n[Sampling]\ninterval-ms=50\n",
                             remote, sshd.ssh_command);
  g_assert_true (g_file_set_contents (path, profile, -1, NULL));
  window = window_on (path);
  run_and_wait (window);

  g_assert_cmpuint (px_run_item_get_summary (window->viewed)->done, ==, 1500);
  for (guint w = 0; w < 4; w++)
    {
      /* The host column, the last. */
      g_autofree char *host = px_worker_table_dup_cell (window->worker_table, w, 12);

      g_assert_cmpstr (host, ==, w % 2 == 0 ? remote : "this machine");
    }
  /* The run's throughput, then each host's. */
  g_assert_cmpuint (px_graph_get_n_series (get_graph (window, PX_WINDOW_GRAPH_THROUGHPUT)),
                    ==, 3);
  /* Each worker that started is on its host (one over ssh may connect
   * too late to be needed, on a busy machine; at least one did not). */
  sampler = px_run_item_get_sampler (window->viewed);
  for (guint w = 0; w < 4; w++)
    {
      PxWorkerSnapshot s;

      px_run_get_worker (px_run_item_get_run (window->viewed), w, &s);
      g_test_message ("worker %u: pid %d, %" G_GUINT64_FORMAT " tasks", w, s.pid, s.tasks_done);
      if (s.tasks_done > 0)
        g_assert_cmpuint (px_sampler_get_worker_place (sampler, w), ==, w % 2);
      if (w % 2 == 0 && s.tasks_done > 0)
        remote_done = TRUE;
    }
  g_assert_true (remote_done);
  check_hosts_in_editor (window);

  destroy_window (window);
  px_test_sshd_stop (&sshd);
  px_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  px_window_test_init (&argc, &argv);

  g_test_add_func ("/window/hosts", test_window_hosts);

  return px_window_test_run ();
}
