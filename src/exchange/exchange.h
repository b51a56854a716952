/*
 * exchange.h - document exchange (liên thông văn bản, QCVN 102) between
 * this instance and others, directly or through a hub (LGSP): one signed
 * edXML package per receiving unit of an issued document, statuses sent
 * back as the receiving clerk and handlers act (01 arrived, 02 refused,
 * 03 registered, 04 assigned, 05 handling, 06 done), recall, update and
 * replace (business types 1, 2, 3) answered by 15 or 16.
 *
 * Each instance is the authority for its own units (the directory's
 * units). A peer table maps agency codes (exact, a suffix such as H41,
 * or "*") to the URL that answers for them. Packages leave through an
 * outbox in the job queue ("exchange.deliver"), retried with backoff; a
 * package is identified by the SHA-256 of its bytes so that a repeat is
 * answered again without a second registration. The HTTP contract is
 * in docs/openapi.yaml (section exchange).
 *
 * The documents module records events ("docs.issued", "docs.receipt",
 * see docs.h); this module registers their handlers.
 */
#ifndef CONGSO_EXCHANGE_H
#define CONGSO_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#define EXCHANGE_MATCH_MAX	64	/* bytes of a peer's match */
#define EXCHANGE_URL_MAX	512
#define EXCHANGE_ATTEMPTS_MAX	16	/* deliveries before "failed" (about
					   10 hours with the default backoff) */

/* ---- rules (exchange_rules.c): no SQL, no HTTP ---------------------- */

/* How well a peer's `match` answers for agency `code`: -1 not at all,
 * 0 for "*", 1 + the suffix length for a suffix ("H41" matches
 * "000.00.00.H41" and "000.12.34.H41" at a dot boundary), and 1000 for
 * the exact code. */
int	 exchange_match_rank(const char *match, const char *code);
/* The index of the most specific of `n` matches for `code`, or -1. */
int	 exchange_match_pick(const char *const *matches, int n,
	    const char *code);
/* Whether `s` is a valid match: "*", or 1..64 characters of letters,
 * digits and dots. */
int	 exchange_match_valid(const char *s);
/* The status code a step on a received document reports ("register"
 * 03, "refuse" 02, "direct" 04, "progress" 05, "finish" 06), NULL for
 * any other step. */
const char *exchange_status_for_step(const char *step);
/* The order of a status code in a document's life (01 < 03 < 04 < 05
 * < 06; 02, 13, 15, 16 after), for sorting; 99 when unknown. */
int	 exchange_status_rank(const char *code);
/* "2026/11/22" from "2026-11-22" and back; 0 or -1. */
int	 exchange_date_to_edxml(const char *iso, char out[11]);
int	 exchange_date_from_edxml(const char *ymd, char out[11]);
/* Copy at most `max_chars` UTF-8 characters of `s` into `out`
 * (`outlen` bytes), never cutting a character. */
void	 exchange_utf8_cut(const char *s, size_t max_chars, char *out,
	    size_t outlen);

/* ---- wiring --------------------------------------------------------- */

/* Routes (/api/v1/exchange/..., /lien-thong/..., /quan-tri/lien-thong),
 * menu entries and the job handlers ("exchange.deliver",
 * "exchange.status", "docs.issued", "docs.receipt"). Call at start-up. */
void	 exchange_register(void);

/* ---- command line (exchange_cli.c) ---------------------------------- */

/* `congso peer add|list|remove ...` with argv[0] = "peer". */
int	 exchange_cli_peer(int argc, char **argv);
void	 exchange_usage_peer(void);
/* `congso exchange setup|export|outbox|retry ...` with argv[0] =
 * "exchange". Exit 0 done, 1 failure, 2 bad usage. */
int	 exchange_cli(int argc, char **argv);
void	 exchange_usage(void);

#endif
