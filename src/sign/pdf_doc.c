/*
 * pdf_doc.c - the document level of the reader: the page tree, the
 * interactive form (/AcroForm) and its signature fields (ISO 32000-1,
 * 7.7.3, 12.7, 12.8).
 */
#include <stdlib.h>
#include <string.h>

#include "sign/pdf.h"

#define PAGE_VISITS	1000000

struct page_walk {
	int		 want, count, visits;
	uint32_t	 num;
	struct pdf_obj	*page;
};

static int
walk_pages(struct pdf_doc *d, struct pdf_obj *node, uint32_t num, int depth,
    struct page_walk *w)
{
	struct pdf_obj *kids, *type;
	size_t i;

	if (depth > PDF_MAX_PAGES_DEPTH || ++w->visits > PAGE_VISITS)
		return pdf_err(d, "tệp PDF hỏng: cây trang quá sâu hoặc"
		    " có vòng");
	if (node == NULL || node->type != PDF_DICT)
		return node == NULL ? -1 :
		    pdf_err(d, "tệp PDF hỏng: nút cây trang không phải"
		    " từ điển");
	type = pdf_dget(d, node, "Type");
	kids = pdf_dget(d, node, "Kids");
	if (pdf_is_name(type, "Page") || (kids == NULL &&
	    !pdf_is_name(type, "Pages"))) {
		w->count++;
		if (w->want == 0 || w->count == w->want) {
			w->num = num;
			w->page = node;
		}
		return 0;
	}
	if (kids == NULL || kids->type != PDF_ARRAY)
		return pdf_err(d, "tệp PDF hỏng: /Kids của cây trang sai");
	for (i = 0; i < kids->n; i++) {
		struct pdf_obj *k = kids->items[i];

		if (k->type != PDF_REF)
			return pdf_err(d, "tệp PDF hỏng: trang không phải"
			    " tham chiếu");
		if (k->num == num)
			return pdf_err(d, "tệp PDF hỏng: cây trang có vòng");
		if (walk_pages(d, pdf_get(d, k->num), k->num, depth + 1,
		    w) < 0)
			return -1;
	}
	return 0;
}

int
pdf_page(struct pdf_doc *d, int pageno, uint32_t *num,
    struct pdf_obj **page, int *count)
{
	struct page_walk w = { pageno, 0, 0, 0, NULL };
	struct pdf_obj *root, *pages;

	root = pdf_dget(d, d->trailer, "Root");
	pages = pdf_dict_get(root, "Pages");
	if (pages == NULL || pages->type != PDF_REF)
		return pdf_err(d, "tệp PDF hỏng: danh mục không có /Pages");
	if (walk_pages(d, pdf_get(d, pages->num), pages->num, 0, &w) < 0)
		return -1;
	if (count != NULL)
		*count = w.count;
	if (w.page == NULL || w.num == 0) {
		if (w.count == 0)
			return pdf_err(d, "tệp PDF không có trang nào");
		return pdf_err(d, "tệp PDF chỉ có %d trang, không có trang %d",
		    w.count, pageno);
	}
	*num = w.num;
	*page = w.page;
	return 0;
}

