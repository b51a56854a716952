/*
 * services.h - public services and the one-stop shop (dịch vụ công trực
 * tuyến, một cửa điện tử): the catalogue of administrative procedures with
 * their application forms as data, citizens signing in with an e-mail
 * code, dossiers from draft to result returned, dossier codes
 * <unit agency code>-YYMMDD-NNNN from a per-unit daily sequence,
 * appointment dates in working days, the one-stop back office (receive,
 * ask once for a supplement, refuse, transfer, process, approve, return,
 * apologise with a new date), public tracking without personal data,
 * indicators per unit, procedure and period, and e-mail notices sent by
 * the job queue.
 *
 * Who sees what: a citizen sees their own dossiers; a member of staff
 * sees the dossiers their body (their unit, or the unit above when theirs
 * is a division) received or handles. Every query that reads dossiers
 * carries this condition in its SQL.
 *
 * Functions that change something run inside the caller's transaction
 * (BEGIN IMMEDIATE ... COMMIT), record a history row and an audit row, and
 * on failure fill a struct svc_err and return -1: the caller rolls back.
 * Strings in the structs they fill live in the arena passed to them.
 */
#ifndef CONGSO_SERVICES_H
#define CONGSO_SERVICES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/db.h"

#define SVC_CODE_MAX		64	/* bytes of a dossier code */
#define SVC_PROC_CODE_MAX	32	/* bytes of a national procedure code */
#define SVC_NAME_MAX		1000
#define SVC_TEXT_MAX		4000	/* free text: notes, legal basis */
#define SVC_FIELDS_MAX		40	/* fields of an application form */
#define SVC_OPTIONS_MAX		30	/* choices of a choice field */
#define SVC_COMPONENTS_MAX	30
#define SVC_DATA_MAX		(64 * 1024)	/* form values as JSON */
#define SVC_NUMBER_MAX		999999999999999L	/* bounds of number fields */
#define SVC_FILES_MAX		40	/* files of one dossier */
#define SVC_FILE_MAX_DEFAULT	(10L << 20)	/* settings services.file_max */
#define SVC_CUTOFF_DEFAULT	(16 * 60)	/* settings services.cutoff */
#define SVC_CODE_TTL		900	/* seconds an e-mailed code holds */
#define SVC_CODE_TRIES		5	/* wrong codes before it is void */
#define SVC_SESSION_TTL		(12 * 3600)
#define SVC_COOKIE		"cs_citizen"

enum svc_level {
	SVC_LEVEL_PROVINCE, SVC_LEVEL_DISTRICT, SVC_LEVEL_COMMUNE,
	SVC_LEVEL_MAX
};

enum svc_mode { SVC_MODE_FULL, SVC_MODE_PARTIAL, SVC_MODE_MAX };

/* States of a dossier (svc_dossiers.state). */
enum svc_state {
	SVC_DRAFT,		/* the citizen is filling it in */
	SVC_SUBMITTED,		/* waiting to be checked */
	SVC_SUPPLEMENT,		/* asked to supplement (Mẫu 02) */
	SVC_REFUSED,		/* refused (Mẫu 03) */
	SVC_RECEIVED,		/* received, appointment given (Mẫu 01) */
	SVC_TRANSFERRED,	/* at the handling unit (Mẫu 05) */
	SVC_PROCESSING,		/* processed, waiting for the leader */
	SVC_APPROVED,		/* approved, result ready */
	SVC_RETURNED,		/* result returned to the applicant */
	SVC_STATE_MAX
};

/* Steps of a dossier. */
enum svc_step {
	SVC_STEP_SUBMIT,	/* draft → submitted */
	SVC_STEP_RECEIVE,	/* submitted → received */
	SVC_STEP_SUPPLEMENT,	/* submitted → supplement, once */
	SVC_STEP_ANSWER,	/* supplement → submitted */
	SVC_STEP_REFUSE,	/* submitted → refused */
	SVC_STEP_TRANSFER,	/* received/transferred → transferred */
	SVC_STEP_PROCESS,	/* transferred → processing */
	SVC_STEP_APPROVE,	/* processing → approved */
	SVC_STEP_RETURN,	/* approved → returned */
	SVC_STEP_APOLOGY,	/* open after receipt: same state, new date */
	SVC_STEP_RATE,		/* returned: same state, once */
	SVC_STEP_MAX
};

