/*
 * data.h - the data folder of an instance:
 *   DIR/congso.db     the SQLite database (WAL)
 *   DIR/blobs/ab/cd/  files stored by SHA-256
 *   DIR/tmp/          temporary files, renamed into place; those an hour
 *                     old are removed when the server starts
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
/* Remove the files in DIR/tmp last changed more than `age` seconds ago:
 * what a process stopped in the middle of a request or a job left there
 * (a running command's files are newer). The number removed, or -1. */
int	 data_tmp_sweep(long age);

#endif
