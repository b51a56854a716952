/*
 * docs.h - official documents (quản lý văn bản và điều hành), following
 * Nghị định 30/2020/NĐ-CP: document types, registers (sổ văn bản) with
 * yearly number series, outgoing documents (draft → review → approved →
 * issued, with versions), incoming documents per receiving unit
 * (received → registered or refused → directed → done), attachments with
 * extracted text, full-text search without diacritics, deadlines counted
 * in working days, reminders and work files (hồ sơ công việc).
 *
 * Who sees what: a person sees a document only when their body (their
 * unit, or the unit above when theirs is a division) issued or received
 * it, or it was assigned or shared to them. Every query that reads
 * documents carries this condition in its SQL.
 *
 * State secrets (Mật, Tối mật, Tuyệt mật) are refused everywhere.
 *
 * Functions that change something run inside the caller's transaction
 * (db_begin ... db_commit), record a history row and an audit row, and
 * on failure fill a struct docs_err and return -1: the caller rolls back.
 * Strings in the structs they fill live in the arena passed to them.
 */
#ifndef CONGSO_DOCS_H
#define CONGSO_DOCS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"

#define DOCS_SUMMARY_MAX	500	/* bytes, as edXML's Subject */
#define DOCS_CONTENT_MAX	20000
#define DOCS_COMMENT_MAX	2000
#define DOCS_RECIPIENTS_MAX	64
#define DOCS_ASSIGNEES_MAX	32
#define DOCS_FILE_MAX_DEFAULT	(20L << 20)	/* settings docs.file_max */
#define DOCS_SOON_DAYS		2	/* working days: "due soon" */

/* The message given whenever a state secret is offered. */
#define DOCS_SECRET_MESSAGE "Hệ thống không xử lý văn bản mật (Mật, Tối mật," \
	" Tuyệt mật): bí mật nhà nước không được lưu giữ, xử lý trên hệ thống" \
	" kết nối Internet. Hãy xử lý văn bản này theo quy định về bảo vệ bí" \
	" mật nhà nước."

enum docs_urgency {
	DOCS_URGENCY_NORMAL,		/* Thường */
	DOCS_URGENCY_URGENT,		/* Khẩn */
	DOCS_URGENCY_VERY_URGENT,	/* Thượng khẩn */
	DOCS_URGENCY_FLASH,		/* Hỏa tốc */
	DOCS_URGENCY_MAX
};

/* States of a document (documents.state). */
enum docs_state {
	DOCS_DRAFT, DOCS_REVIEW, DOCS_RETURNED, DOCS_APPROVED, DOCS_ISSUED,
	DOCS_EXTERNAL, DOCS_STATE_MAX
};

/* Steps of an outgoing document. */
enum docs_step {
	DOCS_STEP_EDIT, DOCS_STEP_SUBMIT, DOCS_STEP_APPROVE, DOCS_STEP_RETURN,
	DOCS_STEP_ISSUE, DOCS_STEP_MAX
};

/* States of a received document at one unit (doc_receipts.state). */
enum docs_in_state {
	DOCS_IN_RECEIVED, DOCS_IN_REGISTERED, DOCS_IN_REFUSED,
	DOCS_IN_DIRECTED, DOCS_IN_DONE, DOCS_IN_STATE_MAX
};

enum docs_in_step {
	DOCS_IN_STEP_REGISTER, DOCS_IN_STEP_REFUSE, DOCS_IN_STEP_DIRECT,
	DOCS_IN_STEP_PROGRESS, DOCS_IN_STEP_FINISH, DOCS_IN_STEP_MAX
};

enum docs_due {
	DOCS_DUE_NONE, DOCS_DUE_OK, DOCS_DUE_SOON, DOCS_DUE_OVERDUE,
	DOCS_DUE_MAX
};

/* Who acts or reads. body_id is the unit whose documents the person
 * works with: their unit, or its parent when their unit is a division. */
struct docs_actor {
	int64_t		 id;
	const char	*name;		/* username, for the audit log */
	const char	*full_name;	/* shown in the history */
	const char	*ip;		/* "" on the command line */
	int64_t		 unit_id;
	int64_t		 body_id;
	unsigned	 roles;		/* DIR_ROLE_* */
};

/* What was wrong: an HTTP status, a stable code, the field and a
 * Vietnamese message (static or per-thread storage). */
struct docs_err {
	int		 status;
	const char	*code;
	const char	*field;
	const char	*message;
};

/* --- rules (docs_rules.c): no SQL, no HTTP ----------------------------- */