/* Types of a form field. */
enum svc_ftype {
	SVC_F_TEXT, SVC_F_NUMBER, SVC_F_DATE, SVC_F_CHOICE, SVC_F_FILE,
	SVC_F_MAX
};

/* Named checks of a text field (no regular expressions from data). */
enum svc_check {
	SVC_CHECK_NONE, SVC_CHECK_EMAIL, SVC_CHECK_PHONE, SVC_CHECK_IDNO,
	SVC_CHECK_DIGITS, SVC_CHECK_PAST, SVC_CHECK_FUTURE, SVC_CHECK_MAX
};

/* What was wrong: an HTTP status, a stable code, the field and a
 * Vietnamese message (static or per-thread storage). */
struct svc_err {
	int		 status;
	const char	*code;
	const char	*field;
	const char	*message;
};

/* --- rules (svc_rules.c): no SQL, no HTTP ------------------------------ */

const char *svc_level_name(int l);	/* "province", "district", ... */
const char *svc_level_label(int l);	/* "Cấp tỉnh", ... */
int	 svc_level_parse(const char *s);	/* names or labels; -1 */
const char *svc_mode_name(int m);	/* "full", "partial" */
const char *svc_mode_label(int m);	/* "Toàn trình", "Một phần" */
int	 svc_mode_parse(const char *s);
const char *svc_state_name(int s);
const char *svc_state_label(int s);	/* what a citizen reads */
int	 svc_state_parse(const char *s);
const char *svc_step_name(int s);	/* "receive", ... (history rows) */
const char *svc_step_label(int s);
int	 svc_step_parse(const char *s);
/* The state a dossier goes to by `step`, or -1 when the step is not
 * allowed from `state`. A supplement is asked for once: with
 * `supplemented` set, SVC_STEP_SUPPLEMENT is refused. */
int	 svc_next(int state, int step, int supplemented);
/* Whether a state is still open for the back office (received and not
 * yet returned). */
int	 svc_state_open(int state);
/* The dossier code "<agency>-YYMMDD-NNNN" of sequence `seq` (1..9999)
 * given on `day`. 0, or -1 when a part is out of range or `out` is too
 * small. */
int	 svc_code_format(char *out, size_t outlen, const char *agency, int day,
	    int seq);
/* 1 when `s` has the shape of a dossier code (agency code, a real date,
 * four digits), else 0. */
int	 svc_code_valid(const char *s);
/* The appointment date of a dossier received on `day` at `minute` past
 * local midnight, taking `ndays` working days: counting starts on the
 * receipt day when it is a working day and the minute is before
 * `cutoff` (minutes past midnight), else on the next working day; the
 * date is `ndays` working days after that start (the start itself for
 * 0). 0, or -1 when the calendar cannot count that far. */
int	 svc_appointment(const struct calendar_list *overrides, int day,
	    int minute, int cutoff, int ndays, int *out);
/* "HH:MM" (00:00..24:00) as minutes past midnight; -1 when malformed. */
int	 svc_cutoff_parse(const char *s);
/* Whether a dossier was late: returned (or still open on `today`) after
 * its first appointment date, or apologised for. Days as calendar days;
 * first_due < 0: no appointment. */
int	 svc_is_late(int first_due, int finished, int today, int apologies);
/* Form the Vietnamese amount "1.500.000 đồng" in the arena. */
const char *svc_money(struct arena *a, long amount);

/* --- application forms and papers as data (svc_form.c) ---------------- */

