/* px-window-actions.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's file actions: new, open (dialog, examples, recent files,
 * drag and drop), save, and export of reports and graph images; and the
 * view actions that need no run.
 */

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "px-output.h"
#include "px-window-private.h"

/* Profiles */

void
_px_window_set_profile (PxWindow   *self,
                        PxProfile  *profile,
                        const char *path)
{
  g_set_object (&self->profile, profile);
  g_free (self->path);
  self->path = g_strdup (path);
  self->modified = FALSE;
  px_profile_editor_set_profile (self->editor, profile);
  _px_window_update_title (self);
  _px_window_update_actions (self);
}

gboolean
px_window_open_file (PxWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PxProfile) profile = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  profile = px_profile_new_from_file (absolute, &error);
  if (profile == NULL)
    {
      g_autofree char *base = g_path_get_basename (absolute);
      g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), base);

      px_window_show_error (self, heading, error->message);
      return FALSE;
    }

  _px_window_set_profile (self, profile, absolute);
  _px_window_remember_folder (self, absolute);
  px_application_add_recent (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                             absolute);
  _px_window_set_status (self, _("Press Run to start the workload."));
  return TRUE;
}

gboolean
px_window_save_file (PxWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);

  if (!px_profile_save_to_file (self->profile, path, &error))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Could not save “%s”"), base);

      px_window_show_error (self, heading, error->message);
      return FALSE;
    }

  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  self->modified = FALSE;
  _px_window_update_title (self);
  _px_window_remember_folder (self, path);
  px_application_add_recent (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                             path);
  return TRUE;
}

static void
open_continue (PxWindow   *self,
               const char *path)
{
  px_window_open_file (self, path);
}

static void
new_continue (PxWindow   *self,
              const char *path)
{
  g_autoptr(PxProfile) profile = px_profile_new ();

  _px_window_set_profile (self, profile, NULL);
}

static void
close_continue (PxWindow   *self,
                const char *path)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The user cancelled: what was to follow does not happen. */
static void
forget_pending (PxWindow *self)
{
  self->pending_func = NULL;
  g_clear_pointer (&self->pending_path, g_free);
}

static void
run_pending (PxWindow *self)
{
  PxContinueFunc func = self->pending_func;
  g_autofree char *path = g_steal_pointer (&self->pending_path);

  self->pending_func = NULL;
  if (func != NULL)
    func (self, path);
}

static void save_as (PxWindow *self);

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PxWindow         *self)
{
  if (g_str_equal (response, "discard"))
    run_pending (self);
  else if (g_str_equal (response, "save"))
    {
      if (self->path == NULL)
        save_as (self);
      else if (px_window_save_file (self, self->path))
        run_pending (self);
    }
  else
    forget_pending (self);
}

/* Calls @func at once, or once the user has saved or discarded the
 * unsaved changes. */
static void
confirm_discard (PxWindow       *self,
                 PxContinueFunc  func,
                 const char     *path)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  self->pending_func = func;
  g_free (self->pending_path);
  self->pending_path = g_strdup (path);

  if (!self->modified)
    {
      run_pending (self);
      return;
    }

  name = _px_window_dup_display_name (self);
  heading = g_strdup_printf (_("Save changes to “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The profile has unsaved changes. Changes which are not "
                                     "saved will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileChooserNative *
create_chooser (PxWindow             *self,
                const char           *title,
                GtkFileChooserAction  action,
                const char           *accept)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                               accept, _("_Cancel"));
  g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");

  /* One dialog at a time, owned by the window so it goes with it. */
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  return chooser;
}

static void
add_profile_filters (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workload profiles"));
  gtk_file_filter_add_pattern (filter, "*.ini");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

/* The file accepted in @chooser, or NULL; the dialog is done with. */
static char *
chooser_finish (PxWindow        *self,
                GtkNativeDialog *chooser,
                int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);

  return file ? g_file_get_path (file) : NULL;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PxWindow        *self)
{
  g_autofree char *path = chooser_finish (self, chooser, response);

  if (path != NULL)
    confirm_discard (self, open_continue, path);
}