/* "thuong", "khan", "thuong_khan", "hoa_toc"; labels "Thường", "Khẩn",
 * "Thượng khẩn", "Hỏa tốc". */
const char *docs_urgency_name(int u);
const char *docs_urgency_label(int u);
/* A code or a label (diacritics and case ignored); NULL or "" is
 * Thường. -1 when unknown. */
int	 docs_urgency_parse(const char *s);
/* Confidentiality: 0 for none (NULL, "", "thuong", "Thường"), 1 Mật,
 * 2 Tối mật, 3 Tuyệt mật (codes "mat", "toi_mat", "tuyet_mat" or the
 * labels, diacritics ignored), -1 when unknown. */
int	 docs_secret_level(const char *s);
const char *docs_state_name(int s);
const char *docs_state_label(int s);
int	 docs_state_parse(const char *s);
const char *docs_in_state_name(int s);
const char *docs_in_state_label(int s);
int	 docs_in_state_parse(const char *s);
/* The state an outgoing document goes to by `step`, or -1 when the step
 * is not allowed from `state`. */
int	 docs_next(int state, int step);
/* The same for a received document. */
int	 docs_in_next(int state, int step);
/* The number and symbol (số, ký hiệu): "12/QĐ-UBND" from (12, "QĐ",
 * "UBND", any); for công văn (abbr "") "125/UBND-VP" from the body and
 * the drafting division. Numbers below 10 are written 01..09. 0, or -1
 * when a part is missing (the division of a công văn) or `out` is too
 * small. */
int	 docs_notation(char *out, size_t outlen, int number, const char *abbr,
	    const char *body, const char *division);
/* Where a deadline stands on `today` (dates as calendar days; deadline
 * < 0: none); `soon` is the last day counted as "due soon". */
int	 docs_due_status(int today, int deadline, int soon);
const char *docs_due_name(int d);
/* An FTS5 query of every word of `q`, folded (diacritics, đ, case),
 * each word quoted, the last one as a prefix. With a `scope` ("u41",
 * "p764"), each word is the reader's token of it ("u41xchuyen"), as the
 * tokenizer "scoped" indexes it. 0, or -1 when `q` has no word. At most
 * 16 words are kept. */
int	 docs_fts_query(struct buf *out, const char *q, const char *scope);
/* Whether `s` has the shape of an agency code of QCVN 102
 * ("000.00.00.H55"); the digits are not checked further. */
int	 docs_code_shaped(const char *s);
/* What a file is, from its name and first bytes: PDF, DOCX, XLSX, PNG,
 * JPEG. Its MIME type goes to *mime; -1 when refused. */
int	 docs_file_kind(const char *filename, const unsigned char *head,
	    size_t n, const char **mime);

/* --- reading (docs_query_db.c) ------------------------------------------ */

struct docs_doc {
	int64_t		 id;
	const char	*origin;		/* internal, external */
	int64_t		 unit_id;		/* issuing body here, 0 outside */
	const char	*issuer_name;
	const char	*issuer_code;
	const char	*type_code;
	const char	*type_name;
	const char	*summary;
	const char	*content;
	int		 urgency;
	const char	*reply_due;		/* NULL: none */
	const char	*state;
	int		 version;
	int64_t		 drafter_id;
	const char	*drafter_name;
	const char	*division;
	int64_t		 signer_id;
	const char	*signer_name;
	int		 year, number;		/* 0: not numbered */
	const char	*notation;
	const char	*doc_date;		/* NULL until issued */
	int64_t		 reply_to;
	long		 created_at;
	/* the reader's body's copy, when it received the document */
	int64_t		 receipt_id;		/* 0: none */
	const char	*in_state;
	int		 in_number;
	const char	*received_on;
	const char	*deadline;
	const char	*direction;
	const char	*refused_reason;
	const char	*my_role;		/* main, co, info; NULL */
};

/* Which documents a list shows. */
enum docs_box {
	DOCS_BOX_ALL,		/* every document the reader may see */
	DOCS_BOX_DRAFTS,	/* the reader's drafts (draft, returned) */
	DOCS_BOX_TO_REVIEW,	/* the body's drafts in review (leaders) */
	DOCS_BOX_TO_ISSUE,	/* the body's approved drafts (clerks) */
	DOCS_BOX_OUTGOING,	/* the body's issued documents */
	DOCS_BOX_TO_REGISTER,	/* received, not yet registered (clerks) */
	DOCS_BOX_TO_DIRECT,	/* registered, no direction yet (leaders) */
	DOCS_BOX_TO_HANDLE,	/* assigned to the reader, open */
	DOCS_BOX_FOR_INFO,	/* for the reader's information, or shared */
	DOCS_BOX_OVERDUE,	/* the reader's open work past its deadline */
	DOCS_BOX_INCOMING,	/* everything the body received */
	DOCS_BOX_MAX
};

