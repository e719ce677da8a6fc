/* px-progress.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tasks done, read from a program's output: each line that matches a
 * pattern (a GRegex, Perl syntax) is a task done. If the pattern
 * captures a number, it is the count done so far ("processed (\d+)");
 * a second number is the total ("(\d+)/(\d+)"); named groups "done" and
 * "total" say which is which.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "px-progress.h"

struct _PxProgress
{
  GRegex   *regex;
  guint64   done;
  guint64   total;
  gboolean  has_total;
};

/**
 * px_progress_new:
 *
 * Returns: a counter for @pattern, or %NULL with @error naming what in
 *   the pattern is wrong
 */
PxProgress *
px_progress_new (const char  *pattern,
                 GError     **error)
{
  g_autoptr(GError) local = NULL;
  GRegex *regex;
  PxProgress *self;

  g_return_val_if_fail (pattern != NULL, NULL);

  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local);
  if (regex == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--progress: '%s' is not a pattern: %s"), pattern, local->message);
      return NULL;
    }
  self = g_new0 (PxProgress, 1);
  self->regex = regex;
  return self;
}

void
px_progress_free (PxProgress *self)
{
  if (self == NULL)
    return;
  g_regex_unref (self->regex);
  g_free (self);
}

/* The number a group captured, or FALSE. */
static gboolean
group_number (GMatchInfo *match,
              const char *name,
              int         index,
              guint64    *value)
{
  g_autofree char *text = name != NULL ? g_match_info_fetch_named (match, name)
                                       : g_match_info_fetch (match, index);
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  *value = g_ascii_strtoull (text, &end, 10);
  return end != text;
}

/* Takes a line of the program's output; TRUE if it said a task was
 * done. */
gboolean
px_progress_feed (PxProgress *self,
                  const char *line)
{
  g_autoptr(GMatchInfo) match = NULL;
  int groups;
  guint64 done, total;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_regex_match (self->regex, line, 0, &match))
    return FALSE;
  groups = g_regex_get_capture_count (self->regex);
  if (group_number (match, "done", 0, &done) ||
      (g_regex_get_string_number (self->regex, "done") < 0 && groups >= 1 &&
       group_number (match, NULL, 1, &done)))
    self->done = MAX (self->done, done);
  else
    self->done++;
  if (group_number (match, "total", 0, &total) ||
      (g_regex_get_string_number (self->regex, "total") < 0 && groups >= 2 &&
       group_number (match, NULL, 2, &total)))
    {
      self->total = total;
      self->has_total = TRUE;
    }
  return TRUE;
}

guint64
px_progress_get_done (PxProgress *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->done;
}

gboolean
px_progress_get_total (PxProgress *self,
                       guint64    *total)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (total != NULL)
    *total = self->total;
  return self->has_total;
}
