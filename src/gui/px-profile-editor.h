/* px-profile-editor.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "px-profile.h"

G_BEGIN_DECLS

#define PX_TYPE_PROFILE_EDITOR (px_profile_editor_get_type ())

G_DECLARE_FINAL_TYPE (PxProfileEditor, px_profile_editor, PX, PROFILE_EDITOR, GtkWidget)

GtkWidget  *px_profile_editor_new         (void);
void        px_profile_editor_set_profile (PxProfileEditor *self,
                                           PxProfile       *profile);
PxProfile  *px_profile_editor_get_profile (PxProfileEditor *self);
gboolean    px_profile_editor_get_valid   (PxProfileEditor *self);
char       *px_profile_editor_dup_errors  (PxProfileEditor *self);
const char *px_profile_editor_get_error   (PxProfileEditor *self,
                                           const char      *key);
char       *px_profile_editor_dup_text    (PxProfileEditor *self,
                                           const char      *key);
gboolean    px_profile_editor_set_text    (PxProfileEditor *self,
                                           const char      *key,
                                           const char      *text);
guint       px_profile_editor_get_n_rows  (PxProfileEditor *self);

guint             px_profile_editor_get_n_variants (PxProfileEditor *self);

char            *px_profile_editor_dup_advice (PxProfileEditor *self);
void             px_profile_editor_refresh_advice (PxProfileEditor *self);

G_END_DECLS
