/* px-profile-editor-private.h
 *
 * Copyright 2026 The Parallax authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "px-profile-editor.h"

G_BEGIN_DECLS

void _px_profile_editor_add_path_button (PxProfileEditor *self,
                                         AdwEntryRow     *entry,
                                         const char      *key);

GtkWidget *_px_profile_editor_intro_new            (void);
void       _px_profile_editor_intro_update         (GtkWidget       *intro,
                                                    PxProfile       *profile);
guint      _px_profile_editor_intro_get_n_variants (GtkWidget       *intro);

G_END_DECLS
