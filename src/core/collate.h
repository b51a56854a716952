/*
 * collate.h - Vietnamese alphabetical order for SQLite's ORDER BY, from
 * ICU's collation for "vi" (CLDR): a < ă < â < b ... d < đ ... o < ô < ơ
 * ... u < ư, the tones after the letters (none, huyền, hỏi, ngã, sắc,
 * nặng), case last. Byte order put "Đăng ký kết hôn", "Ánh" and "Đất
 * đai" after every name from A to Z.
 *
 *   ORDER BY name COLLATE VI         words in order
 *   ORDER BY full_name COLLATE VI_NAME
 *                                    a person's given name (the last
 *                                    word) first, then the whole name,
 *                                    as Vietnamese staff lists are kept
 *
 *   vi_key(text, ...)                a BLOB whose byte order is that
 *                                    of COLLATE VI (on the first text,
 *                                    then the next): a sort key stored
 *                                    with a row, for lists sorted at
 *                                    every request
 *   vi_name_key(full_name)           the same for COLLATE VI_NAME
 *
 * No index, trigger or view uses them, so that the sqlite3 shell still
 * reads and writes every table of the data folder. Stored keys are made
 * anew when ICU's collation changes (db_sort_keys()).
 */
#ifndef CONGSO_COLLATE_H
#define CONGSO_COLLATE_H

#include <sqlite3.h>

/* Registers them on a connection: 0 or -1. ICU's collator is opened at
 * the first comparison or key; without it they fall back to byte order,
 * so that queries still run (logged once). */
int	 collate_register(sqlite3 *h);

/* What the order depends on ("icu-vi-<version>", or "bytes"): stored
 * keys made under another are made again. */
const char *collate_version(void);

#endif