struct docs_query {
	int		 box;		/* enum docs_box */
	const char	*q;		/* words; NULL: no text search */
	const char	*type_code;
	int64_t		 unit_id;	/* issuing or receiving unit; 0: any */
	const char	*from, *to;	/* YYYY-MM-DD on the document's date */
	const char	*state;		/* documents.state or receipt state */
	int		 urgency;	/* -1: any */
	int		 limit, offset;
};

const char *docs_box_name(int box);
const char *docs_box_label(int box);
int	 docs_box_parse(const char *s);

/* Remember units' bodies and types' ids in the server (at start-up). */
void	 docs_memo_init(void);
/* The number of the types' watch, for what is kept of them: -1 when
 * nothing is (the command line). */
int64_t	 docs_types_gen(void);
/* The body of a unit (itself, or its parent for a division); 0 or -1. */
int	 docs_body_of(struct db *db, int64_t unit_id, int64_t *body);
/* The body of the unit in force whose agency code is `code`: 0, 1 when
 * there is none, -1 on error. */
int	 docs_body_by_code(struct db *db, const char *code, int64_t *body);
/* Fill `who` for a person; body_id from docs_body_of. 0 or -1. */
int	 docs_actor_init(struct db *db, struct docs_actor *who, int64_t id,
	    const char *name, const char *full_name, const char *ip,
	    int64_t unit_id, unsigned roles);
/* The time recorded for actions on documents (history, created and
 * updated times, deadlines' "today"): the clock, unless this thread set
 * another with docs_clock_set (t 0: the clock again). Only the demo sets
 * one, to load a past month's work with the times it would have had; the
 * audit log keeps the real time of every action. */
time_t	 docs_now(void);
void	 docs_clock_set(time_t t);
/* Today's calendar day (local time, of docs_now()). */
int	 docs_today(void);
/* Whether the reader may see a document (the visibility condition). */
int	 docs_visible(struct db *db, const struct docs_actor *who, int64_t id);
/* Whether a document, or an attachment, exists at all, whoever reads.
 * Only for telling "exists but not visible" (403) from "missing" (404)
 * after a lookup with the visibility condition found nothing; never a
 * substitute for that condition. */
int	 docs_exists(struct db *db, int64_t id);
int	 docs_file_exists(struct db *db, int64_t file_id);
/* A document the reader may see: 0, or -1 when it does not exist or the
 * reader may not see it (docs_exists tells which: 404 or 403). */
int	 docs_get(struct db *db, struct arena *a, const struct docs_actor *who,
	    int64_t id, struct docs_doc *out);
/* A list, most urgent first, newest first within an urgency; *total
 * counts every match. Returns the number in *out, -2 when q has no word,
 * or -1. A list's items leave out what only one document's page shows:
 * content and division are "", version, signer_id, year and created_at
 * 0 (docs_get reads them). */
int	 docs_list(struct db *db, struct arena *a, const struct docs_actor *who,
	    const struct docs_query *q, struct docs_doc **out, int *total);
/* A stamp of everything the reader's lists can show (table doc_reader_gen
 * of the reader's body and person, the documents' and the directory's
 * generations): it grows with every change that could alter one of their
 * lists, so an answer cached under an older stamp is stale. -1 on error. */
int64_t	 docs_reader_generation(struct db *db, const struct docs_actor *who);
/* How many documents a box without filters holds for the reader; -1 on
 * error. */
int	 docs_box_total(struct db *db, struct arena *a,
	    const struct docs_actor *who, int box);

/* Documents the reader's body received and directed whose deadline is on
 * or before `until` (YYYY-MM-DD), earliest first: the reader's own open
 * work, or the whole body's when `unit_scope`. Count or -1. */
int	 docs_due_list(struct db *db, struct arena *a,
	    const struct docs_actor *who, int unit_scope, const char *until,
	    struct docs_doc **out);

struct docs_event {
	long		 at;
	const char	*actor;
	const char	*action;
	const char	*comment;
	const char	*unit_name;	/* "" when none */
};
/* History of a visible document, oldest first. Count or -1. */
int	 docs_history(struct db *db, struct arena *a, int64_t id,
	    struct docs_event **out);

struct docs_version {
	int		 version;
	const char	*type_code;
	const char	*summary;
	const char	*content;
	const char	*by;
	long		 at;
};
int	 docs_versions(struct db *db, struct arena *a, int64_t id,
	    struct docs_version **out);

