/* px-report-read-json.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members of a JSON report read back, each failure an error that names
 * the file, the member and what it should be.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-report-read-private.h"

gboolean
_px_report_fail (Reader     *reader,
                 const char *member,
                 const char *expected)
{
  g_autofree char *name = g_filename_display_name (reader->path);

  /* Translators: a report that cannot be read: its file, the member of
   * its JSON (e.g. “summary.wall-us”) and what it should be */
  g_set_error (reader->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: “%s” is missing or is not %s"), name, member, expected);
  return FALSE;
}

JsonObject *
_px_report_get_object (Reader     *reader,
                       JsonObject *object,
                       const char *name,
                       const char *path)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _px_report_fail (reader, path, _("an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

JsonArray *
_px_report_get_array (Reader     *reader,
                      JsonObject *object,
                      const char *name,
                      const char *path)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _px_report_fail (reader, path, _("an array"));
      return NULL;
    }
  return json_node_get_array (node);
}

/* A number member; @path names it in an error. Integers too large for
 * a double's mantissa keep their value. */
gboolean
_px_report_get_int (Reader     *reader,
                    JsonObject *object,
                    const char *name,
                    const char *path,
                    gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return _px_report_fail (reader, path, _("a number"));
  *value = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node)
                                                           : (gint64)json_node_get_double (node);
  return TRUE;
}

/* A number, or null (NAN). */
gboolean
_px_report_node_get_double (JsonNode *node,
                            double   *value)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

gboolean
_px_report_get_double (Reader     *reader,
                       JsonObject *object,
                       const char *name,
                       const char *path,
                       double     *value)
{
  if (!_px_report_node_get_double (json_object_get_member (object, name), value))
    return _px_report_fail (reader, path, _("a number"));
  return TRUE;
}
