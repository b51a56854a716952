/*
 * directory_cli.h - what the `congso unit` and `congso user` command
 * lines share (private to src/directory/): one run of a subcommand, the
 * subcommand table, messages and exit statuses, argument checks, the CSV
 * import and export runners. directory_cli_unit.c and directory_cli_user.c
 * hold the subcommands and their tables; directory_cli.c the rest.
 *
 * Every function here that returns an int returns 0 or an exit status,
 * so that a caller can write `if ((rc = f(x)) != 0) return rc;`. Messages
 * go to standard error, prefixed with "congso " and x->cmd.
 */
#ifndef CONGSO_DIRECTORY_CLI_H
#define CONGSO_DIRECTORY_CLI_H

#include <stdint.h>

#include "core/cli.h"
#include "directory.h"

#define EXIT_OK		0
#define EXIT_SYSTEM	1	/* system or database failure */
#define EXIT_USAGE	2	/* bad usage or input */

/*
 * One run of a subcommand. `cmd` ("unit add") and `cli` are set before
 * the subcommand runs, `db` is the thread's open connection; `a` holds
 * what the subcommand allocates and is released after it returns.
 */
struct dcli_ctx {
	const char	*cmd;		/* "unit add", for messages */
	struct cli	 cli;
	struct db	*db;
	struct arena	 a;
};

/*
 * A subcommand, one row of a group's table. A table ends with a row
 * whose name is NULL. `name` may be two words ("token issue"); `opts` and
 * `switches` are NULL-terminated lists (or NULL); the number of
 * positional arguments must be in [args_min, args_max].
 */
struct dcli_sub {
	const char		*name;
	const char *const	*opts;		/* options with a value */
	const char *const	*switches;
	int			 args_min, args_max;
	const char		*args_help;	/* what the arguments are */
	int			(*fn)(struct dcli_ctx *);
};

/* Who the audit trail names for changes made from the command line. */
extern const struct dir_actor dcli_actor;

/* The options of a subcommand that takes only --data; of an export. */
extern const char *const dcli_o_data[];
extern const char *const dcli_o_out[];

/*
 * Find the subcommand of `group` ("unit", "user") named by argv[1] (or
 * argv[1] and argv[2] for a two-word one) in `subs`, parse its options,
 * open the data folder and run it. Returns its exit status.
 */
int	 dcli_dispatch(const char *group, const struct dcli_sub *subs,
	    int argc, char **argv);

/* Print "congso CMD: message" for bad usage or input. Returns EXIT_USAGE. */
int	 dcli_bad_usage(const struct dcli_ctx *x, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Report a database failure while doing `what`. Returns EXIT_SYSTEM. */
int	 dcli_failed(const struct dcli_ctx *x, const char *what);
/* Report a dir_err, naming the option it is about, and roll back:
 * EXIT_SYSTEM for a system failure, else EXIT_USAGE. */
int	 dcli_rejected(struct dcli_ctx *x, const struct dir_err *e);
/* Begin, or commit (rolling back when that fails), a transaction. */
int	 dcli_begin(struct dcli_ctx *x);
int	 dcli_commit(struct dcli_ctx *x);

/* Print a value for a tab-separated line: tabs and line breaks become
 * spaces. */
void	 dcli_tsv(const char *s);
/* A decimal number (digits only) in [lo, hi] into *out. 0 or -1, with
 * nothing printed. */
int	 dcli_parse_num(const char *s, long long lo, long long hi,
	    long long *out);
/* The value of --limit into *limit, 100 when absent. */
int	 dcli_limit_of(struct dcli_ctx *x, int *limit);
/* The unit named by `s`, an id (digits) or an agency code, into *u
 * (strings in x->a). `opt` names the option it came from, or NULL. */
int	 dcli_find_unit(struct dcli_ctx *x, const char *opt, const char *s,
	    struct dir_unit *u);
/* The id of the unit named by option `opt` into *id; 0 when absent. */
int	 dcli_unit_option(struct dcli_ctx *x, const char *opt, int64_t *id);

/*
 * Import the CSV file named by the first argument with `import`, showing
 * progress on a terminal, then print its report and "Đã nhập N <what>".
 */
int	 dcli_run_import(struct dcli_ctx *x, int (*import)(struct db *,
	    const struct dir_actor *, const char *, struct buf *,
	    void (*)(long)), const char *what);
/* Export with `export` to standard output, or to the file given by --out
 * (written to FILE.tmp, then renamed). */
int	 dcli_run_export(struct dcli_ctx *x,
	    int (*export)(struct db *, struct buf *), const char *what);

#endif