struct svc_field {
	const char	*name;		/* [a-z0-9_], 1..32 bytes */
	const char	*label;
	int		 type;		/* enum svc_ftype */
	int		 required;
	long		 min, max;	/* number: bounds; text: max length */
	int		 has_min, has_max;
	int		 check;		/* enum svc_check */
	const char	*options[SVC_OPTIONS_MAX];
	int		 noptions;
	const char	*hint;
};

struct svc_form {
	struct svc_field *fields;	/* in the arena */
	int		 n;
};

struct svc_component {
	const char	*name;
	int		 originals;
	int		 copies;
	const char	*template_url;	/* "" when none */
};

/* Parse an application form definition: a JSON array of fields
 * {"name","label","type","required","min","max","check","options",
 * "hint"}; names unique. Strings are copied into the arena. 0, or -1 with
 * `err` naming what is wrong. */
int	 svc_form_parse(struct arena *a, const char *json, struct svc_form *out,
	    struct svc_err *err);
int	 svc_form_from_json(struct arena *a, json_t *arr, struct svc_form *out,
	    struct svc_err *err);
/* The same form as compact JSON (malloc'd; caller frees). */
char	*svc_form_dump(const struct svc_form *f);
/* The required papers: a JSON array of {"name","originals","copies",
 * "template"}. */
int	 svc_components_from_json(struct arena *a, json_t *arr,
	    struct svc_component **out, int *n, struct svc_err *err);
/* Check form values (a JSON object of strings or numbers) against the
 * form; values of file fields are not read; unknown keys are refused.
 * `today` is a calendar day (date checks). When `complete`, required
 * fields must be present (submission); a draft may be partial. The
 * values normalised (trimmed strings, numbers as numbers) go to *clean
 * (a new reference). 0, or -1 with `err` naming the field. */
int	 svc_form_check(const struct svc_form *f, json_t *values, int today,
	    int complete, json_t **clean, struct svc_err *err);
/* The field named `name`, or NULL. */
const struct svc_field *svc_form_field(const struct svc_form *f,
	    const char *name);

/* --- the catalogue (svc_catalog_db.c) --------------------------------- */

struct svc_procedure {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*field;
	int		 level;		/* enum svc_level */
	const char	*agency;
	int64_t		 unit_id;	/* 0: any unit of the level */
	const char	*unit_code;	/* on import: the unit by agency code */
	int		 mode;		/* enum svc_mode */
	int		 days;
	long		 fee;
	const char	*fee_text;
	const char	*result;
	const char	*legal_basis;
	const char	*components;	/* JSON array */
	const char	*form;		/* JSON array */
	int		 active;
};

struct svc_proc_query {
	const char	*q;		/* words, diacritics ignored */
	int		 level;		/* -1: any */
	const char	*field;		/* NULL: any */
	int		 active_only;
	int		 limit, offset;
};

/* A procedure by national code (active or not). 0, or -1 when none. */
int	 svc_procedure_get(struct db *db, struct arena *a, const char *code,
	    struct svc_procedure *out);
int	 svc_procedure_by_id(struct db *db, struct arena *a, int64_t id,
	    struct svc_procedure *out);
/* Matching procedures by field then code; *total counts every match.
 * The count in the page, or -1. */
int	 svc_procedures_list(struct db *db, struct arena *a,
	    const struct svc_proc_query *q, struct svc_procedure **out,
	    int *total);
/* The fields (lĩnh vực) in use, with their counts. */
struct svc_field_count {
	const char	*field;
	int		 n;
};
int	 svc_fields_list(struct db *db, struct arena *a,
	    struct svc_field_count **out);
/* Check a procedure (code shape, level, mode, days, components and form
 * parse) and insert it, or replace the one with the same code; audited
 * as "services.procedure.save" by `actor`. *created is 1 when it was new.
 * 0 or -1 with `err`. */
int	 svc_procedure_save(struct db *db, int64_t actor_id, const char *actor,
	    const char *ip, struct svc_procedure *p, int *created,
	    struct svc_err *err);
/* Fill a procedure from a JSON object with the keys of the CSV header
 * below (components and form as arrays or JSON text). Strings stay owned
 * by `o` or the arena. 0 or -1 with `err`. */
