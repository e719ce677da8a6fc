/* px-output.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file being written so that nothing is lost: a regular file is written
 * to a temporary file beside it and renamed over it on success, keeping
 * the old file's permissions; a FIFO or a character device is written in
 * place; "-" is standard output. */
typedef struct _PxOutput PxOutput;

PxOutput   *px_output_open         (const char   *path,
                                    GError      **error);
GOutputStream *px_output_get_stream (PxOutput   *output);
gboolean    px_output_is_in_place  (PxOutput     *output);
gboolean    px_output_commit       (PxOutput     *output,
                                    GError      **error);
void        px_output_abort        (PxOutput     *output);
void        px_output_fail         (PxOutput     *output,
                                    const GError *cause,
                                    GError      **error);
gboolean    px_output_path_is_in_place (const char *path);
gboolean    px_output_path_is_stdout (const char *path);
gboolean    px_output_check_target (const char   *path,
                                    GError      **error);
gboolean    px_output_set_contents (const char   *path,
                                    const void   *data,
                                    gsize         length,
                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxOutput, px_output_abort)

G_END_DECLS
