/*
 * data.h - the data folder of an instance:
 *   DIR/congso.db     the SQLite database (WAL)
 *   DIR/blobs/ab/cd/  files stored by SHA-256
 *   DIR/tmp/          temporary files, renamed into place
 */
#ifndef CONGSO_DATA_H
#define CONGSO_DATA_H

/* Create DIR (and its subfolders) and a fresh database; fails when DIR
 * already holds a database. 0 or -1 (message on stderr). */
int	 data_create(const char *dir);
/* Use the existing data folder DIR for this process: checks it, sets the
 * database path for db_thread() and applies pending migrations.
 * 0 or -1 (message on stderr naming the problem). */
int	 data_open(const char *dir);
/* The folder given to data_create()/data_open(). */
const char *data_dir(void);

#endif