struct docs_recipient {
	int64_t		 unit_id;	/* 0: outside this instance */
	const char	*name;
	const char	*code;
	const char	*state;
	const char	*in_state;	/* the unit's receipt state or NULL */
};
int	 docs_recipients(struct db *db, struct arena *a, int64_t id,
	    struct docs_recipient **out);

struct docs_assignee {
	int64_t		 person_id;
	const char	*full_name;
	const char	*role;		/* main, co, info */
	long		 done_at;
};
/* The people assigned on a receipt. */
int	 docs_assignees(struct db *db, struct arena *a, int64_t receipt_id,
	    struct docs_assignee **out);

struct docs_file {
	int64_t		 id;
	const char	*filename;
	const char	*mime;
	const char	*hash;
	long		 size;
	const char	*text_state;
};
int	 docs_files(struct db *db, struct arena *a, int64_t doc_id,
	    struct docs_file **out);
/* An attachment of a document the reader may see (doc_id 0: any
 * document). 0 or -1. */
int	 docs_file_get(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t doc_id, int64_t file_id,
	    struct docs_file *out);

/* --- types, numbering and outgoing documents (docs_db.c) --------------- */

struct docs_type {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*abbr;
	int		 active;
};
int	 docs_types(struct db *db, struct arena *a, struct docs_type **out);
/* Add or change a type (admin). 0 or -1. */
int	 docs_type_save(struct db *db, const struct docs_actor *who,
	    struct docs_type *t, struct docs_err *err);
/* Whether a unit's documents share one number series. */
int	 docs_numbering_get(struct db *db, int64_t unit_id, int *shared);
int	 docs_numbering_set(struct db *db, const struct docs_actor *who,
	    int64_t unit_id, int shared, struct docs_err *err);
/* The next number of a register in `year`, taken in the caller's
 * transaction (which must be BEGIN IMMEDIATE so that writers queue):
 * 1 for the first of a year. Returns the number or -1. */
int	 docs_take_number(struct db *db, int64_t register_id, int year);
/* The register of a unit (creating it): direction "out" or "in", the
 * type for an outgoing per-type series. Its id or -1. */
int64_t	 docs_register_for(struct db *db, int64_t unit_id,
	    const char *direction, int64_t type_id);

/* A draft as sent by its author. Recipients here are unit ids or agency
 * codes; bodies outside the province are names with optional codes. */
struct docs_draft {
	const char	*type_code;
	const char	*summary;
	const char	*content;
	const char	*urgency;	/* docs_urgency_parse */
	const char	*secret;	/* docs_secret_level: must be 0 */
	const char	*reply_due;	/* YYYY-MM-DD or NULL */
	const char	*division;	/* drafting division's short name */
	int64_t		 reply_to;	/* an incoming document answered */
	int		 set_recipients; /* update: replace the recipients */
	int64_t		 unit_ids[DOCS_RECIPIENTS_MAX];
	const char	*unit_codes[DOCS_RECIPIENTS_MAX];
	int		 nunits;
	const char	*ext_names[DOCS_RECIPIENTS_MAX];
	const char	*ext_codes[DOCS_RECIPIENTS_MAX];
	int		 next;
};

/* Create a draft of the actor's body; its id in *id. */
int	 docs_draft_create(struct db *db, const struct docs_actor *who,
	    const struct docs_draft *d, int64_t *id, struct docs_err *err);
/* Change a draft (its author, while draft or returned): the previous
 * text is kept as a version. Fields left NULL keep their values. */
int	 docs_draft_update(struct db *db, const struct docs_actor *who,
	    int64_t id, const struct docs_draft *d, struct docs_err *err);
/* Submit for review (author), approve or return with a comment (a leader
 * of the body). */
int	 docs_step(struct db *db, const struct docs_actor *who, int64_t id,
	    int step, const char *comment, struct docs_err *err);
/* Number and issue an approved document (a clerk of the body) on `day`
 * (calendar day): takes the next number of its register, writes the
 * notation, delivers it to recipients here (a receipt each) and records
 * the others as pending for the exchange. */
int	 docs_issue(struct db *db, const struct docs_actor *who, int64_t id,
	    int day, struct docs_err *err);

/* --- incoming documents (docs_incoming_db.c) --------------------------- */

