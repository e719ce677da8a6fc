/* px-gui-parts.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget      *_px_parts_button       (const char     *mnemonic,
                                        const char     *css_class,
                                        const char     *action,
                                        const char     *tooltip);
GtkWidget      *_px_parts_page         (AdwWindow      *window,
                                        GtkWidget      *header,
                                        int             max_width);
GtkLabel       *_px_parts_label        (GtkBox         *box,
                                        const char     *css_class,
                                        gboolean        wrap,
                                        gboolean        selectable);
GtkProgressBar *_px_parts_progress     (GtkBox         *box);
GtkFileChooserNative *_px_parts_export_chooser (GtkWindow  *parent,
                                        const char     *title,
                                        const char     *file_name,
                                        const char * const *filters);
char           *_px_parts_dup_chosen_path (GtkNativeDialog *chooser);
void            _px_parts_show_write_error (GtkWindow   *parent,
                                        const GError   *error);

G_END_DECLS
