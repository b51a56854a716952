/* fuzz_date.c - the calendar's date parsers (ISO and dd/mm/yyyy). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], back[11];
	int day;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (calendar_parse_iso(s, &day) == 0) {
		calendar_format_iso(day, back);
		if (strcmp(back, s) != 0)
			__builtin_trap();	/* parse and format disagree */
	}
	if (calendar_parse_vn(s, &day) == 0)
		calendar_format_vn(day, back);
	return 0;
}