/* A document received from outside this instance, filed by a clerk. */
struct docs_external {
	const char	*type_code;
	const char	*issuer_name;
	const char	*issuer_code;
	const char	*notation;
	int		 number;
	const char	*doc_date;	/* YYYY-MM-DD */
	const char	*summary;
	const char	*signer;
	const char	*urgency;
	const char	*secret;
};
int	 docs_file_external(struct db *db, const struct docs_actor *who,
	    const struct docs_external *e, int64_t *id, struct docs_err *err);
/* The checks docs_file_external makes of the fields (it calls this
 * first): 0 with the type's id and the day of the date (either pointer
 * may be NULL), or -1 and err.
 * Only reads; no transaction needed, so that a caller can refuse bad
 * fields before costly work on the request's files. */
int	 docs_external_check(struct db *db, const struct docs_external *e,
	    int64_t *type_id, int *day, struct docs_err *err);
/* Register in the body's incoming register on `day` (clerk). */
int	 docs_in_register(struct db *db, const struct docs_actor *who,
	    int64_t id, int day, struct docs_err *err);
int	 docs_in_refuse(struct db *db, const struct docs_actor *who,
	    int64_t id, const char *reason, struct docs_err *err);

/* A leader's direction (bút phê). */
struct docs_direction {
	const char	*text;
	int64_t		 main;
	int64_t		 co[DOCS_ASSIGNEES_MAX];
	int		 nco;
	int64_t		 info[DOCS_ASSIGNEES_MAX];
	int		 ninfo;
	int		 days;		/* working days from `day`; 0: none */
	const char	*deadline;	/* or a date; NULL: none */
	int		 day;		/* today */
};
int	 docs_in_direct(struct db *db, const struct docs_actor *who,
	    int64_t id, const struct docs_direction *d, struct docs_err *err);
/* Progress (any assigned handler) or finish (main handler or a leader). */
int	 docs_in_progress(struct db *db, const struct docs_actor *who,
	    int64_t id, const char *comment, struct docs_err *err);
int	 docs_in_finish(struct db *db, const struct docs_actor *who,
	    int64_t id, const char *comment, struct docs_err *err);
/* Share a visible document with people of the actor's body. */
int	 docs_share(struct db *db, const struct docs_actor *who, int64_t id,
	    const int64_t *people, int n, struct docs_err *err);

/* --- attachments, search text, deadlines (docs_files_db.c) ------------- */

/* The text of a file read before the transaction that attaches it. */
struct docs_file_text {
	int		 read;	/* 1: read (its text, or failed); 0: queued */
	int		 ok;	/* the text is `text`; else it failed */
	struct buf	 text;
	char		 why[256];	/* why it failed */
};
/* Read the text of an upload (path as struct upload) if it is a PDF no
 * larger than docs.extract_now_max (default DOCS_EXTRACT_NOW_MAX), outside
 * any transaction; `out` is set either way (release its text with
 * buf_release). */
#define DOCS_EXTRACT_NOW_MAX	(1 << 20)
void	 docs_file_text_now(struct db *db, const char *path,
	    const char *filename, size_t size, struct docs_file_text *out);
/* Attach the uploaded file at `path` (in the data folder's tmp/, already
 * flushed, as the HTTP layer leaves an upload) to a draft or document of
 * the actor's body; the file is stored once by hash (`sha256`, computed
 * as it arrived; NULL or "" to read the file). A PDF's text is `pre`,
 * read by docs_file_text_now, or when it was not read there (NULL, or
 * pre->read 0) extracted later by the job "docs.extract". Largest size
 * from settings docs.file_max (bytes). */
int	 docs_attach(struct db *db, const struct docs_actor *who, int64_t id,
	    const char *path, const char *filename, size_t size,
	    const char *sha256, const struct docs_file_text *pre,
	    int64_t *file_id, struct docs_err *err);
/* Largest attachment in bytes (settings docs.file_max). */
long	 docs_file_max(struct db *db);
/* Rebuild the search row of a document, at the end of the caller's
 * transaction (db_defer(): in the server once per group of commits, in
 * an import once per batch), at once outside one. 0 or -1. */
int	 docs_reindex(struct db *db, int64_t id);
/* Job handlers: extract a PDF's text ({"file": ID}); reminders of
 * deadlines (daily, queues itself again); the search index's merges
 * (queues itself again: in a second while there is more to merge). */
int	 docs_job_extract(struct db *db, const char *payload, struct buf *err);
int	 docs_job_remind(struct db *db, const char *payload, struct buf *err);
int	 docs_job_index_merge(struct db *db, const char *payload,
	    struct buf *err);
/* Merge the search index's segments (four or more on a level), a few
 * dozen pages a transaction, for up to `steps` transactions (0: until
 * none is left to merge). 1 when more is left, 0 when none, -1. */
