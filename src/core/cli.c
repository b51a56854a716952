/* cli.c - command line options. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int
listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int
cli_parse(struct cli *c, int argc, char **argv, int start,
    const char *const *with_value, const char *const *switches)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = start; i < argc; i++) {
		if (c->nopts == CLI_MAX || c->nargs == CLI_MAX) {
			fprintf(stderr, "congso: quá nhiều tham số\n");
			return -1;
		}
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			c->args[c->nargs++] = argv[i];
			continue;
		}
		if (listed(switches, argv[i])) {
			c->names[c->nopts] = argv[i];
			c->values[c->nopts++] = NULL;
		} else if (listed(with_value, argv[i])) {
			if (i + 1 >= argc) {
				fprintf(stderr, "congso: tùy chọn %s cần một giá"
				    " trị\n", argv[i]);
				return -1;
			}
			c->names[c->nopts] = argv[i];
			c->values[c->nopts++] = argv[++i];
		} else {
			fprintf(stderr, "congso: không có tùy chọn %s (xem"
			    " 'congso help')\n", argv[i]);
			return -1;
		}
	}
	return 0;
}

const char *
cli_get(const struct cli *c, const char *name)
{
	int i;

	for (i = c->nopts - 1; i >= 0; i--)
		if (strcmp(c->names[i], name) == 0)
			return c->values[i];
	return NULL;
}

int
cli_has(const struct cli *c, const char *name)
{
	int i;

	for (i = 0; i < c->nopts; i++)
		if (strcmp(c->names[i], name) == 0)
			return 1;
	return 0;
}

const char *
cli_need(const struct cli *c, const char *name)
{
	const char *v = cli_get(c, name);

	if (v == NULL)
		fprintf(stderr, "congso: thiếu tùy chọn %s\n", name);
	return v;
}
