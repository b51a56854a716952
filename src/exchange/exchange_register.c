/* exchange_register.c - wiring of the exchange: routes, menu entries and
 * the handlers of the jobs it runs, including the events the documents
 * module records ("docs.issued", "docs.receipt"). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/jobs.h"
#include "core/page.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "exchange_int.h"

/* {"doc":ID}: send the document to its recipients outside. */
static int
job_issued(struct db *db, const char *payload, struct buf *err)
{
	json_t *j = json_loads(payload, 0, NULL);
	int64_t doc = j ? json_integer_value(json_object_get(j, "doc")) : 0;

	json_decref(j);
	if (doc <= 0)
		return 0;
	return exchange_send_doc(db, doc, 0, NULL, NULL, err) < 0 ? -1 : 0;
}

/* {}: send the documents whose recipients waited for a peer (queued
 * when a peer is saved). */
static int
job_pending(struct db *db, const char *payload, struct buf *err)
{
	json_t *j = json_loads(payload, 0, NULL);
	int64_t ids[200], after;
	char next[64];
	int n, i;

	after = j ? json_integer_value(json_object_get(j, "after")) : 0;
	json_decref(j);
	if ((n = docs_exchange_pending(db, after, ids, 200)) < 0) {
		buf_adds(err, db_errmsg(db));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (exchange_send_doc(db, ids[i], 0, NULL, NULL, err) < 0)
			return -1;
	if (n < 200)
		return 0;
	/* A full batch: the next one after it. */
	snprintf(next, sizeof(next), "{\"after\":%" PRId64 "}", ids[n - 1]);
	return jobs_enqueue(db, "exchange.pending", next, 0);
}

/* {"doc":ID,"business":1|2|3,"reason":..,"summary":..}: recall, update
 * or replace a document sent. */
static int
job_send(struct db *db, const char *payload, struct buf *err)
{
	json_t *j = json_loads(payload, 0, NULL);
	int64_t doc;
	int business, rc;

	if (j == NULL)
		return 0;
	doc = json_integer_value(json_object_get(j, "doc"));
	business = (int)json_integer_value(json_object_get(j, "business"));
	rc = doc > 0 && business >= 1 && business <= 3 ? exchange_send_doc(db,
	    doc, business, json_string_value(json_object_get(j, "reason")),
	    json_string_value(json_object_get(j, "summary")), err) : 0;
	json_decref(j);
	return rc < 0 ? -1 : 0;
}

/* {"receipt":ID,"step":..,"comment":..,"actor":..}: a step on a
 * received document, reported to its sender. */
static int
job_receipt(struct db *db, const char *payload, struct buf *err)
{
	json_t *j = json_loads(payload, 0, NULL);
	const char *code;
	int64_t receipt;
	int rc = 0;

	if (j == NULL)
		return 0;
	receipt = json_integer_value(json_object_get(j, "receipt"));
	code = exchange_status_for_step(json_string_value(json_object_get(j,
	    "step")));
	if (receipt > 0 && code)
		rc = exchange_send_status(db, receipt, code,
		    json_string_value(json_object_get(j, "comment")),
		    json_string_value(json_object_get(j, "actor")), err);
	json_decref(j);
	return rc < 0 ? -1 : 0;
}

/* {"receipt":ID,"code":..,"description":..}: a status of the exchange
 * itself (01 on arrival, 15/16 answers). */
static int
job_status(struct db *db, const char *payload, struct buf *err)
{
	json_t *j = json_loads(payload, 0, NULL);
	const char *code;
	int64_t receipt;
	int rc = 0;

	if (j == NULL)
		return 0;
	receipt = json_integer_value(json_object_get(j, "receipt"));
	code = json_string_value(json_object_get(j, "code"));
	if (receipt > 0 && code)
		rc = exchange_send_status(db, receipt, code,
		    json_string_value(json_object_get(j, "description")),
		    json_string_value(json_object_get(j, "staff")), err);
	json_decref(j);
	return rc < 0 ? -1 : 0;
}

void
exchange_register(void)
{
	exchange_api_register();
	exchange_page_register();
	jobs_register("docs.issued", job_issued);
	/* A status job reads, outside its transaction, only what was
	 * committed before it was queued (the receipt, its package, the
	 * unit, the signing settings): batched. */
	jobs_register_batched("docs.receipt", job_receipt);
	jobs_register("exchange.deliver", exchange_job_deliver);
	jobs_register_batched("exchange.status", job_status);
	jobs_register("exchange.send", job_send);
	jobs_register("exchange.pending", job_pending);
	jobs_register("exchange.pull", exchange_job_pull);
	if (db_thread())
		jobs_ensure(db_thread(), "exchange.pull", 5);
	page_nav_add("Liên thông", "/lien-thong/yeu-cau", DIR_ROLE_CLERK);
	page_nav_add("Quản trị liên thông", "/quan-tri/lien-thong",
	    DIR_ROLE_ADMIN);
}
