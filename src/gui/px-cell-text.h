/* px-cell-text.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PX_TYPE_CELL_TEXT (px_cell_text_get_type ())

G_DECLARE_FINAL_TYPE (PxCellText, px_cell_text, PX, CELL_TEXT, GtkWidget)

GtkWidget  *px_cell_text_new      (guint        width_chars,
                                   float        xalign);
void        px_cell_text_set_text (PxCellText  *self,
                                   const char  *text);
const char *px_cell_text_get_text (PxCellText  *self);

G_END_DECLS
