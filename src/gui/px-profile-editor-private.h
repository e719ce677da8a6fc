/* px-profile-editor-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-profile-editor.h"

G_BEGIN_DECLS

/* A field of the profile and the widgets that edit it. */
typedef struct
{
  const PxField *field;
  GtkWidget     *row;
  GtkWidget     *control;
  char          *blurb;
} PxEditorRow;

GtkWidget *_px_editor_row_build           (PxProfileEditor *self,
                                           PxEditorRow     *row);
char      *_px_editor_row_dup_text        (PxEditorRow     *row);
void       _px_editor_row_set_text        (PxEditorRow     *row,
                                           const char      *text);
void       _px_profile_editor_row_changed (PxProfileEditor *self,
                                           PxEditorRow     *row);

void _px_profile_editor_add_path_button (PxProfileEditor *self,
                                         AdwEntryRow     *entry,
                                         const char      *key);

void _px_profile_editor_add_hosts_button (PxProfileEditor *self,
                                          AdwEntryRow     *entry,
                                          const char      *key);

GtkWidget *_px_profile_editor_intro_new            (void);
void       _px_profile_editor_intro_update         (GtkWidget       *intro,
                                                    PxProfile       *profile);
guint      _px_profile_editor_intro_get_n_variants (GtkWidget       *intro);

G_END_DECLS
