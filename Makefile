# congso - build, demo and tests. `make demo` and `make test` install what
# they need (scripts/deps.sh), so a newcomer runs only those two.

CC	?= cc
BUILD	?= build
PKGS	 = libmicrohttpd sqlite3 libcrypto jansson libargon2 zlib p11-kit-1 \
	   libcurl xlsxwriter libqrencode libxml-2.0 xmlsec1-openssl \
	   icu-i18n
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
	   -Wpointer-arith -Wvla -Wno-missing-field-initializers
CFLAGS	?= -O2 -g
ifeq ($(SAN),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -Isrc $(PKG_CFLAGS)
LIBS	 = $(PKG_LIBS) -lpthread -lm

SRC	 = $(sort $(wildcard src/*/*.c))
OBJ	 = $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embed.o
EMBED	 = $(sort $(wildcard sql/*.sql static/*))
UNIT	 = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps demo test unit unit-build clean

all: $(BUILD)/congso $(BUILD)/congso-pdftext $(BUILD)/fts_scope.so

deps:
	@sh scripts/deps.sh

$(BUILD)/congso: $(BUILD)/src/main.o $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# The resident helper that reads the text of PDFs for the index (poppler
# in a process of its own; see src/pdftext.c).
PDFTEXT_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags poppler-glib 2>/dev/null))
$(BUILD)/congso-pdftext: src/pdftext.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) $(PDFTEXT_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(shell pkg-config --libs poppler-glib)

# The search tokenizer as an extension for the sqlite3 shell.
$(BUILD)/fts_scope.so: src/core/fts_scope.c src/core/fts_scope.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DFTS_SCOPE_EXTENSION -fPIC -shared -o $@ $<

$(BUILD)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/gen/embed.c: tools/embed.sh $(EMBED)
	@mkdir -p $(dir $@)
	sh tools/embed.sh $@ $(EMBED)

$(BUILD)/gen/embed.o: $(BUILD)/gen/embed.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(shell pkg-config --libs cmocka)

# The two commands of the README.
demo:
	@CONGSO_DEPS=build sh scripts/deps.sh
	$(MAKE) all
	sh scripts/demo.sh

test: deps
	sh tests/run.sh

unit-build: $(UNIT)

unit: $(UNIT)
	@sh tests/unit/run.sh $(BUILD)

clean:
	rm -rf build build-asan build-fuzz
