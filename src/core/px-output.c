/* px-output.c
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes reports, profiles and images without losing anything:
 *
 * - a regular file (or a new one) is written to a hidden temporary file in
 *   the same folder, flushed to disk, given the old file's permissions and
 *   owner (a new file gets 0666 less the umask, applied by the kernel: no
 *   umask() toggling, which would race with other threads), renamed over
 *   the target, and the folder is flushed so the rename survives a crash;
 *   a symbolic link is followed, so the link stays a link;
 * - a FIFO or a character device (/dev/null) is written in place:
 *   replacing it with a regular file would break it;
 * - "-", /dev/stdout, /dev/stderr and /dev/fd/N name a descriptor this
 *   process already has: it is written through a duplicate, so the shell's
 *   redirection (appending, or a file it truncated) holds.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "px-output.h"

#define STREAM_BUFFER (1 << 20)

struct _PxOutput
{
  GOutputStream *stream;   /* buffered, over @fd */
  int          fd;
  char        *path;     /* as the user named it, for messages */
  char        *target;   /* what is replaced: @path with links followed */
  char        *tmp;      /* NULL when written in place */
  gboolean     have_old;
  struct stat  old;
};

static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *path,
                 const char  *detail)
{
  /* Translators: a file's path, then why it could not be written */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"),
               path, detail ? detail : g_strerror (saved));
}

static const char *
describe_file_type (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("it is a folder");
  if (S_ISBLK (mode))
    return _("it is a block device");
  if (S_ISSOCK (mode))
    return _("it is a socket");
  return _("it is not a regular file");
}

static gboolean
writes_in_place (mode_t mode)
{
  return S_ISFIFO (mode) || S_ISCHR (mode);
}

/* The descriptor @path names ("-", /dev/stdout, /dev/fd/N, …), or -1.
 * Following such a name would lead to whatever file the descriptor has
 * open, which must not be replaced. */
static int
named_descriptor (const char *path)
{
  static const char * const prefixes[] = { "/dev/fd/", "/proc/self/fd/" };
  guint64 n;

  if (g_str_equal (path, "-") || g_str_equal (path, "/dev/stdout"))
    return STDOUT_FILENO;
  if (g_str_equal (path, "/dev/stderr"))
    return STDERR_FILENO;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (path, prefixes[i]) &&
        g_ascii_string_to_unsigned (path + strlen (prefixes[i]), 10, 0, G_MAXINT, &n, NULL))
      return (int)n;
  return -1;
}

/* @path with symbolic links followed: where the data really goes. */
static char *
resolve_target (const char *path)
{
  struct stat st;
  char *real;

  if (lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    return g_strdup (path);

  real = realpath (path, NULL);
  if (real != NULL)
    {
      char *copy = g_strdup (real);
      free (real);
      return copy;
    }

  /* A dangling link: create what it points to. */
  {
    g_autofree char *link = g_file_read_link (path, NULL);
    g_autofree char *dir = NULL;

    if (link == NULL)
      return g_strdup (path);
    if (g_path_is_absolute (link))
      return g_steal_pointer (&link);
    dir = g_path_get_dirname (path);
    return g_build_filename (dir, link, NULL);
  }
}

/* Whether @path is this process's standard output, by any of its names. */
gboolean
px_output_path_is_stdout (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return named_descriptor (path) == STDOUT_FILENO;
}

/**
 * px_output_path_is_in_place:
 *
 * Whether @path is written in place rather than replaced: "-" (standard
 * output), a FIFO or a character device.
 */
gboolean
px_output_path_is_in_place (const char *path)
{
  g_autofree char *target = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (named_descriptor (path) >= 0)
    return TRUE;
  target = resolve_target (path);
  return stat (target, &st) == 0 && writes_in_place (st.st_mode);
}

/**
 * px_output_check_target:
 * @path: a file to write later, or "-"
 * @error: a message naming @path and what is wrong
 *
 * Checks, before any work, that @path can be written: its folder exists
 * and is writable, and it is not a folder, a socket or a block device.
 */
gboolean
px_output_check_target (const char  *path,
                        GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (named_descriptor (path) >= 0)
    {
      int flags = fcntl (named_descriptor (path), F_GETFL);

      if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
        {
          set_errno_error (error, flags < 0 ? errno : EBADF,
                           g_str_equal (path, "-") ? _("standard output") : path, NULL);
          return FALSE;
        }
      return TRUE;
    }
  if (path[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("An empty file name was given; name a file, or - for standard output"));
      return FALSE;
    }

  target = resolve_target (path);
  if (stat (target, &st) == 0)
    {
      if (writes_in_place (st.st_mode))
        {
          if (access (target, W_OK) != 0)
            {
              set_errno_error (error, errno, path, NULL);
              return FALSE;
            }
          return TRUE;
        }
      if (!S_ISREG (st.st_mode))
        {
          set_errno_error (error, S_ISDIR (st.st_mode) ? EISDIR : EINVAL, path,
                           describe_file_type (st.st_mode));
          return FALSE;
        }
    }

  dir = g_path_get_dirname (target);
  if (stat (dir, &st) != 0)
    {
      int saved = errno;
      g_autofree char *detail = NULL;

      /* Translators: the folder of a file that is to be written */
      detail = g_strdup_printf (_("the folder %s: %s"), dir, g_strerror (saved));
      set_errno_error (error, saved, path, detail);
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_autofree char *detail = g_strdup_printf (_("%s is not a folder"), dir);
      set_errno_error (error, ENOTDIR, path, detail);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("the folder %s: %s"), dir, g_strerror (saved));
      set_errno_error (error, saved, path, detail);
      return FALSE;
    }

  return TRUE;
}