int	 svc_procedure_from_json(struct arena *a, json_t *o,
	    struct svc_procedure *p, struct svc_err *err);

/* Units that may receive a procedure's dossiers: its own unit, or the
 * units in force of its level, by name (at most `max`). Count or -1. */
struct svc_unit_opt {
	int64_t		 id;
	const char	*name;
};
int	 svc_receiving_units(struct db *db, struct arena *a,
	    const struct svc_procedure *p, struct svc_unit_opt **out, int max);

/* The columns of the catalogue's CSV, in order. */
#define SVC_CSV_HEADER "code,name,field,level,agency,unit_code,mode,days," \
	"fee,fee_text,result,legal_basis,components,form"

struct svc_import_result {
	int		 created;
	int		 updated;
	int		 failed;
	struct buf	 errors;	/* one Vietnamese line per bad row */
};
/* Import procedures from a JSON array of objects or from CSV with the
 * header SVC_CSV_HEADER; each good row is saved, each bad one described
 * in `res->errors` (which the caller releases). Runs in the caller's
 * transaction. 0, or -1 when the input cannot be read at all. */
int	 svc_import_json(struct db *db, int64_t actor_id, const char *actor,
	    const char *ip, const char *text, size_t len,
	    struct svc_import_result *res);
int	 svc_import_csv(struct db *db, int64_t actor_id, const char *actor,
	    const char *ip, const char *text, size_t len,
	    struct svc_import_result *res);

/* The whole catalogue as CSV with the header SVC_CSV_HEADER (what
 * svc_import_csv reads back), appended to `out`. 0 or -1. */
int	 svc_export_csv(struct db *db, struct buf *out);

/* Load the demo catalogue (more than 100 procedures of departments,
 * districts and communes of Thái Nguyên) into a database holding the
 * demo province; inside the caller's transaction. 0 or -1. */
int	 svc_demo_load(struct db *db);
/* Number of procedures in the demo catalogue. */
int	 svc_demo_count(void);
/* Load the demo's dossiers (svc_demo_office.c) into a folder holding the
 * demo province and no dossier yet, each step in its own transaction;
 * the steps taken go to *steps, a line for each account given the demo
 * password to `said`. 0; -2 when the folder is not a fresh demo (said on
 * stderr); -1 on failure (said on stderr). */
int	 svc_demo_office(struct db *db, int *steps, struct buf *said);
/* `congso svc ...` (svc_cli.c): an exit status. */
int	 svc_cli(int argc, char **argv);
void	 svc_usage(void);

/* --- settings (svc_settings_db.c) -------------------------------------- */

/* services.cutoff "HH:MM" in minutes (default SVC_CUTOFF_DEFAULT). */
int	 svc_cutoff(struct db *db);
/* services.file_max in bytes (default SVC_FILE_MAX_DEFAULT). */
long	 svc_file_max(struct db *db);
/* A setting's value into the arena, `def` when unset. */
const char *svc_setting(struct db *db, struct arena *a, const char *key,
	    const char *def);
/* Set one of the keys services may change (services.cutoff,
 * services.file_max, services.base_url, smtp.host, smtp.port,
 * smtp.from); checked, audited. 0 or -1 with `err`. */
int	 svc_setting_set(struct db *db, int64_t actor_id, const char *actor,
	    const char *ip, const char *key, const char *value,
	    struct svc_err *err);
/* The appointment date of a dossier received at `now` taking `ndays`
 * working days, against the stored calendar and cut-off. 0 or -1. */
int	 svc_appointment_db(struct db *db, time_t now, int ndays, int *out);
/* Local calendar day and minute of an instant. */
void	 svc_local(time_t t, int *day, int *minute);

/* --- citizens (svc_citizen_db.c) --------------------------------------- */

struct svc_citizen {
	int64_t		 id;
	const char	*email;
	const char	*full_name;
	const char	*phone;
	const char	*csrf;		/* web sessions; NULL for bearer */
};

