/* px-watch-report-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the writers of a watch's reports share.
 */

#pragma once

#include "px-watch-report.h"

G_BEGIN_DECLS

GArray   *_px_watch_report_thread_order (PxWatch        *watch);
gboolean  _px_watch_report_write_html   (PxWatch        *watch,
                                         GOutputStream  *stream,
                                         GError        **error);
gboolean  _px_watch_report_write_trace  (PxWatch        *watch,
                                         GOutputStream  *stream,
                                         GError        **error);

G_END_DECLS