int	 docs_index_merge(struct db *db, int steps);
/* Write the reminders due on `day`: one notification per person, document
 * and kind ("soon", "overdue") a day. Returns how many were written. */
int	 docs_remind(struct db *db, int day);

struct docs_notice {
	int64_t		 id;
	int64_t		 doc_id;
	const char	*kind;
	const char	*message;
	const char	*day;
	int		 read;
};
int	 docs_notices(struct db *db, struct arena *a, int64_t person_id,
	    struct docs_notice **out);

/* Extract the text of the PDF open on `fd` with the resident helper
 * congso-pdftext (idle priority, killed after `seconds` of CPU time on
 * the file); at most `max` bytes. 0, -1 (the file cannot be read; reason
 * in `err`) or -2 (the machine was too busy to finish within 20 x
 * `seconds`: try again later). */
int	 docs_pdf_text(int fd, int seconds, size_t max,
	    struct buf *text, struct buf *err);
/* The same while a request waits, by a helper at the server's priority,
 * within NOW_SECONDS of CPU (or `seconds` if less) and a few seconds of
 * waiting: 0, -1 as above, or 1 when it could not be done in that time
 * (the job queue reads the file later, with the full limits). */
int	 docs_pdf_text_now(int fd, int seconds, size_t max,
	    struct buf *text, struct buf *err);

/* --- work files (docs_workfile_db.c) ----------------------------------- */

struct docs_workfile {
	int64_t		 id;
	int64_t		 unit_id;
	const char	*code;
	const char	*title;
	int64_t		 owner_id;
	const char	*owner_name;
	const char	*retention;
	const char	*state;
	int		 ndocs;
};
int	 docs_workfile_create(struct db *db, const struct docs_actor *who,
	    struct docs_workfile *w, struct docs_err *err);
int	 docs_workfile_get(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t id, struct docs_workfile *out);
int	 docs_workfiles(struct db *db, struct arena *a,
	    const struct docs_actor *who, struct docs_workfile **out);
/* Put a visible document in an open work file of the body. */
int	 docs_workfile_add(struct db *db, const struct docs_actor *who,
	    int64_t wid, int64_t doc_id, struct docs_err *err);
int	 docs_workfile_close(struct db *db, const struct docs_actor *who,
	    int64_t wid, struct docs_err *err);
/* The documents of a work file the reader may see. */
int	 docs_workfile_docs(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t wid, struct docs_doc **out);

/* --- register tables (docs_query_db.c) --------------------------------- */

struct docs_register {
	int64_t		 id;
	const char	*direction;
	const char	*name;
	int		 last;		/* last number of the year */
};
int	 docs_registers(struct db *db, struct arena *a, int64_t unit_id,
	    int year, struct docs_register **out);
/* The entries of a register of the reader's body in `year`, by number:
 * documents (outgoing) or received documents (incoming). */
int	 docs_register_entries(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t register_id, int year,
	    struct docs_doc **out);

/* --- bringing documents in from an old system (docs_import_db.c) ------- */

#define DOCS_IMPORT_FILES_MAX	16

/* One document of an old system's registers, as read from a line of an
 * import file. `from` and `to` name bodies by agency code or by name. */
struct docs_import {
	const char	*unit;		/* agency code of the unit keeping it */
	const char	*direction;	/* "in" or "out" */
	const char	*type;		/* type code (QĐ, CV, ...) or name */
	int		 number;	/* out: required; in: the issuer's, 0 */
	const char	*notation;	/* in: required; out: made if absent */
	const char	*date;		/* YYYY-MM-DD, the document's date */
	const char	*summary;
	const char	*signer;
	const char	*urgency;
	const char	*secret;	/* refused when a secret level */
	const char	*from;		/* in: the issuing body */
	const char	*to[DOCS_RECIPIENTS_MAX];	/* out: recipients */
	int		 nto;
	const char	*received_on;	/* in: day received; NULL: `date` */
	int		 in_number;	/* in: incoming number; 0: the next */
	const char	*division;	/* out công văn: drafting division */
	const char	*files[DOCS_IMPORT_FILES_MAX];	/* paths to attach */
	int		 nfiles;
};

/* File one document in the caller's transaction, all or nothing (the
 * caller wraps it in a savepoint): an outgoing one as issued in its
 * unit's outgoing register with its own number (the register's counter
 * moves past it), an incoming one as an external document received,
 * registered and done in the unit's incoming register. Files are copied
 * into the data folder's tmp/ and stored by hash; a PDF's text is
 * extracted later by the job "docs.extract". A document already in the
 * unit's register (same notation, date and issuer) is refused. Its id
 * goes to *id. 0, or -1 with `err` (status 500 for a system failure). */