/* 1 when `s` looks like an e-mail address we accept (at most 254 bytes,
 * one @, a dot in the domain, no spaces or control characters). */
int	 svc_email_valid(const char *s);
/* Send a sign-in code to `email` (lowercased): a new 6-digit code,
 * stored hashed with SVC_CODE_TTL, queued as an e-mail. At most one code
 * a minute per address: -2 when asked again too soon. 0 or -1. */
int	 svc_citizen_send_code(struct db *db, const char *email,
	    const char *ip);
/* Check a code and open a session of `kind` ("web", "api"), creating
 * the citizen on first sign-in (with `full_name` when given). The token
 * (32 hex) goes to `token`, the CSRF token to `csrf`. 0; -1 on a wrong
 * or expired code (counted; void after SVC_CODE_TRIES); -2 on a
 * database error. */
int	 svc_citizen_verify(struct db *db, const char *email, const char *code,
	    const char *full_name, const char *kind, const char *ip,
	    char token[33], char csrf[33], int64_t *citizen_id);
/* The citizen of the e-mail address `email` (lowercased), verified at
 * `now`: created on its first sign-in, its name set when `full_name` is
 * given. Its id in *id. 0 or -1. */
int	 svc_citizen_verified(struct db *db, const char *email,
	    const char *full_name, time_t now, int64_t *id);
/* The citizen of a session token of `kind`, or -1. */
int	 svc_citizen_by_token(struct db *db, struct arena *a, const char *token,
	    const char *kind, struct svc_citizen *out);
int	 svc_citizen_logout(struct db *db, const char *token);
/* Remove expired codes and sessions. */
int	 svc_citizen_purge(struct db *db);
/* The job "svc.purge": svc_citizen_purge, then again in an hour. */
int	 svc_job_purge(struct db *db, const char *payload, struct buf *err);

/* --- dossiers (svc_dossier_db.c, svc_office_db.c) ---------------------- */

enum svc_actor_kind { SVC_ACTOR_CITIZEN, SVC_ACTOR_STAFF, SVC_ACTOR_SYSTEM,
	SVC_ACTOR_KIND_MAX };

/* Who acts or reads. For staff body_id is the unit whose dossiers they
 * work with: their unit, or its parent when theirs is a division. */
struct svc_actor {
	int		 kind;		/* enum svc_actor_kind */
	int64_t		 id;		/* person or citizen id */
	const char	*name;		/* username or e-mail, for the audit */
	const char	*full_name;
	const char	*ip;
	int64_t		 unit_id;
	int64_t		 body_id;
	unsigned	 roles;		/* DIR_ROLE_* */
};

struct svc_dossier {
	int64_t		 id;
	const char	*code;		/* "" while a draft */
	int64_t		 procedure_id;
	const char	*procedure_code;
	const char	*procedure_name;
	int		 mode;
	int		 days;
	int64_t		 unit_id;
	const char	*unit_name;
	const char	*unit_code;
	int64_t		 citizen_id;	/* 0: entered at the counter */
	const char	*channel;	/* online, counter */
	int		 state;
	int		 supplemented;
	const char	*applicant_name;
	const char	*applicant_email;
	const char	*applicant_phone;
	const char	*applicant_idno;
	const char	*applicant_addr;
	const char	*data;		/* JSON object */
	const char	*note;
	long		 submitted_at;
	long		 received_at;
	const char	*first_due;	/* ISO; NULL before receipt */
	const char	*due;
	int		 apologies;
	int64_t		 handler_unit_id;
	const char	*handler_unit_name;
	const char	*result_text;
	long		 finished_at;
	const char	*finished_on;
	long		 fee;
	long		 paid_at;
	int		 rating;	/* 0: none */
	const char	*rating_comment;
	long		 created_at;
	long		 updated_at;
};

