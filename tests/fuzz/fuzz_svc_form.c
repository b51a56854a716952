/* fuzz_svc_form.c - the catalogue import's reading of procedures and
 * their application forms (outside input): the bytes as a procedure
 * object, as a form definition, and, when the form parses, as values
 * checked against it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "services/services.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_form f;
	struct svc_err e;
	json_error_t jerr;
	json_t *o, *clean = NULL;
	char *dump;

	o = json_loadb((const char *)data, size, 0, &jerr);
	if (o == NULL)
		return 0;
	if (svc_procedure_from_json(&a, o, &p, &e) == 0) {
		/* What was accepted reads back as a form. */
		if (svc_form_parse(&a, p.form, &f, &e) < 0)
			__builtin_trap();
	}
	if (svc_form_from_json(&a, o, &f, &e) == 0) {
		dump = svc_form_dump(&f);
		if (dump == NULL || svc_form_parse(&a, dump, &f, &e) < 0)
			__builtin_trap();
		free(dump);
		if (json_is_array(o) && json_array_size(o) > 0)
			svc_form_check(&f, json_array_get(o, 0), 20000, 1,
			    &clean, &e);
		json_decref(clean);
	}
	json_decref(o);
	arena_release(&a);
	return 0;
}