int	 docs_import_one(struct db *db, const struct docs_actor *who,
	    const struct docs_import *im, int64_t *id, struct docs_err *err);

/* Documents for the Thái Nguyên demo (docs_demo.c), in a folder made by
 * `congso init --demo thai-nguyen` that has none yet: the year's
 * registers of Sở TTTT and documents under way in every queue of its
 * demo accounts, each step one transaction through the functions above.
 * The steps taken go to *steps. 0; -2 when the folder has documents
 * already or is not the demo province (told on stderr); -1 on a failure
 * (told on stderr), the steps before it kept. */
int	 docs_demo_load(struct db *db, int *steps);

/* How far an import file got. `key` identifies the file (a hex SHA-256
 * of its path, size and first line's hash). */
struct docs_import_run {
	char		 key[65];
	long		 last_line;	/* last line committed */
	long		 accepted, rejected;
	int		 finished;
};
/* The run of `key`, created (last_line 0) when new. 0 or -1. */
int	 docs_import_resume(struct db *db, const char *key, const char *path,
	    long size, struct docs_import_run *run);
/* Record the run's counters in the caller's transaction. 0 or -1. */
int	 docs_import_save(struct db *db, const struct docs_import_run *run);
/* Keep a refused line and its reason. 0 or -1. */
int	 docs_import_reject(struct db *db, const char *key, long line,
	    const char *reason);

/* --- the exchange's side of documents (docs_exchange_db.c) ------------- */

/*
 * Events recorded in the job queue for the module that exchanges
 * documents with other instances (it registers their handlers):
 *   "docs.issued"  {"doc":ID} from docs_issue() when the document has
 *                  recipients outside this instance (pending_exchange);
 *   "docs.receipt" {"receipt":ID,"step":"register|refuse|direct|progress|
 *                  finish","comment":"...","actor":"..."} from each step
 *                  on a received document that came from outside.
 */
int	 docs_event_receipt(struct db *db, int64_t receipt, const char *step,
	    const char *comment, const struct docs_actor *who);

#define DOCS_EXCHANGE_ATT_MAX	64

/* A stored attachment of a received document. */
struct docs_exchange_att {
	const char	*hash;		/* blob, stored already */
	const char	*filename;
	const char	*mime;
	long		 size;
};

/* A document received through the exchange. */
struct docs_exchange_in {
	const char	*issuer_name;
	const char	*issuer_code;
	const char	*type_code;	/* a type code here; else type_name */
	const char	*type_name;	/* matched by name; else Công văn */
	const char	*notation;	/* "12/QĐ-UBND" */
	int		 number;
	const char	*doc_date;	/* YYYY-MM-DD */
	const char	*summary;
	const char	*content;
	const char	*signer;
	int		 urgency;	/* enum docs_urgency */
	struct docs_exchange_att att[DOCS_EXCHANGE_ATT_MAX];
	int		 natt;
};

/* Create the external document and one receipt (state received) for
 * each of `units` (bodies of this instance), inside the caller's
 * transaction; `receipts` gets their ids. 0 or -1 with `err`. */
int	 docs_exchange_receive(struct db *db, const struct docs_exchange_in *in,
	    const int64_t *units, int nunits, int64_t *doc_id,
	    int64_t *receipts, struct docs_err *err);
/* A document whoever reads (for building its package): 0 or -1. */
int	 docs_exchange_get(struct db *db, struct arena *a, int64_t id,
	    struct docs_doc *out);
/* Issued documents after id `after` with recipients still pending for
 * the exchange, by id: at most `max` ids into `ids`; the count or -1. */
int	 docs_exchange_pending(struct db *db, int64_t after, int64_t *ids,
	    int max);
/* Mark the outside recipient `code` of a document as sent. 0 or -1. */
int	 docs_exchange_mark_sent(struct db *db, int64_t doc_id,
	    const char *code);
/* The document, unit and state of a receipt; `recalled` 1 when its
 * document was recalled. 0, or -1 when there is none. */
int	 docs_exchange_receipt(struct db *db, int64_t receipt, int64_t *doc_id,
	    int64_t *unit_id, char state[16], int *recalled);
/* The sender recalled the document of a receipt (its receiver agreed):
 * the receipt leaves every queue of its unit and its people. 0 or -1. */
