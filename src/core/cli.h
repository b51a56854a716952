/*
 * cli.h - options of the command line: "--name value" pairs (repeatable
 * ones kept in order), "--flag" switches and positional arguments, checked
 * against the names a command declares. Messages are Vietnamese.
 */
#ifndef CONGSO_CLI_H
#define CONGSO_CLI_H

#define CLI_MAX	64

struct cli {
	const char	*names[CLI_MAX];	/* "--data" */
	const char	*values[CLI_MAX];	/* NULL for a switch */
	int		 nopts;
	const char	*args[CLI_MAX];
	int		 nargs;
};

/* Parse argv[start..argc). `with_value` and `switches` are NULL-terminated
 * lists of accepted option names. 0, or -1 after printing what is wrong. */
int	 cli_parse(struct cli *c, int argc, char **argv, int start,
	    const char *const *with_value, const char *const *switches);
/* The last value of an option, or NULL. */
const char *cli_get(const struct cli *c, const char *name);
/* Whether a switch was given. */
int	 cli_has(const struct cli *c, const char *name);
/* The required value of an option; prints an error when missing. */
const char *cli_need(const struct cli *c, const char *name);

#endif
