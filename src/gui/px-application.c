/* px-application.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop application: one window per profile, the app-wide actions
 * (preferences, about, quit), keyboard accelerators and the colour scheme
 * preference.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-application.h"
#include "px-preferences-window.h"
#include "px-resources.h"
#include "px-window.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#define MAX_RECENT 10

struct _PxApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PxApplication, px_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.new", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.open-report", { "<Shift><Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Shift><Control>s", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.copy-summary", { "<Shift><Control>c", NULL } },
  { "win.run", { "<Control>r", "F5", NULL } },
  { "win.reset-zoom", { "<Control>0", NULL } },
  { "win.watch", { "<Shift><Control>w", NULL } },
  { "win.sweep", { "<Shift><Control>r", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

/* From the build tree, the files of the source tree; once installed, the
 * installed ones. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT "/");
}

char *
px_application_dup_profiles_dir (void)
{
  if (running_from_build_tree ())
    return g_build_filename (PX_SOURCE_ROOT, "data", "profiles", NULL);

  return g_build_filename (PX_PKGDATADIR, "profiles", NULL);
}

char *
px_application_dup_default_profile (void)
{
  g_autofree char *dir = px_application_dup_profiles_dir ();

  return g_build_filename (dir, "threads-vs-processes.ini", NULL);
}

/* Without a GPU, GTK's GL renderer runs on llvmpipe, which rasterises
 * OpenGL on the CPU: redrawing live graphs ten times a second then costs
 * most of a core. GTK's cairo renderer is its own CPU renderer and costs a
 * tenth of that. A machine with no DRM render node has no GPU to offer.
 * Call before GTK is initialised; GSK_RENDERER, when set, wins. */
void
px_application_choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;

  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

static void
apply_color_scheme (PxApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
color_scheme_changed_cb (PxApplication *self)
{
  apply_color_scheme (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Each window asks about unsaved changes and stops its run. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences = px_preferences_window_new (self->settings);

  gtk_window_set_transient_for (preferences, parent);
  gtk_window_present (preferences);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Parallax authors", NULL };
  g_autofree char *debug_info = g_strdup_printf ("Parallax %s\nGLib %u.%u.%u\n"
                                                 "GTK %u.%u.%u\nlibadwaita %u.%u.%u\n"
                                                 "libgtop %s\n",
                                                 PACKAGE_VERSION,
                                                 glib_major_version, glib_minor_version,
                                                 glib_micro_version,
                                                 gtk_get_major_version (), gtk_get_minor_version (),
                                                 gtk_get_micro_version (),
                                                 adw_get_major_version (), adw_get_minor_version (),
                                                 adw_get_micro_version (),
                                                 PX_LIBGTOP_VERSION);
  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", parent,
                                   "application-icon", APP_ID,
                                   "application-name", _("Parallax"),
                                   "developer-name", _("The Parallax authors"),
                                   "version", PACKAGE_VERSION,
                                   "comments",
                                   _("Watch threads and processes do parallel work: "
                                     "per-worker CPU, queue depth and throughput, live."),
                                   "website", "https://github.com/parallax/parallax",
                                   "issue-url", "https://github.com/parallax/parallax/issues",
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   "copyright", "© 2026 The Parallax authors",
                                   "developers", developers,
                                   /* Translators: your names, one per line */
                                   "translator-credits", _("translator-credits"),
                                   "debug-info", debug_info,
                                   NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static PxWindow *
new_window (PxApplication *self)
{
  PxWindow *window = px_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
px_application_activate (GApplication *app)
{
  PxApplication *self = PX_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* A hidden window is closing, once its run has stopped. */
  if (window != NULL && gtk_widget_get_visible (GTK_WIDGET (window)))
    {
      gtk_window_present (window);
      return;
    }

  {
    g_autofree char *path = px_application_dup_default_profile ();
    PxWindow *px_window = new_window (self);

    px_window_open_example (px_window, path);
  }
}

static void
px_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PxApplication *self = PX_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      PxWindow *window = new_window (self);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          px_window_show_error (window, _("Cannot open this location"),
                                uri);
          continue;
        }
      px_window_open_file (window, path);
    }
}

/* GDK 4.8 on X11 asks the X server twice in every frame of a window
 * whether a window manager that reports drawn frames
 * (_NET_WM_FRAME_DRAWN) has come, and waits for the answers; it
 * remembers them only once one has. Under a window manager nothing
 * changes here. With none at all (Xvfb, a kiosk's bare X server) there
 * is nothing to synchronise frames with, and the window goes without:
 * its frames then send no such request. GDK 4.8 cannot turn it on
 * again, so a compositing window manager started later leaves the
 * window's frames as one that does not compose would. */
static void
tune_frames (GtkWindow *window)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  if (GDK_IS_X11_DISPLAY (display) && surface != NULL &&
      !gdk_x11_screen_supports_net_wm_hint (gdk_x11_display_get_screen (display),
                                            "_NET_WM_FRAME_DRAWN"))
    gdk_x11_surface_set_frame_sync_enabled (surface, FALSE);
#endif
}

static void
px_application_window_added (GtkApplication *app,
                             GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (px_application_parent_class)->window_added (app, window);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    tune_frames (window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (tune_frames), NULL);
}

static void
px_application_startup (GApplication *app)
{
  PxApplication *self = PX_APPLICATION (app);

  G_APPLICATION_CLASS (px_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
px_application_dispose (GObject *object)
{
  PxApplication *self = PX_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (px_application_parent_class)->dispose (object);
}

static void
px_application_class_init (PxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = px_application_dispose;
  app_class->activate = px_application_activate;
  app_class->open = px_application_open;
  app_class->startup = px_application_startup;
  gtk_app_class->window_added = px_application_window_added;

  px_register_resource ();
}

static void
px_application_init (PxApplication *self)
{
  self->settings = g_settings_new (APP_ID);
}

PxApplication *
px_application_new (GApplicationFlags flags)
{
  return g_object_new (PX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/parallax/Parallax",
                       NULL);
}

/* Puts @path first in the recent files, keeping at most MAX_RECENT. */
void
px_application_add_recent (PxApplication *self,
                           const char    *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], path))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *)recent);
}
