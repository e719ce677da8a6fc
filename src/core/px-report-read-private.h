/* px-report-read-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parts of the report reader share: reading members of a JSON
 * report, each failure naming the file and the member at fault
 * (px-report-read-json.c), and reading the tasks and the workers
 * (px-report-read-tasks.c) for px-report-read.c.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "px-run-private.h"

G_BEGIN_DECLS

/* The report being read: its file, and where a failure is said. */
typedef struct
{
  const char *path;
  GError    **error;
} Reader;

gboolean    _px_report_fail            (Reader      *reader,
                                        const char  *member,
                                        const char  *expected);
JsonObject *_px_report_get_object      (Reader      *reader,
                                        JsonObject  *object,
                                        const char  *name,
                                        const char  *path);
JsonArray  *_px_report_get_array       (Reader      *reader,
                                        JsonObject  *object,
                                        const char  *name,
                                        const char  *path);
gboolean    _px_report_get_int         (Reader      *reader,
                                        JsonObject  *object,
                                        const char  *name,
                                        const char  *path,
                                        gint64      *value);
gboolean    _px_report_node_get_double (JsonNode    *node,
                                        double      *value);
gboolean    _px_report_get_double      (Reader      *reader,
                                        JsonObject  *object,
                                        const char  *name,
                                        const char  *path,
                                        double      *value);
gboolean    _px_report_read_tasks      (Reader      *reader,
                                        JsonArray   *tasks,
                                        PxRun       *run);
gboolean    _px_report_read_workers    (Reader      *reader,
                                        JsonArray   *array,
                                        PxRunLoaded *loaded,
                                        guint        n_workers);

G_END_DECLS
