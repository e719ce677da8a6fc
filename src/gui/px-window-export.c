/* px-window-export.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting the viewed run: the reports the core writes, images of the
 * graphs (PNG, SVG) with a caption naming the run, and Copy as Markdown.
 */

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "px-output.h"
#include "px-report.h"
#include "px-svg-text.h"
#include "px-window-private.h"

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

/* The graphs the window shows, top to bottom; returns how many. */
static guint
shown_graphs (PxWindow *self,
              PxGraph  *graphs[PX_WINDOW_N_GRAPHS])
{
  static const PxWindowGraph order[] = {
    PX_WINDOW_GRAPH_CPU, PX_WINDOW_GRAPH_TASKS, PX_WINDOW_GRAPH_QUEUE,
    PX_WINDOW_GRAPH_THROUGHPUT, PX_WINDOW_GRAPH_LOOP_LAG, PX_WINDOW_GRAPH_CORES,
  };
  guint n = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (order) == PX_WINDOW_N_GRAPHS);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      PxGraph *graph = _px_window_get_graph (self, order[i]);

      if (gtk_widget_get_visible (GTK_WIDGET (graph)))
        graphs[n++] = graph;
    }
  return n;
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
  PxGraph *graphs[PX_WINDOW_N_GRAPHS];
  guint n;

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
  if (!px_svg_text_show (cr, layout))
    pango_cairo_show_layout (cr, layout);

  n = shown_graphs (self, graphs);
  for (guint g = 0; g < n; g++)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, IMAGE_CAPTION + g * graph_height);
      cairo_rectangle (cr, 0, 0, width, graph_height);
      cairo_clip (cr);
      px_graph_draw (graphs[g], cr, width, graph_height);
      cairo_restore (cr);
    }
}

static cairo_status_t
append_to_bytes_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo's SVG with the texts px_svg_text_show () recorded put before its
 * closing tag, so they sit above the graphs. */
static gboolean
write_svg (GOutputStream    *stream,
           GByteArray       *svg,
           cairo_surface_t  *surface,
           GError          **error)
{
  static const char closing[] = "</svg>";
  const gsize n = sizeof closing - 1;
  g_autofree char *texts = px_svg_text_finish (surface);
  gsize at = svg->len;

  for (gsize i = svg->len; i >= n; i--)
    if (memcmp (svg->data + i - n, closing, n) == 0)
      {
        at = i - n;
        break;
      }
  return g_output_stream_write_all (stream, svg->data, at, NULL, NULL, error) &&
         g_output_stream_write_all (stream, texts, strlen (texts), NULL, NULL, error) &&
         g_output_stream_write_all (stream, svg->data + at, svg->len - at, NULL, NULL, error);
}

static cairo_status_t
write_to_stream_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  return g_output_stream_write_all (closure, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* The sizes offered for an image of the graphs: as on screen, or a
 * page's or a slide's. */
static const struct
{
  const char *id;
  const char *label;
  int         width;
  int         height;
} image_sizes[] = {
  { "screen", N_("As on screen"), 0, 0 },
  { "1280x720", N_("1280 × 720"), 1280, 720 },
  { "1600x900", N_("1600 × 900 (slides)"), 1600, 900 },
  { "1920x1080", N_("1920 × 1080"), 1920, 1080 },
  { "3840x2160", N_("3840 × 2160"), 3840, 2160 },
};

/**
 * px_window_export_image:
 * @width: the image's width, or 0 for the graphs' width on screen
 * @height: its height, caption included; 0 for the screen's graphs'
 *
 * Writes the graphs of the viewed run as a PNG or an SVG image, each
 * graph drawn anew at the size asked, so no label is cut.
 */
gboolean
px_window_export_image (PxWindow    *self,
                        const char  *path,
                        gboolean     svg,
                        int          width,
                        int          height,
                        GError     **error)
{
  g_autoptr(PxOutput) output = NULL;
  g_autoptr(GByteArray) svg_bytes = NULL;
  int graph_height;
  cairo_surface_t *surface;
  cairo_status_t status;
  GOutputStream *stream;
  cairo_t *cr;
  PxGraph *graphs[PX_WINDOW_N_GRAPHS];
  guint n;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);

  n = shown_graphs (self, graphs);
  if (width > 0 && height > IMAGE_CAPTION + (int)n * 60)
    graph_height = (height - IMAGE_CAPTION) / n;
  else
    {
      width = gtk_widget_get_width (GTK_WIDGET (self->cpu_graph));
      graph_height = gtk_widget_get_height (GTK_WIDGET (self->cpu_graph));
      if (width < 400 || graph_height < 120)
        {
          width = MAX (width, 1000);
          graph_height = MAX (graph_height, 220);
        }
    }
  height = IMAGE_CAPTION + graph_height * n;

  /* Written as reports are: a temporary file renamed over the target. */
  output = px_output_open (path, error);
  if (output == NULL)
    return FALSE;
  stream = px_output_get_stream (output);

  if (svg)
    {
      svg_bytes = g_byte_array_new ();
      surface = cairo_svg_surface_create_for_stream (append_to_bytes_cb, svg_bytes, width,
                                                     height);
      px_svg_text_collect (surface);
    }
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

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write the image: %s"),
                   path, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  if (svg && !write_svg (stream, svg_bytes, surface, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_destroy (surface);

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
    return px_window_export_image (self, path, g_str_equal (format, "svg"), 0, 0, error);

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

  path = _px_window_chooser_finish (self, chooser, response);
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

  /* An image at the size chosen beside the formats. */
  {
    const char *size = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "size");
    const char *as = format_from_path (path);

    for (guint i = 0; size != NULL && as != NULL && i < G_N_ELEMENTS (image_sizes); i++)
      if (g_str_equal (size, image_sizes[i].id) &&
          (g_str_equal (as, "png") || g_str_equal (as, "svg")))
        {
          if (!px_window_export_image (self, path, g_str_equal (as, "svg"),
                                       image_sizes[i].width, image_sizes[i].height, &error))
            {
              px_window_show_error (self, _("Could not export"), error->message);
              return;
            }
          goto exported;
        }
  }
  if (!px_window_export_to_file (self, path, format_from_path (path), &error))
    {
      px_window_show_error (self, _("Could not export"), error->message);
      return;
    }

exported:
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

  chooser = _px_window_create_chooser (self, _("Export Report"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                       _("_Export"), NULL);
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

  {
    const char *ids[G_N_ELEMENTS (image_sizes) + 1];
    const char *labels[G_N_ELEMENTS (image_sizes) + 1];

    for (guint i = 0; i < G_N_ELEMENTS (image_sizes); i++)
      {
        ids[i] = image_sizes[i].id;
        labels[i] = _(image_sizes[i].label);
      }
    ids[G_N_ELEMENTS (image_sizes)] = labels[G_N_ELEMENTS (image_sizes)] = NULL;
    /* Translators: the size of an image of the graphs, in the export
     * dialog. */
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "size", _("Image size"), ids,
                                 labels);
    gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "size", "screen");
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

void
_px_window_export_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", NULL, px_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL,
                                   px_window_copy_summary_action);
}