/* Applicant details and form values of a new or changed dossier. */
struct svc_application {
	const char	*procedure_code;
	int64_t		 unit_id;	/* receiving unit; 0: the procedure's */
	const char	*applicant_name;
	const char	*applicant_email;	/* counter only: a citizen's
						   is their verified one */
	const char	*applicant_phone;
	const char	*applicant_idno;
	const char	*applicant_addr;
	json_t		*values;	/* borrowed; NULL: unchanged */
};

/* The body of a unit (itself, or its parent for a division). 0 or -1. */
int	 svc_body_of(struct db *db, int64_t unit_id, int64_t *body);
/* A staff actor for a person. 0, or -1 when the unit is unknown. */
int	 svc_staff_actor(struct db *db, struct svc_actor *who, int64_t id,
	    const char *name, const char *full_name, const char *ip,
	    int64_t unit_id, unsigned roles);

/* Create a draft (citizen) or, at the counter (a one-stop officer of the
 * receiving unit), a dossier submitted at once. Its id in *id. */
int	 svc_dossier_create(struct db *db, const struct svc_actor *who,
	    const struct svc_application *app, time_t now, int64_t *id,
	    struct svc_err *err);
/* Change a draft's applicant details and values (its citizen). */
int	 svc_dossier_update(struct db *db, const struct svc_actor *who,
	    int64_t id, const struct svc_application *app,
	    struct svc_err *err);
/* The field of the result file: the handling unit attaches the result
 * (for a fully online procedure, the signed PDF the citizen downloads). */
#define SVC_RESULT_FIELD	"ket_qua"

/* Attach the uploaded file at `path` to a file field of a draft or of a
 * dossier asked to supplement (its citizen), or of a dossier at the
 * counter (the officer), or as SVC_RESULT_FIELD while it is handled
 * (a specialist or leader of the handling unit; round 2): size within
 * services.file_max, PDF, images, DOCX, XLSX only. The file is stored by
 * hash. */
int	 svc_dossier_attach(struct db *db, const struct svc_actor *who,
	    int64_t id, const char *field, const char *path,
	    const char *filename, size_t size, int64_t *file_id,
	    struct svc_err *err);
/* Submit a draft: every required value and file present and checked,
 * the dossier code taken from the unit's daily sequence in this
 * transaction. The code goes to `code`. */
int	 svc_dossier_submit(struct db *db, const struct svc_actor *who,
	    int64_t id, time_t now, char code[SVC_CODE_MAX],
	    struct svc_err *err);
/* The next sequence number of a unit on a local day, in the caller's
 * transaction (BEGIN IMMEDIATE, so submitters queue). Number or -1. */
int	 svc_take_sequence(struct db *db, int64_t unit_id, int day);
/* Answer a request to supplement: new values (optional) and files were
 * attached; the dossier goes back to the one-stop queue. */
int	 svc_dossier_answer(struct db *db, const struct svc_actor *who,
	    int64_t id, json_t *values, const char *comment, time_t now,
	    struct svc_err *err);
/* Rate a returned dossier 1..5 once (its citizen). */
int	 svc_dossier_rate(struct db *db, const struct svc_actor *who,
	    int64_t id, int rating, const char *comment, struct svc_err *err);

/* The back office's steps (svc_office_db.c). `comment` is the request or
 * reason (required for supplement, refuse, apology); `to_unit` the unit
 * a transfer goes to; `new_due` (ISO) the new date of an apology;
 * `result` the result text of processing. */
struct svc_action {
	int		 step;		/* enum svc_step */
	const char	*comment;
	int64_t		 to_unit;
	const char	*new_due;
	const char	*result;
};
int	 svc_dossier_act(struct db *db, const struct svc_actor *who,
	    int64_t id, const struct svc_action *act, time_t now,
	    struct svc_err *err);
/* Pay the fee online through the payment provider (its citizen): the
 * provider's reference is recorded as the receipt once it confirms. */
int	 svc_dossier_pay_online(struct db *db, const struct svc_actor *who,
	    int64_t id, time_t now, char ref[65], struct svc_err *err);