static void
px_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  GtkFileChooserNative *chooser = create_chooser (self, _("Open Profile"),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));

  add_profile_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
px_window_open_path_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  confirm_discard (self, open_continue, g_variant_get_string (parameter, NULL));
}

static void
px_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  confirm_discard (PX_WINDOW (widget), new_continue, NULL);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  PxWindow        *self)
{
  g_autofree char *path = chooser_finish (self, chooser, response);

  if (path != NULL && px_window_save_file (self, path))
    run_pending (self);
  else
    forget_pending (self);
}

static void
save_as (PxWindow *self)
{
  GtkFileChooserNative *chooser = create_chooser (self, _("Save Profile"),
                                                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  g_autofree char *name = NULL;

  add_profile_filters (GTK_FILE_CHOOSER (chooser));
  if (self->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    {
      name = g_strdup_printf ("%s.ini", _("profile"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
px_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  if (self->path == NULL)
    save_as (self);
  else
    px_window_save_file (self, self->path);
}

static void
px_window_save_as_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  save_as (PX_WINDOW (widget));
}

/* Export */

static const struct
{
  const char *name;
  const char *extension;
  const char *label;
} export_formats[] = {
  { "json", ".json", N_("JSON report") },
  { "csv", ".csv", N_("CSV task log and series") },
  { "md", ".md", N_("Markdown summary") },
  { "trace", ".trace.json", N_("Chrome/Perfetto trace") },
  { "html", ".html", N_("HTML report with charts") },
  { "png", ".png", N_("PNG image of the graphs") },
  { "svg", ".svg", N_("SVG image of the graphs") },
};

static const char *
format_from_path (const char *path)
{
  PxReportFormat report;
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    return "png";
  if (g_str_has_suffix (lower, ".svg"))
    return "svg";
  if (px_report_format_from_path (path, &report))
    return px_report_format_get_name (report);
  return NULL;
}

#define IMAGE_CAPTION 36
#define IMAGE_PAD     8

static char *
dup_image_caption (PxWindow *self)
{
  PxRunItem *item = self->viewed;
  g_autofree char *title = px_run_item_dup_title (item);
  g_autofree char *description = px_run_item_dup_description (item);

  /* Translators: the caption of an exported image of the graphs: the
   * run's title, then its executor, workers and outcome */
  return g_strdup_printf (_("Parallax — %s — %s"), title, description);
}

/* Draws the graphs one above the other, as the window shows them. */
static void
draw_graphs (PxWindow *self,
             cairo_t  *cr,
             int       width,
             int       graph_height)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autofree char *caption = dup_image_caption (self);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), caption);

  if (dark)
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* A caption says what the image shows: the run, its workload, how it
   * ended. */
  pango_layout_set_width (layout, (width - 2 * IMAGE_PAD) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_move_to (cr, IMAGE_PAD, (IMAGE_CAPTION - 18) / 2.0);
  pango_cairo_show_layout (cr, layout);

  for (guint g = 0; g < PX_WINDOW_N_GRAPHS; g++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, IMAGE_CAPTION + g * graph_height);
      cairo_rectangle (cr, 0, 0, width, graph_height);
      cairo_clip (cr);
      px_graph_draw (_px_window_get_graph (self, g), cr, width, graph_height);
      cairo_restore (cr);
    }
}

static cairo_status_t
write_to_stream_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static gboolean
export_image (PxWindow    *self,
              const char  *path,
              gboolean     svg,
              GError     **error)
{
  g_autoptr(PxOutput) output = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (self->cpu_graph));
  int graph_height = gtk_widget_get_height (GTK_WIDGET (self->cpu_graph));
  int height;
  cairo_surface_t *surface;
  cairo_status_t status;
  GOutputStream *stream;
  cairo_t *cr;

  if (width < 400 || graph_height < 120)
    {
      width = MAX (width, 1000);
      graph_height = MAX (graph_height, 220);
    }
  height = IMAGE_CAPTION + graph_height * PX_WINDOW_N_GRAPHS;

  /* Written as reports are: a temporary file renamed over the target. */
  output = px_output_open (path, error);
  if (output == NULL)
    return FALSE;
  stream = px_output_get_stream (output);

  if (svg)
    surface = cairo_svg_surface_create_for_stream (write_to_stream_cb, stream, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  draw_graphs (self, cr, width, graph_height);
  cairo_destroy (cr);
  if (!svg)
    status = cairo_surface_write_to_png_stream (surface, write_to_stream_cb, stream);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write the image: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return px_output_commit (g_steal_pointer (&output), error);
}

/* Writes the viewed run as @format (json, csv, md, trace, html, png or
 * svg; NULL: from the extension of @path). */
gboolean
px_window_export_to_file (PxWindow    *self,
                          const char  *path,
                          const char  *format,
                          GError     **error)
{
  PxReportFormat report;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);

  if (self->viewed == NULL || !px_run_item_get_finished (self->viewed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no finished run to export"));
      return FALSE;
    }

  if (format == NULL)
    format = format_from_path (path);
  if (format == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: unknown report format; accepted extensions: .json .csv .md "
                     ".trace.json .html .png .svg"), path);
      return FALSE;
    }

  if (g_str_equal (format, "png") || g_str_equal (format, "svg"))
    return export_image (self, path, g_str_equal (format, "svg"), error);

  if (!px_report_format_from_name (format, &report))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("unknown report format “%s”; accepted: %s, png, svg"), format,
                   px_report_format_names ());
      return FALSE;
    }

  return px_report_write (px_run_item_get_run (self->viewed),
                          px_run_item_get_sampler (self->viewed),
                          px_run_item_get_repetitions (self->viewed), report, path, error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    PxWindow        *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PxRunItem) item = g_object_steal_data (G_OBJECT (chooser), "px-item");
  g_autofree char *suggested = g_strdup (g_object_get_data (G_OBJECT (chooser), "px-suggested"));
  GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  const char *format = filter ? g_object_get_data (G_OBJECT (filter), "px-format") : NULL;

  path = chooser_finish (self, chooser, response);
  if (path == NULL || item == NULL)
    return;

  /* The run asked for, even if another was picked meanwhile: the images
   * are of the graphs, so it is shown again. */
  if (item != self->viewed)
    px_window_view_run (self, item, self->compared);

  /* The extension decides the format, but a name typed without one gets
   * the chosen format's, and so does the suggested name when only the
   * format was changed. */
  if (format != NULL && g_strcmp0 (format_from_path (path), format) != 0)
    {
      g_autofree char *base = g_path_get_basename (path);

      if (g_strcmp0 (base, suggested) == 0)
        path[strlen (path) - strlen (".json")] = '\0';
      if (format_from_path (path) == NULL)
        for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
          if (g_str_equal (export_formats[i].name, format))
            {
              char *with_extension = g_strconcat (path, export_formats[i].extension, NULL);

              g_free (path);
              path = with_extension;
            }
    }

  if (!px_window_export_to_file (self, path, format_from_path (path), &error))
    {
      px_window_show_error (self, _("Could not export"), error->message);
      return;
    }

  _px_window_remember_folder (self, path);
  {
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);

    _px_window_toast (self, message);
  }
}

