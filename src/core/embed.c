/* embed.c - look-up of files compiled into the binary. */
#include <string.h>

#include "embed.h"

const struct embed_file *
embed_find(const char *name)
{
	size_t i;

	for (i = 0; i < embed_count; i++)
		if (strcmp(embed_files[i].name, name) == 0)
			return &embed_files[i];
	return NULL;
}