/* The owner kind of the signing requests for results: approving a fully
 * online dossier whose result is a PDF asks the approving leader to sign
 * it on their own PC (module sign); the signed PDF then replaces the
 * result the citizen downloads. */
#define SVC_SIGN_OWNER		"svc.result"
/* The handler sign calls when a result is signed (`owner_id` is the
 * result file's id): swaps the file's blob and records the step. */
int	 svc_result_signed(struct db *db, int64_t owner_id,
	    const char *blob_hash);
/* Record a fee paid at the counter (method "counter", receipt number
 * given) or confirmed by a payment provider; audited. */
int	 svc_dossier_pay(struct db *db, const struct svc_actor *who,
	    int64_t id, const char *method, const char *receipt_no,
	    const char *provider_ref, time_t now, struct svc_err *err);

/* --- reading (svc_query_db.c) ------------------------------------------ */

/* A dossier the reader may see: 0, or -1 when it does not exist or the
 * reader may not see it (the caller answers 404 either way). */
int	 svc_dossier_get(struct db *db, struct arena *a,
	    const struct svc_actor *who, int64_t id, struct svc_dossier *out);
/* Any submitted dossier by code, for public tracking: the caller shows
 * no personal data. 0 or -1. */
int	 svc_dossier_by_code(struct db *db, struct arena *a, const char *code,
	    struct svc_dossier *out);

/* Queues of the back office. */
enum svc_box {
	SVC_BOX_NEW,		/* submitted, to check (one-stop) */
	SVC_BOX_WAITING,	/* asked to supplement (one-stop) */
	SVC_BOX_TO_HANDLE,	/* transferred to the reader's body */
	SVC_BOX_TO_APPROVE,	/* processed, waiting for a leader */
	SVC_BOX_TO_RETURN,	/* approved, result to return (one-stop) */
	SVC_BOX_OVERDUE,	/* open past the appointment date */
	SVC_BOX_ALL,		/* everything the body received or handles */
	SVC_BOX_MAX
};
const char *svc_box_name(int b);
const char *svc_box_label(int b);
int	 svc_box_parse(const char *s);

struct svc_dossier_query {
	int		 box;		/* enum svc_box; -1 for a citizen */
	const char	*q;		/* code or applicant name, folded */
	const char	*from, *to;	/* ISO, on the submission's local date */
	int		 limit, offset;
};
/* Dossiers the reader may see, newest first (oldest first in the work
 * queues). Count or -1; *total counts every match. */
int	 svc_dossiers_list(struct db *db, struct arena *a,
	    const struct svc_actor *who, const struct svc_dossier_query *q,
	    struct svc_dossier **out, int *total);

struct svc_event {
	long		 at;
	const char	*actor_kind;
	const char	*actor_name;
	const char	*action;	/* svc_step_name or "create" */
	const char	*state;
	const char	*from_unit;	/* "" when none */
	const char	*to_unit;
	const char	*comment;
	const char	*due;		/* "" when none */
};
/* History of a dossier, oldest first. Count or -1. */
int	 svc_history(struct db *db, struct arena *a, int64_t dossier_id,
	    struct svc_event **out);

struct svc_file {
	int64_t		 id;
	const char	*field;
	const char	*filename;
	const char	*mime;
	const char	*hash;
	long		 size;
	int		 round;
};
int	 svc_files(struct db *db, struct arena *a, int64_t dossier_id,
	    struct svc_file **out);
/* A file of a dossier the reader may see. 0, or -1 (404 either way). */
int	 svc_file_get(struct db *db, struct arena *a,
	    const struct svc_actor *who, int64_t file_id, struct svc_file *out);

struct svc_payment {
	long		 amount;
	const char	*method;
	const char	*receipt_no;
	const char	*provider_ref;
	long		 paid_at;
};
int	 svc_payments(struct db *db, struct arena *a, int64_t dossier_id,
	    struct svc_payment **out);

/* --- indicators (svc_indicators_db.c) ---------------------------------- */