static void
px_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *slug = NULL;

  if (self->viewed == NULL || !px_run_item_get_finished (self->viewed))
    return;

  chooser = create_chooser (self, _("Export Report"), GTK_FILE_CHOOSER_ACTION_SAVE,
                            _("_Export"));
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strdup_printf ("*%s", export_formats[i].extension);
      g_autofree char *label = g_strdup_printf ("%s (%s)", _(export_formats[i].label), pattern);

      gtk_file_filter_set_name (filter, label);
      gtk_file_filter_add_pattern (filter, pattern);
      g_object_set_data (G_OBJECT (filter), "px-format", (gpointer)export_formats[i].name);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }

  name = _px_window_dup_display_name (self);
  g_strdelimit (name, " /\\:*?\"<>|", '-');
  slug = g_ascii_strdown (name, -1);
  g_free (name);
  name = g_strdup_printf ("%s-run%u.json", slug, px_run_item_get_number (self->viewed));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "px-suggested", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "px-item", g_object_ref (self->viewed),
                          g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The viewed run's summary as the Markdown report writes it. */
char *
px_window_dup_summary_markdown (PxWindow  *self,
                                GError   **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  PxRunItem *item;
  char *text;

  g_return_val_if_fail (PX_IS_WINDOW (self), NULL);

  item = self->viewed;
  if (item == NULL || !px_run_item_get_finished (item))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no finished run to copy"));
      return NULL;
    }

  stream = g_memory_output_stream_new_resizable ();
  if (!px_report_write_to_stream (px_run_item_get_run (item), px_run_item_get_sampler (item),
                                  px_run_item_get_repetitions (item), PX_REPORT_MARKDOWN,
                                  stream, error) ||
      !g_output_stream_write_all (stream, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  return text;
}

static void
px_window_copy_summary_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = px_window_dup_summary_markdown (self, &error);

  if (text == NULL)
    {
      px_window_show_error (self, _("Could not copy the summary"), error->message);
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  _px_window_toast (self, _("Summary copied as Markdown"));
}

static void
px_window_reset_zoom_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  _px_window_reset_zoom (self);
}