int	 docs_exchange_recall(struct db *db, int64_t receipt, const char *note);
/* The sender updated (replace 0) or replaced (1) the document of a
 * receipt: its summary, content, notation, date and, when `in` has
 * attachments, its files take the new values. 0 or -1 with `err`. */
int	 docs_exchange_amend(struct db *db, int64_t receipt,
	    const struct docs_exchange_in *in, int replace,
	    struct docs_err *err);

/* --- signatures on attachments (docs_sign_db.c) ---------------------- */

/* The owner kind of the signing requests made for attachments. */
#define DOCS_SIGN_OWNER	"docs.file"

struct docs_sign_req {
	int64_t		 id;		/* the signing request */
	int64_t		 doc_id;
	char		 token[40];	/* one-time token of the tool's URLs */
};
/* Ask the actor to sign a PDF attachment of their body's document on
 * their own PC: `role` SIGN_ROLE_LEADER (a leader, while the draft is in
 * review or approved) or SIGN_ROLE_SEAL (a clerk, once it is issued).
 * In the caller's transaction, with a history row. 0 or -1. */
int	 docs_sign_request(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t file_id, int role,
	    struct docs_sign_req *out, struct docs_err *err);
/* The handler of DOCS_SIGN_OWNER: the signed PDF `blob_hash` becomes
 * attachment `file_id`'s file. 0 or -1. */
int	 docs_sign_swap(struct db *db, int64_t file_id, const char *blob_hash);

/* --- places of signatures and the seal at issue (docs_seal_db.c) ----- */

enum docs_place_what {
	DOCS_PLACE_LEADER, DOCS_PLACE_SEAL, DOCS_PLACE_NUMBER, DOCS_PLACE_DATE,
	DOCS_PLACE_MAX
};
/* A place on the page: `page` 0 is the last page for signatures and the
 * first for the number and date; rect x1 y1 x2 y2 in PDF points. */
struct docs_place {
	int		 set;
	int		 page;
	double		 rect[4];
};
struct docs_places {
	struct docs_place p[DOCS_PLACE_MAX];
};
const char *docs_place_name(int what);	/* leader, seal, number, date */
/* Whether a document type exists (active or not). */
int	 docs_type_exists(struct db *db, int64_t type_id);
int	 docs_place_parse(const char *s);
/* The places a type sets (others: the decree's usual places). */
int	 docs_places_get(struct db *db, int64_t type_id,
	    struct docs_places *out);
/* Set (p) or clear (NULL) one place of a type (admin), audited. */
int	 docs_place_set(struct db *db, const struct docs_actor *who,
	    int64_t type_id, int what, const struct docs_place *p,
	    struct docs_err *err);

/* The body's seal key for signing at issue: a pkcs11: URI (no PIN in
 * it), the PKCS#11 module, and paths of the certificate, chain and seal
 * image. */
struct docs_seal_key {
	char		 key_uri[1024];
	char		 module[1024];
	char		 cert[1024];
	char		 chain[1024];
	char		 image[1024];
};
/* 1 with `k` filled, 0 when the body has none, -1 on error. */
int	 docs_seal_key_get(struct db *db, int64_t unit_id,
	    struct docs_seal_key *k);
/* Set (k) or remove (NULL) a body's seal key, audited. */
int	 docs_seal_key_set(struct db *db, const struct docs_actor *who,
	    int64_t unit_id, const struct docs_seal_key *k,
	    struct docs_err *err);
/* In docs_issue's transaction: when the body has a seal key, the job
 * "docs.seal" signs every PDF attachment with it (number and date
 * stamped) and then, when `send`, queues "docs.issued" for the exchange;
 * without one, "docs.issued" is queued now when `send`. 0 or -1. */
int	 docs_after_issue(struct db *db, int64_t doc_id, int64_t body,
	    int send);
int	 docs_job_seal(struct db *db, const char *payload, struct buf *err);

/* --- command line (docs_cli.c) ------------------------------------------ */

/* `congso doc ...` with argv[0] = "doc": import, search. Exit status 0
 * done, 1 system failure, 2 bad usage or input. */
int	 docs_cli(int argc, char **argv);
/* Help of `congso doc` on standard output. */
void	 docs_usage(void);
/* `congso doc seal-key|place ...` (docs_seal_cli.c) and their help. */
int	 docs_seal_cli(int argc, char **argv);
void	 docs_seal_usage(void);

/* --- wiring ------------------------------------------------------------- */

/* Routes, menu entries and job handlers; call in `serve` before the
 * server and the job worker start. */
void	 docs_register(void);
void	 docs_api_register(void);
void	 docs_page_register(void);
void	 docs_sign_register(void);

#endif