struct svc_indicator {
	int64_t		 key_id;	/* unit or procedure id */
	const char	*key_code;
	const char	*key_name;
	int		 received;	/* received in the period */
	int		 returned;
	int		 on_time;	/* returned by the first appointment */
	int		 late;
	int		 in_progress;	/* open at the end of the period */
	int		 overdue;	/* open past the date in force */
	int		 online;	/* received that came online */
	int		 supplements;
	int		 refused;
	int		 rated;
	double		 satisfaction;	/* mean rating 1..5; 0 when none */
};
/* Indicators per unit ("unit") or per procedure ("procedure") for
 * dossiers submitted from `from` to `to` (ISO, inclusive), limited to
 * one unit when `unit_id` is not 0; `today` decides what is overdue.
 * Count or -1. */
int	 svc_indicators(struct db *db, struct arena *a, const char *by,
	    const char *from, const char *to, int64_t unit_id, int today,
	    struct svc_indicator **out);

/* --- spreadsheets (svc_xlsx.c) ------------------------------------------ */

/* The tracking register (Mẫu 06) of the dossiers the reader may see,
 * submitted from `from` to `to` (ISO), as an XLSX file appended to `out`.
 * 0 or -1. */
int	 svc_register_xlsx(struct db *db, struct arena *a,
	    const struct svc_actor *who, const char *from, const char *to,
	    const char *unit_name, struct buf *out);

/* --- PDF (svc_pdf.c) ------------------------------------------------------ */

/* A paragraph of a printed form: UTF-8 text wrapped to the page, in
 * points (0: an empty line), centred or not, the QR code after it. */
struct svc_pdf_par {
	const char	*text;
	int		 size;
	int		 center;
	int		 qr_after;
};
/* An A4 PDF of the paragraphs in DejaVu Sans (embedded, searchable),
 * with the QR code of `qr_text` where a paragraph asks for it, appended
 * to `out`. 0, or -1 when the font is missing or memory runs out. */
int	 svc_pdf_render(const struct svc_pdf_par *pars, int n,
	    const char *qr_text, struct buf *out);

/* --- QR codes (svc_qr.c) ------------------------------------------------ */

/* Append an inline SVG QR code of `text` (at most 1000 bytes), drawn
 * `size` pixels wide, to `out`. The SVG holds no text from `text`. 0 or
 * -1. */
int	 svc_qr_svg(struct buf *out, const char *text, int size);

/* --- notices and payments (svc_mail.c, svc_pay.c) ----------------------- */

/* Queue an e-mail (subject and body UTF-8) in the caller's transaction:
 * the job "svc.mail" sends it through the SMTP server of settings
 * smtp.host/smtp.port/smtp.from, retried with backoff until it goes. */
int	 svc_mail_queue(struct db *db, const char *to, const char *subject,
	    const char *body);
/* The job handler: sends through SMTP, or keeps the message in the
 * Maildir named by the setting mail.folder inside the data folder (the
 * demo's "thu-di": no mail leaves a machine trying congso). */
int	 svc_job_mail(struct db *db, const char *payload, struct buf *err);
/* Send one message now. 0, or -1 with the reason in `err`. */
int	 svc_smtp_send(const char *host, int port, const char *from,
	    const char *to, const char *subject, const char *body,
	    struct buf *err);

/* A payment provider: starts a payment and confirms it. */
struct svc_pay_provider {
	const char	*name;
	/* Start paying `amount` for a dossier: a reference for the
	 * provider goes to `ref`. 0 or -1. */
	int		(*start)(const char *dossier_code, long amount,
			    char ref[65]);
	/* 1 when the payment of `ref` is confirmed, 0 when not (yet), -1 on
	 * error. */
	int		(*status)(const char *ref);
};
/* The provider in use: a test double ("thu-nghiem") until a real one is
 * written; it says so in its name and confirms every payment. */
const struct svc_pay_provider *svc_pay_provider(void);

/* --- wiring ------------------------------------------------------------ */

/* Routes, menu entries and job handlers; call in `serve` before the
 * server and the job worker start. */
void	 svc_register(void);

#endif