/* A text string (PDFDocEncoding or UTF-16BE) as UTF-8, best effort. */
static char *
text_utf8(struct pdf_doc *d, const struct pdf_obj *o)
{
	struct buf b;
	size_t i;
	char *s;

	if (o == NULL || o->type != PDF_STRING)
		return NULL;
	buf_init(&b, 0);
	if (o->len >= 2 && (uint8_t)o->s[0] == 0xfe &&
	    (uint8_t)o->s[1] == 0xff) {
		for (i = 2; i + 1 < o->len; i += 2) {
			unsigned c = (uint8_t)o->s[i] << 8 | (uint8_t)o->s[i + 1];

			if (c >= 0xd800 && c < 0xdc00 && i + 3 < o->len) {
				unsigned lo = (uint8_t)o->s[i + 2] << 8 |
				    (uint8_t)o->s[i + 3];

				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
			if (c < 0x80)
				buf_addch(&b, (int)c);
			else if (c < 0x800)
				buf_printf(&b, "%c%c", 0xc0 | c >> 6,
				    0x80 | (c & 0x3f));
			else if (c < 0x10000)
				buf_printf(&b, "%c%c%c", 0xe0 | c >> 12,
				    0x80 | (c >> 6 & 0x3f), 0x80 | (c & 0x3f));
			else
				buf_printf(&b, "%c%c%c%c", 0xf0 | c >> 18,
				    0x80 | (c >> 12 & 0x3f),
				    0x80 | (c >> 6 & 0x3f), 0x80 | (c & 0x3f));
		}
	} else {
		for (i = 0; i < o->len; i++) {
			unsigned c = (uint8_t)o->s[i];

			if (c < 0x80)
				buf_addch(&b, (int)c);
			else
				buf_printf(&b, "%c%c", 0xc0 | c >> 6,
				    0x80 | (c & 0x3f));
		}
	}
	s = pdf_alloc(d, b.len + 1);
	if (s != NULL)
		memcpy(s, b.data, b.len + 1);
	buf_release(&b);
	return s;
}

struct field_walk {
	int		  visits;
	struct pdf_sig	 *sigs;
	size_t		  nsig, cap;
	char		**names;
	size_t		  nnames, ncap;
};

static int
add_name(struct pdf_doc *d, struct field_walk *w, char *name)
{
	if (w->nnames + 1 >= w->ncap) {
		size_t nc = w->ncap ? w->ncap * 2 : 16;
		char **nn = pdf_alloc(d, nc * sizeof(*nn));

		if (nn == NULL)
			return -1;
		if (w->nnames > 0)
			memcpy(nn, w->names, w->nnames * sizeof(*nn));
		w->names = nn;
		w->ncap = nc;
	}
	w->names[w->nnames++] = name;
	w->names[w->nnames] = NULL;
	return 0;
}

static int
add_sig(struct pdf_doc *d, struct field_walk *w, const char *name,
    uint32_t num, struct pdf_obj *v)
{
	struct pdf_obj *br, *c;
	struct pdf_sig *s;
	size_t i;

	if (w->nsig == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 8;
		struct pdf_sig *ns = pdf_alloc(d, nc * sizeof(*ns));

		if (ns == NULL)
			return -1;
		if (w->nsig > 0)
			memcpy(ns, w->sigs, w->nsig * sizeof(*ns));
		w->sigs = ns;
		w->cap = nc;
	}
	s = &w->sigs[w->nsig];
	memset(s, 0, sizeof(*s));
	s->name = (char *)name;
	s->field = num;
	br = pdf_dget(d, v, "ByteRange");
	c = pdf_dget(d, v, "Contents");
	if (br == NULL || br->type != PDF_ARRAY || br->n != 4 || c == NULL ||
	    c->type != PDF_STRING)
		return pdf_err(d, "chữ ký \"%s\" hỏng: thiếu /ByteRange hoặc"
		    " /Contents", name);
	for (i = 0; i < 4; i++) {
		struct pdf_obj *x = pdf_resolve(d, NULL, br->items[i]);

		if (x == NULL || x->type != PDF_INT || x->i < 0)
			return pdf_err(d, "chữ ký \"%s\" hỏng: /ByteRange sai",
			    name);
		s->range[i] = x->i;
	}
	s->contents = (uint8_t *)c->s;
	s->clen = c->len;
	c = pdf_dget(d, v, "SubFilter");
	s->subfilter = c != NULL && c->type == PDF_NAME ? c->s : NULL;
	s->m = text_utf8(d, pdf_dget(d, v, "M"));
	s->reason = text_utf8(d, pdf_dget(d, v, "Reason"));
	w->nsig++;
	return 0;
}

static int
walk_field(struct pdf_doc *d, struct pdf_obj *ref, const char *parent,
    struct pdf_obj *ft_inh, int depth, struct field_walk *w)
{
	struct pdf_obj *f, *t, *ft, *kids, *v;
	char *name, *part;
	size_t i;

	if (depth > 32 || ++w->visits > PDF_MAX_FIELDS)
		return pdf_err(d, "biểu mẫu quá sâu hoặc quá nhiều trường");
	if ((f = pdf_resolve(d, NULL, ref)) == NULL)
		return -1;
	if (f->type != PDF_DICT)
		return 0;
	t = pdf_dget(d, f, "T");
	part = text_utf8(d, t);
	if (part == NULL)
		name = (char *)parent;
	else if (parent[0] == '\0')
		name = part;
	else {
		size_t n = strlen(parent) + strlen(part) + 2;

		if ((name = pdf_alloc(d, n)) == NULL)
			return -1;
		memcpy(name, parent, strlen(parent));
		name[strlen(parent)] = '.';
		memcpy(name + strlen(parent) + 1, part, strlen(part) + 1);
	}
	if (part != NULL && add_name(d, w, name) < 0)
		return -1;
	ft = pdf_dget(d, f, "FT");
	if (ft == NULL)
		ft = ft_inh;
	kids = pdf_dget(d, f, "Kids");
	if (kids != NULL && kids->type == PDF_ARRAY) {
		for (i = 0; i < kids->n; i++)
			if (walk_field(d, kids->items[i], name, ft, depth + 1,
			    w) < 0)
				return -1;
	}
	if (pdf_is_name(ft, "Sig")) {
		v = pdf_dget(d, f, "V");
		if (v != NULL && v->type == PDF_DICT)
			return add_sig(d, w, name, ref->type == PDF_REF ?
			    ref->num : 0, v);
	}
	return 0;
}

static int
walk_form(struct pdf_doc *d, struct field_walk *w)
{
	struct pdf_obj *root, *form, *fields;
	size_t i;

	memset(w, 0, sizeof(*w));
	root = pdf_dget(d, d->trailer, "Root");
	form = pdf_dget(d, root, "AcroForm");
	if (form == NULL || form->type != PDF_DICT)
		return 0;
	fields = pdf_dget(d, form, "Fields");
	if (fields == NULL || fields->type != PDF_ARRAY)
		return 0;
	for (i = 0; i < fields->n; i++)
		if (walk_field(d, fields->items[i], "", NULL, 0, w) < 0)
			return -1;
	return 0;
}

int
pdf_sigs(struct pdf_doc *d, struct pdf_sig **list, size_t *n)
{
	struct field_walk w;

	if (walk_form(d, &w) < 0)
		return -1;
	*list = w.sigs;
	*n = w.nsig;
	return 0;
}

int
pdf_field_names(struct pdf_doc *d, char ***names)
{
	static char *none[1] = { NULL };
	struct field_walk w;

	if (walk_form(d, &w) < 0)
		return -1;
	*names = w.names != NULL ? w.names : none;
	return 0;
}
