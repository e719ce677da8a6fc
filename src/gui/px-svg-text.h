/* px-svg-text.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

void      px_svg_text_collect (cairo_surface_t *surface);
gboolean  px_svg_text_show    (cairo_t         *cr,
                               PangoLayout     *layout);
char     *px_svg_text_finish  (cairo_surface_t *surface);

G_END_DECLS
