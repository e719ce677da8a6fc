/* px-proc-file.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the kernel's files of a process or thread: opened once and
 * read again from their start (a pread is all a sample costs), and the
 * stat line parsed by hand, as a sampler reads it ten times a second
 * for every process or thread it watches and sscanf takes longer than
 * the kernel does to write it.
 */

#include "config.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "px-proc-file.h"

/**
 * px_proc_stat_parse:
 * @line: a stat file's text, NUL-terminated
 *
 * Reads fields 2 to 24 of @line into @stat.
 *
 * Returns: %FALSE if @line is not a stat line (cut short, or a field
 *   is not a number)
 */
gboolean
px_proc_stat_parse (const char *line,
                    PxProcStat *stat)
{
  const char *open = strchr (line, '(');
  /* The name may hold ")": the last one ends it. */
  const char *close = strrchr (line, ')');
  gint64 field[25];
  const char *p;

  if (open == NULL || close == NULL || close < open || close[1] != ' ' || close[2] == '\0' ||
      close[2] == ' ')
    return FALSE;
  stat->name = open + 1;
  stat->name_len = (gsize)(close - open - 1);
  stat->state = close[2];
  p = close + 3;
  for (guint i = 4; i <= 24; i++)
    {
      char *end;

      field[i] = g_ascii_strtoll (p, &end, 10);
      if (end == p)
        return FALSE;
      p = end;
    }
  /* None of these is negative but for a kernel's bug: read as 0 then. */
  stat->utime = (guint64)MAX (field[14], 0);
  stat->stime = (guint64)MAX (field[15], 0);
  stat->cutime = (guint64)MAX (field[16], 0);
  stat->cstime = (guint64)MAX (field[17], 0);
  stat->num_threads = (guint)CLAMP (field[20], 0, G_MAXUINT);
  stat->starttime = (guint64)MAX (field[22], 0);
  stat->rss = (guint64)MAX (field[24], 0);
  return TRUE;
}

/* Copies the name into @name, of @size bytes, cut short to fit;
 * returns its length. */
gsize
px_proc_stat_copy_name (const PxProcStat *stat,
                        char             *name,
                        gsize             size)
{
  gsize len = MIN (stat->name_len, size - 1);

  memcpy (name, stat->name, len);
  name[len] = '\0';
  return len;
}

/* Opens a /proc file, its path made from @format; -1 if it cannot be. */
int
px_proc_open (const char *format,
              ...)
{
  char path[128];
  va_list args;

  va_start (args, format);
  g_vsnprintf (path, sizeof path, format, args);
  va_end (args);
  return open (path, O_RDONLY | O_CLOEXEC);
}

/* Reads an open /proc file from its start into @buf, NUL-terminated;
 * FALSE if @fd is -1 or its process or thread is gone. */
gboolean
px_proc_pread (int    fd,
               char  *buf,
               gsize  size)
{
  gssize n;

  if (fd < 0)
    return FALSE;
  n = pread (fd, buf, size - 1, 0);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  return TRUE;
}

/* Reads a small /proc file whole into @buf, NUL-terminated, its path
 * made from @format; FALSE if it cannot be read or is empty. */
gboolean
px_proc_read (char       *buf,
              gsize       size,
              const char *format,
              ...)
{
  char path[128];
  va_list args;
  gboolean ok;
  int fd;

  va_start (args, format);
  g_vsnprintf (path, sizeof path, format, args);
  va_end (args);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  ok = px_proc_pread (fd, buf, size);
  px_proc_close (&fd);
  return ok;
}

void
px_proc_close (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}