static void
output_free (PxOutput *self)
{
  g_free (self->path);
  g_free (self->target);
  g_free (self->tmp);
  g_free (self);
}

/**
 * px_output_open:
 * @path: the file, or "-" for standard output
 * @error: a message naming @path
 *
 * Starts writing @path. Write through px_output_get_stream(), then call
 * px_output_commit() to put the result in place, or px_output_abort() to
 * leave everything as it was.
 */
PxOutput *
px_output_open (const char  *path,
                GError     **error)
{
  PxOutput *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (!px_output_check_target (path, error))
    return NULL;

  self = g_new0 (PxOutput, 1);
  self->path = g_strdup (path);

  if (named_descriptor (path) >= 0)
    {
      fd = fcntl (named_descriptor (path), F_DUPFD_CLOEXEC, 3);
      if (fd < 0)
        {
          set_errno_error (error, errno, g_str_equal (path, "-") ? _("standard output") : path,
                           NULL);
          output_free (self);
          return NULL;
        }
    }
  else
    {
      self->target = resolve_target (path);
      if (stat (self->target, &st) == 0)
        {
          self->have_old = TRUE;
          self->old = st;
        }

      if (self->have_old && writes_in_place (st.st_mode))
        {
          /* Opening a FIFO waits for its reader, as any writer would. */
          fd = open (self->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
          if (fd < 0)
            {
              set_errno_error (error, errno, path, NULL);
              output_free (self);
              return NULL;
            }
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (self->target);
          g_autofree char *base = g_path_get_basename (self->target);

          self->tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
          /* 0666: the kernel takes the umask off a new file. */
          fd = g_mkstemp_full (self->tmp, O_WRONLY | O_CLOEXEC, 0666);
          if (fd < 0)
            {
              set_errno_error (error, errno, path, NULL);
              output_free (self);
              return NULL;
            }
          if (self->have_old)
            {
              /* The replacement keeps the old file's owner and mode: a
               * private report stays private. */
              /* Root keeps the owner too; anyone keeps the group when
               * they belong to it. */
              if (geteuid () == 0 && fchown (fd, st.st_uid, st.st_gid) != 0)
                g_debug ("could not keep the owner of %s: %s", path, g_strerror (errno));
              else if (geteuid () != 0 && st.st_gid != getegid () &&
                       fchown (fd, (uid_t)-1, st.st_gid) != 0)
                g_debug ("could not keep the group of %s: %s", path, g_strerror (errno));
              if (fchmod (fd, st.st_mode & 07777) != 0)
                {
                  set_errno_error (error, errno, path, NULL);
                  close (fd);
                  g_unlink (self->tmp);
                  output_free (self);
                  return NULL;
                }
            }
        }
    }

  self->fd = fd;
  {
    g_autoptr(GOutputStream) raw = g_unix_output_stream_new (fd, FALSE);

    self->stream = g_buffered_output_stream_new_sized (raw, STREAM_BUFFER);
  }

  return self;
}

/* Where to write; owned by @self. Errors while writing may be left to
 * px_output_commit(), which reports the first one with the file's name. */
GOutputStream *
px_output_get_stream (PxOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stream;
}

/* Ends the stream and closes the file; FALSE with @detail on failure. */
static gboolean
finish_stream (PxOutput  *self,
               gboolean   sync,
               char     **detail,
               int       *code)
{
  g_autoptr(GError) local = NULL;
  gboolean ok = TRUE;

  if (!g_output_stream_close (self->stream, NULL, &local))
    {
      *detail = g_strdup (local->message);
      *code = local->domain == G_IO_ERROR ? local->code : G_IO_ERROR_FAILED;
      ok = FALSE;
    }
  g_clear_object (&self->stream);
  /* A FIFO, a device or a pipe cannot be flushed to a disk. */
  if (ok && sync && fsync (self->fd) != 0)
    {
      int saved = errno;

      *detail = g_strdup (g_strerror (saved));
      *code = g_io_error_from_errno (saved);
      ok = FALSE;
    }
  if (close (self->fd) != 0 && ok)
    {
      int saved = errno;

      *detail = g_strdup (g_strerror (saved));
      *code = g_io_error_from_errno (saved);
      ok = FALSE;
    }
  self->fd = -1;
  return ok;
}

/* Whether the output goes straight to its target (standard output, a FIFO
 * or a device), so a failure may leave part of it there. */
gboolean
px_output_is_in_place (PxOutput *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->tmp == NULL;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  /* Some file systems cannot sync a folder (EINVAL): nothing to do then. */
  if (fsync (fd) != 0 && errno != EINVAL)
    g_debug ("could not flush the folder %s: %s", dir, g_strerror (errno));
  close (fd);
}

/* The error of a write that failed: it names the file, and says the
 * previous one is unchanged when there was one. Removes the temporary
 * file. */
static void
set_write_error (PxOutput    *self,
                 int          code,
                 const char  *detail,
                 GError     **error)
{
  const char *name = g_str_equal (self->path, "-") ? _("standard output") : self->path;

  if (self->tmp != NULL)
    g_unlink (self->tmp);
  if (self->tmp != NULL && self->have_old)
    /* Translators: a file's path, then why it could not be written */
    g_set_error (error, G_IO_ERROR, code,
                 _("Cannot write %s: %s; the previous file is unchanged"), name, detail);
  else
    g_set_error (error, G_IO_ERROR, code, _("Cannot write %s: %s"), name, detail);
}

/**
 * px_output_commit:
 * @self: (transfer full): the output
 * @error: a message naming the file and what went wrong
 *
 * Finishes writing: flushes the data to disk and renames the temporary
 * file over the target. On failure the previous file is unchanged and no
 * temporary file is left. Frees @self either way.
 */
gboolean
px_output_commit (PxOutput  *self,
                  GError   **error)
{
  g_autofree char *detail = NULL;
  int code = G_IO_ERROR_FAILED;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  ok = finish_stream (self, self->tmp != NULL, &detail, &code);

  if (ok && self->tmp != NULL && g_rename (self->tmp, self->target) != 0)
    {
      int saved = errno;

      detail = g_strdup (g_strerror (saved));
      code = g_io_error_from_errno (saved);
      ok = FALSE;
    }

  if (ok && self->tmp != NULL)
    sync_folder (self->target);

  if (!ok)
    set_write_error (self, code, detail, error);

  output_free (self);
  return ok;
}

/**
 * px_output_abort:
 * @self: (transfer full): the output
 *
 * Stops writing and removes the temporary file: the target is as it was
 * (unless it is written in place).
 */
void
px_output_abort (PxOutput *self)
{
  if (self == NULL)
    return;

  if (self->stream != NULL)
    {
      g_clear_object (&self->stream);
      close (self->fd);
    }
  if (self->tmp != NULL)
    g_unlink (self->tmp);
  output_free (self);
}

/**
 * px_output_fail:
 * @self: (transfer full): the output
 * @cause: why writing to the stream failed
 * @error: @cause's message, naming the file as px_output_commit() would
 *
 * Gives up after a write error: the first error is the one to tell, as
 * a later flush may fail differently, or not at all. The target is as it
 * was (unless it is written in place). Frees @self.
 */
void
px_output_fail (PxOutput     *self,
                const GError *cause,
                GError      **error)
{
  g_return_if_fail (self != NULL && cause != NULL);

  set_write_error (self, cause->domain == G_IO_ERROR ? cause->code : G_IO_ERROR_FAILED,
                   cause->message, error);
  g_clear_pointer (&self->tmp, g_free);
  px_output_abort (self);
}

/**
 * px_output_set_contents:
 *
 * Writes @data to @path as px_output_open() and px_output_commit() do.
 */
gboolean
px_output_set_contents (const char  *path,
                        const void  *data,
                        gsize        length,
                        GError     **error)
{
  PxOutput *output = px_output_open (path, error);
  g_autoptr(GError) local = NULL;

  if (output == NULL)
    return FALSE;
  if (!g_output_stream_write_all (output->stream, data, length, NULL, NULL, &local))
    {
      px_output_fail (output, local, error);
      return FALSE;
    }
  return px_output_commit (output, error);
}