static void
px_window_toggle_sidebar_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

/* Menus */

/* A file or profile name as a menu label: its underscores are not
 * mnemonics. */
static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
build_examples_menu (PxWindow *self)
{
  g_autofree char *dir = px_application_dup_profiles_dir ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".ini"))
      g_ptr_array_add (files, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (files, compare_paths);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(PxProfile) profile = px_profile_new_from_file (path, NULL);
      g_autofree char *name = profile ? px_profile_dup_localized (profile, "name") : NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *label = escape_mnemonics (name && *name ? name : base);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-path",
                                               g_variant_new_string (path));
      g_menu_append_item (menu, item);
    }

  if (files->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No example profiles found"), "win.none");

      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->examples_button, G_MENU_MODEL (menu));
}

static void
recent_changed_cb (PxWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *base = NULL;
      g_autofree char *label = NULL;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      base = g_path_get_basename (recent[i]);
      label = escape_mnemonics (base);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-path",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No recent profiles"), "win.none");

      g_menu_append_item (self->recent_menu, item);
    }
}

/* Drag and drop */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PxWindow      *self)
{
  GSList *files;
  g_autofree char *path = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files != NULL)
    path = g_file_get_path (files->data);
  g_slist_free (files);

  if (path == NULL)
    {
      px_window_show_error (self, _("Cannot open this location"),
                            _("Drop a profile file (.ini) from this computer."));
      return FALSE;
    }

  confirm_discard (self, open_continue, path);
  return TRUE;
}

void
_px_window_confirm_close (PxWindow *self)
{
  confirm_discard (self, close_continue, NULL);
}

void
_px_window_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, px_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, px_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-path", "s",
                                   px_window_open_path_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, px_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, px_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, px_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL,
                                   px_window_copy_summary_action);
  gtk_widget_class_install_action (widget_class, "win.reset-zoom", NULL,
                                   px_window_reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   px_window_toggle_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}

/* The examples and recent files menus, and dropping files on the window. */
void
_px_window_actions_init (PxWindow *self)
{
  g_autoptr(GMenu) recent_section = g_menu_new ();
  GtkDropTarget *drop;

  build_examples_menu (self);
  self->recent_menu = g_menu_new ();
  g_menu_append_section (recent_section, _("Recent Profiles"), G_MENU_MODEL (self->recent_menu));
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (recent_section));
  g_signal_connect_object (self->settings, "changed::recent-files",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  recent_changed_cb (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
