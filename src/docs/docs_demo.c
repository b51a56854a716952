/*
 * docs_demo.c - documents for the Thái Nguyên demo (congso doc demo).
 *
 * A province trying congso wants to see its document system at work, not
 * empty queues. This loads, into a folder made by `congso init --demo
 * thai-nguyen`:
 *
 * - the year's registers of the Department of Information and
 *   Communications (Sở TTTT), brought in the way a province brings its old
 *   system's registers (docs_import_one): decisions, plans, letters and
 *   reports it issued, documents it received and handled;
 * - documents under way, each taken through the same steps a person takes
 *   on the pages, by the people who may take them: drafts of the specialist
 *   (one returned by the leader, one waiting for approval, one approved
 *   and waiting for its number), documents that other bodies of the
 *   province issued to Sở TTTT (waiting to be registered, to be directed,
 *   to be handled: one due soon, one overdue), a reply issued and its
 *   document finished, a letter issued to districts and communes, and a
 *   work file.
 *
 * Every step goes through the functions the pages and the API call, one
 * transaction each, so the numbers, histories, queues, deadlines, search
 * and audit log are what real use would have left. Dates count back from
 * today, so the queues look the same whatever day the demo is made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/db.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "docs/docs_int.h"

#define STTTT	"000.00.05.H55"		/* Sở Thông tin và Truyền thông */
#define UBND	"000.00.00.H55"		/* UBND tỉnh Thái Nguyên */
#define VPUBND	"000.00.01.H55"		/* Văn phòng UBND tỉnh */
#define SNV	"000.00.02.H55"		/* Sở Nội vụ */
#define STC	"000.00.03.H55"		/* Sở Tài chính */
#define SKHDT	"000.00.04.H55"		/* Sở Kế hoạch và Đầu tư */
#define TPTN	"000.00.41.H55"		/* UBND thành phố Thái Nguyên */
#define DONGHY	"000.00.46.H55"		/* UBND huyện Đồng Hỷ */

struct demo {
	struct db	*db;
	struct arena	 a;
	int		 today;
	int		 steps;
	int		 day;		/* the day the next steps are taken */
	int		 slot;		/* steps taken on it so far */
};

/* --- people and days ------------------------------------------------------ */

/* The actor for a person: by username, or the first active person of the
 * unit `code` who holds `role`, other than the person `other`. */
static int
actor(struct demo *m, const char *username, const char *code, unsigned role,
    int64_t other, struct docs_actor *who)
{
	struct dir_person p;
	int rc = -1;

	if ((username ? dir_person_by_username(m->db, &m->a, username, &p) :
	    dir_person_with_role(m->db, &m->a, code, role, other, &p)) == 0 &&
	    p.active)
		rc = docs_actor_init(m->db, who, p.id, p.username, p.full_name,
		    "", p.unit_id, p.roles);
	if (rc < 0)
		fprintf(stderr, "congso doc demo: không có %s%s trong dữ liệu"
		    " mẫu\n", username ? "tài khoản " : "người có vai trò cần"
		    " ở đơn vị ", username ? username : code);
	return rc;
}

/* `text` with {Y} as the year of `day` and {Y1} as the next: the demo
 * reads the same whatever year it is made. In the arena. */
static const char *
yearly(struct demo *m, const char *text, int day)
{
	char *out, *o;
	const char *p;
	int y = calendar_year(day);

	if (text == NULL)
		return NULL;
	/* "{Y}" becomes four digits: at most 4/3 of the length. */
	out = o = arena_alloc(&m->a, strlen(text) * 2 + 1);
	for (p = text; *p; p++) {
		if (strncmp(p, "{Y}", 3) == 0) {
			o += sprintf(o, "%04d", y);
			p += 2;
		} else if (strncmp(p, "{Y1}", 4) == 0) {
			o += sprintf(o, "%04d", y + 1);
			p += 3;
		} else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* --- one action, one transaction ------------------------------------------ */

/* The next steps are taken on `day`. */
static void
on(struct demo *m, int day)
{
	if (day != m->day)
		m->slot = 0;
	m->day = day;
}

/* Each step at its own time of its day, from 08:00 every 17 minutes
 * (until 16:30), so the histories read as the days went. Today's steps
 * keep the real clock, never a time still to come. */
static int
begin(struct demo *m)
{
	int min;

	if (m->day == 0 || m->day >= m->today)
		docs_clock_set(0);
	else {
		min = 8 * 60 + 17 * m->slot++;
		if (min > 16 * 60 + 30)
			min = 16 * 60 + 30;
		docs_clock_set(calendar_time_at(m->day, min));
	}
	if (db_begin(m->db) < 0) {
		fprintf(stderr, "congso doc demo: lỗi cơ sở dữ liệu: %s\n",
		    db_errmsg(m->db));
		return -1;
	}
	return 0;
}

static int
end(struct demo *m, int rc, const struct docs_err *e, const char *what)
{
	if (rc < 0) {
		db_rollback(m->db);
		fprintf(stderr, "congso doc demo: %s: %s\n", what,
		    e->message ? e->message : db_errmsg(m->db));
		return -1;
	}
	if (db_commit(m->db) < 0) {
		db_rollback(m->db);
		fprintf(stderr, "congso doc demo: %s: %s\n", what,
		    db_errmsg(m->db));
		return -1;
	}
	m->steps++;
	return 0;
}

/* --- the year's registers --------------------------------------------------- */

struct past {
	int		 back;		/* working days before today */
	const char	*direction;
	const char	*type;
	const char	*summary;
	const char	*signer;
	const char	*other;		/* in: the issuer; out: a recipient */
	const char	*notation;	/* in: the issuer's */
	const char	*urgency;
	const char	*division;	/* out công văn */
};

/* Oldest first: the outgoing ones take their numbers in this order. */
static const struct past past[] = {
	{ 215, "in", "KH", "Kế hoạch chuyển đổi số tỉnh Thái Nguyên năm {Y}",
	    "Vũ Văn Tài", UBND, "05/KH-UBND", "thuong", NULL },
	{ 210, "out", "KH", "Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi"
	    " số của Sở Thông tin và Truyền thông năm {Y}", "Hoàng Văn Thắng",
	    UBND, NULL, "thuong", NULL },
	{ 200, "out", "QĐ", "Quyết định ban hành Quy chế quản lý, sử dụng hệ"
	    " thống quản lý văn bản và điều hành của tỉnh", "Hoàng Văn Thắng",
	    VPUBND, NULL, "thuong", NULL },
	{ 190, "in", "CV", "Về việc đăng ký nhu cầu chứng thư số chuyên dùng"
	    " năm {Y}", "Lưu Hải Lâm", VPUBND, "112/VPUBND-HCTC", "khan",
	    NULL },
	{ 185, "out", "CV", "Về việc đăng ký chứng thư số chuyên dùng cho cán"
	    " bộ, công chức các sở, ngành", "Hoàng Văn Thắng", SNV, NULL,
	    "khan", "VP" },
	{ 170, "in", "QĐ", "Quyết định phê duyệt danh mục dịch vụ công trực"
	    " tuyến toàn trình năm {Y}", "Vũ Văn Tài", UBND, "418/QĐ-UBND",
	    "thuong", NULL },
	{ 160, "out", "CV", "Về việc hướng dẫn kết nối, liên thông văn bản điện"
	    " tử với Trục liên thông văn bản quốc gia", "Hoàng Văn Thắng",
	    TPTN, NULL, "thuong", "CNTT" },
	{ 150, "out", "BC", "Báo cáo tình hình ứng dụng công nghệ thông tin quý"
	    " I năm {Y}", "Hoàng Văn Thắng", UBND, NULL, "thuong", NULL },
	{ 140, "in", "CV", "Về việc báo cáo số liệu cán bộ, công chức sử dụng"
	    " thư điện tử công vụ", "Nguyễn Văn Hòa", SNV, "356/SNV-CCVC",
	    "thuong", NULL },
	{ 120, "out", "TB", "Thông báo lịch bảo trì hệ thống thư điện tử công vụ"
	    " của tỉnh", "Hoàng Văn Thắng", VPUBND, NULL, "khan", NULL },
	{ 100, "in", "CV", "Về việc thẩm định dự toán kinh phí duy trì Trung"
	    " tâm dữ liệu tỉnh năm {Y}", "Đỗ Minh Châu", STC, "1024/STC-HCSN",
	    "thuong", NULL },
	{ 95, "out", "QĐ", "Quyết định thành lập Tổ ứng cứu sự cố an toàn thông"
	    " tin mạng của tỉnh", "Hoàng Văn Thắng", UBND, NULL, "thuong",
	    NULL },
	{ 80, "out", "BC", "Báo cáo tình hình ứng dụng công nghệ thông tin 6"
	    " tháng đầu năm {Y}", "Hoàng Văn Thắng", UBND, NULL, "thuong",
	    NULL },
	{ 70, "in", "GM", "Giấy mời dự hội nghị sơ kết 6 tháng thực hiện chuyển"
	    " đổi số", "Hứa Quốc Hùng", UBND, "86/GM-UBND", "thuong_khan",
	    NULL },
	{ 60, "out", "CV", "Về việc rà soát hạ tầng mạng LAN và đường truyền số"
	    " liệu chuyên dùng tại cấp xã", "Hoàng Văn Thắng", DONGHY, NULL,
	    "thuong", "BCVT" },
	{ 45, "in", "CV", "Về việc đề xuất danh mục dự án công nghệ thông tin"
	    " năm {Y1}", "Trần Đức Long", SKHDT, "2210/SKHĐT-TH", "thuong",
	    NULL },
	{ 40, "out", "KH", "Kế hoạch diễn tập ứng cứu sự cố an toàn thông tin"
	    " mạng năm {Y}", "Hoàng Văn Thắng", UBND, NULL, "thuong", NULL },
	{ 30, "out", "CV", "Về việc cập nhật danh bạ điện tử của các cơ quan,"
	    " đơn vị trên Cổng thông tin điện tử tỉnh", "Hoàng Văn Thắng",
	    VPUBND, NULL, "thuong", "TTBCXB" },
	{ 25, "in", "CV", "Về việc triển khai họp trực tuyến không giấy tờ tại"
	    " các sở, ngành", "Lưu Hải Lâm", VPUBND, "2877/VPUBND-KGVX",
	    "khan", NULL },
};

static int
load_past(struct demo *m, const struct docs_actor *clerk)
{
	struct docs_import im;
	struct docs_err e;
	char date[11], received[11];
	int i, k, day, number, rc;
	int64_t id;

	for (i = 0; i < (int)(sizeof(past) / sizeof(past[0])); i++) {
		memset(&im, 0, sizeof(im));
		memset(&e, 0, sizeof(e));
		day = calendar_weekdays_back(m->today, past[i].back);
		im.unit = STTTT;
		im.direction = past[i].direction;
		im.type = past[i].type;
		im.date = calendar_format_iso(day, date);
		im.summary = yearly(m, past[i].summary, day);
		im.signer = past[i].signer;
		im.urgency = past[i].urgency;
		if (strcmp(past[i].direction, "in") == 0) {
			im.from = past[i].other;
			im.notation = past[i].notation;
			im.number = atoi(past[i].notation);
			/* Received the next working day. */
			im.received_on = calendar_format_iso(
			    calendar_weekdays_back(m->today, past[i].back - 1),
			    received);
		} else {
			/* Each type its own series (the default), from 01
			 * each year. */
			number = 1;
			for (k = 0; k < i; k++)
				if (strcmp(past[k].direction, "out") == 0 &&
				    strcmp(past[k].type, past[i].type) == 0 &&
				    calendar_year(calendar_weekdays_back(
				    m->today, past[k].back)) == calendar_year(day))
					number++;
			im.number = number;
			im.division = past[i].division;
			im.to[0] = past[i].other;
			im.nto = 1;
		}
		on(m, day);
		if (begin(m) < 0)
			return -1;
		rc = docs_import_one(m->db, clerk, &im, &id, &e);
		if (end(m, rc, &e, past[i].summary) < 0)
			return -1;
	}
	return 0;
}

/* --- documents under way ---------------------------------------------------- */

/* A draft of `author`: its id, or -1. */
static int64_t
draft(struct demo *m, const struct docs_actor *author, const char *type,
    const char *summary, const char *content, const char *urgency,
    const char *division, int64_t reply_to, const char *const *to)
{
	struct docs_draft d;
	struct docs_err e = { 0 };
	int64_t id = -1;
	int rc;

	memset(&d, 0, sizeof(d));
	d.type_code = type;
	d.summary = yearly(m, summary, m->day ? m->day : m->today);
	d.content = yearly(m, content, m->day ? m->day : m->today);
	d.urgency = urgency;
	d.division = division;
	d.reply_to = reply_to;
	for (; to && *to && d.nunits < DOCS_RECIPIENTS_MAX; to++)
		d.unit_codes[d.nunits++] = *to;
	if (begin(m) < 0)
		return -1;
	rc = docs_draft_create(m->db, author, &d, &id, &e);
	return end(m, rc, &e, summary) < 0 ? -1 : id;
}

static int
step(struct demo *m, const struct docs_actor *who, int64_t id, int s,
    const char *comment)
{
	struct docs_err e = { 0 };

	if (begin(m) < 0)
		return -1;
	return end(m, docs_step(m->db, who, id, s, comment, &e), &e,
	    "bước duyệt văn bản");
}

/* A step that takes its day (docs_issue, docs_in_register), on it. */
static int
on_day(struct demo *m, int (*fn)(struct db *, const struct docs_actor *,
    int64_t, int, struct docs_err *), const struct docs_actor *who,
    int64_t id, int day, const char *what)
{
	struct docs_err e = { 0 };

	on(m, day);
	if (begin(m) < 0)
		return -1;
	return end(m, fn(m->db, who, id, day, &e), &e, what);
}

static int
issue(struct demo *m, const struct docs_actor *clerk, int64_t id, int day)
{
	return on_day(m, docs_issue, clerk, id, day, "cấp số, ban hành");
}

/* A document of the body `code` drafted, approved and issued on `day` by
 * its own specialist, leader and clerk: its id, or -1. */
static int64_t
issued_by(struct demo *m, const char *code, const char *type,
    const char *summary, const char *urgency, const char *division,
    const char *const *to, int day)
{
	struct docs_actor author, leader, clerk;
	int64_t id;

	if (actor(m, NULL, code, DIR_ROLE_SPECIALIST, 0, &author) < 0 ||
	    actor(m, NULL, code, DIR_ROLE_LEADER, 0, &leader) < 0 ||
	    actor(m, NULL, code, DIR_ROLE_CLERK, 0, &clerk) < 0)
		return -1;
	on(m, day);
	if ((id = draft(m, &author, type, summary, NULL, urgency, division, 0,
	    to)) < 0 ||
	    step(m, &author, id, DOCS_STEP_SUBMIT, NULL) < 0 ||
	    step(m, &leader, id, DOCS_STEP_APPROVE, "Đồng ý ban hành.") < 0 ||
	    issue(m, &clerk, id, day) < 0)
		return -1;
	return id;
}

static int
in_register(struct demo *m, const struct docs_actor *clerk, int64_t id,
    int day)
{
	return on_day(m, docs_in_register, clerk, id, day,
	    "vào sổ văn bản đến");
}

/* The leader's direction on `day`: `main` handles it within `days`
 * working days, `co` (or 0) helps. */
static int
in_direct(struct demo *m, const struct docs_actor *leader, int64_t id,
    const char *text, int64_t main, int64_t co, int days, int day)
{
	struct docs_direction d;
	struct docs_err e = { 0 };

	memset(&d, 0, sizeof(d));
	d.text = text;
	d.main = main;
	if (co) {
		d.co[0] = co;
		d.nco = 1;
	}
	d.days = days;
	d.day = day;
	on(m, day);
	if (begin(m) < 0)
		return -1;
	return end(m, docs_in_direct(m->db, leader, id, &d, &e), &e,
	    "bút phê, giao xử lý");
}

static int
in_note(struct demo *m, const struct docs_actor *who, int64_t id,
    const char *comment, int finish)
{
	struct docs_err e = { 0 };
	int rc;

	if (begin(m) < 0)
		return -1;
	rc = finish ? docs_in_finish(m->db, who, id, comment, &e) :
	    docs_in_progress(m->db, who, id, comment, &e);
	return end(m, rc, &e, finish ? "hoàn thành xử lý" :
	    "cập nhật tiến độ");
}

/* A document another body of the province sent to Sở TTTT, and how far
 * Sở TTTT took it: days count back in working days from today. */
struct arrival {
	const char	*from;		/* the issuing body's code */
	const char	*type;
	const char	*summary;
	const char	*urgency;
	const char	*division;	/* công văn */
	int		 also_finance;	/* sent to Sở Tài chính too */
	int		 issued;
	int		 registered;	/* -1: waiting for the clerk */
	const char	*direction;	/* NULL: waiting for the leader */
	int		 directed;
	int		 days;		/* working days given */
	int		 with_co;	/* a co-handler beside the specialist */
	const char	*progress;	/* the specialist's note, if any */
};

static const struct arrival arrivals_list[] = {
	/* Directed: overdue (its id is the work file's), due soon with
	 * progress, in time. */
	{ VPUBND, "CV", "Về việc triển khai nền tảng họp không giấy tờ cho"
	    " các sở, ban, ngành", "khan", "KGVX", 0, 14, 13, "Giao chị Hương"
	    " chủ trì, báo cáo kết quả trước hạn.", 13, 5, 1, NULL },
	{ SNV, "CV", "Về việc báo cáo kết quả thực hiện cải cách hành chính"
	    " năm {Y}", "thuong", "CCHC", 0, 3, 2, "Giao chị Hương tổng hợp,"
	    " tham mưu báo cáo.", 1, 3, 0, "Đã tổng hợp số liệu của các phòng,"
	    " đang dự thảo báo cáo." },
	{ TPTN, "BC", "Báo cáo tình hình sử dụng hệ thống quản lý văn bản và"
	    " điều hành năm {Y}", "thuong", NULL, 0, 2, 1, "Giao chị Hương"
	    " nghiên cứu, tổng hợp vào báo cáo chung của Sở.", 0, 10, 0, NULL },
	/* Registered, waiting for the leader's direction. */
	{ STC, "CV", "Về việc lập dự toán kinh phí ứng dụng công nghệ thông"
	    " tin năm {Y1}", "thuong", "NS", 0, 2, 1, NULL, 0, 0, 0, NULL },
	{ SKHDT, "GM", "Giấy mời họp thẩm định dự án Trung tâm giám sát, điều"
	    " hành thông minh tỉnh", "thuong_khan", NULL, 1, 1, 0, NULL, 0, 0,
	    0, NULL },
	/* Arrived, waiting for the clerk. */
	{ VPUBND, "TB", "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi"
	    " làm việc với Sở Thông tin và Truyền thông về chuyển đổi số",
	    "thuong_khan", NULL, 0, 0, -1, NULL, 0, 0, 0, NULL },
	{ SNV, "CV", "Về việc cử cán bộ tham gia lớp bồi dưỡng kỹ năng số cho"
	    " cán bộ, công chức", "khan", "CCVC", 0, 0, -1, NULL, 0, 0, 0,
	    NULL },
};

/* The arrivals, each as far as it went; the first one's id in *first. */
static int
arrivals(struct demo *m, const struct docs_actor *clerk,
    const struct docs_actor *leader, const struct docs_actor *spec,
    const struct docs_actor *co, int64_t *first)
{
	static const char *const to_us[] = { STTTT, NULL };
	static const char *const to_us_and_finance[] = { STTTT, STC, NULL };
	const struct arrival *v;
	size_t i;
	int64_t id;
	int t = m->today;

	for (i = 0; i < sizeof(arrivals_list) / sizeof(arrivals_list[0]);
	    i++) {
		v = &arrivals_list[i];
		if ((id = issued_by(m, v->from, v->type, v->summary, v->urgency,
		    v->division, v->also_finance ? to_us_and_finance : to_us,
		    calendar_weekdays_back(t, v->issued))) < 0)
			return -1;
		if (i == 0)
			*first = id;
		if (v->registered < 0)
			continue;
		if (in_register(m, clerk, id, calendar_weekdays_back(t,
		    v->registered)) < 0)
			return -1;
		if (v->direction == NULL)
			continue;
		if (in_direct(m, leader, id, v->direction, spec->id,
		    v->with_co ? co->id : 0, v->days,
		    calendar_weekdays_back(t, v->directed)) < 0 ||
		    (v->progress && in_note(m, spec, id, v->progress, 0) < 0))
			return -1;
	}
	return 0;
}

static int
load_current(struct demo *m, const struct docs_actor *clerk,
    const struct docs_actor *leader, const struct docs_actor *spec,
    const struct docs_actor *co)
{
	static const char *const to_us[] = { STTTT, NULL };
	static const char *const to_province[] = { UBND, NULL };
	static const char *const to_local[] = { TPTN, DONGHY, NULL };
	struct docs_workfile w;
	struct docs_err e = { 0 };
	int64_t a = 0, g, h, r, x;
	int t = m->today;

	/* Received and handled: a reply issued, the document finished. */
	if ((h = issued_by(m, SNV, "CV", "Về việc rà soát, cập nhật tài khoản"
	    " thư điện tử công vụ của cán bộ nghỉ hưu, chuyển công tác",
	    "thuong", "CCVC", to_us, calendar_weekdays_back(t, 12))) < 0 ||
	    in_register(m, clerk, h, calendar_weekdays_back(t, 11)) < 0 ||
	    in_direct(m, leader, h, "Giao chị Hương rà soát, trả lời Sở Nội"
	    " vụ.", spec->id, 0, 5, calendar_weekdays_back(t, 11)) < 0)
		return -1;
	if ((r = draft(m, spec, "CV", "Về việc kết quả rà soát tài khoản thư"
	    " điện tử công vụ", "Sở Thông tin và Truyền thông đã rà soát và"
	    " khóa 214 tài khoản thư điện tử công vụ của cán bộ nghỉ hưu,"
	    " chuyển công tác theo danh sách Sở Nội vụ cung cấp.", "thuong",
	    "CNTT", h, (const char *const[]){ SNV, NULL })) < 0 ||
	    step(m, spec, r, DOCS_STEP_SUBMIT, NULL) < 0 ||
	    step(m, leader, r, DOCS_STEP_APPROVE, NULL) < 0 ||
	    issue(m, clerk, r, calendar_weekdays_back(t, 8)) < 0 ||
	    in_note(m, spec, h, "Đã trả lời bằng công văn của Sở.", 1) < 0)
		return -1;

	/* Issued by the department to a city and a district. */
	if ((x = draft(m, spec, "CV", "Về việc triển khai thư điện tử công vụ"
	    " cho cán bộ, công chức cấp xã", NULL, "thuong", "CNTT", 0,
	    to_local)) < 0 ||
	    step(m, spec, x, DOCS_STEP_SUBMIT, NULL) < 0 ||
	    step(m, leader, x, DOCS_STEP_APPROVE, NULL) < 0 ||
	    issue(m, clerk, x, calendar_weekdays_back(t, 6)) < 0)
		return -1;

	/* Documents of other bodies, at each stage of their handling. */
	if (arrivals(m, clerk, leader, spec, co, &a) < 0)
		return -1;

	/* The specialist's drafts: approved and waiting for a number,
	 * waiting for approval, returned for changes. */
	on(m, t);
	if ((g = draft(m, spec, "CV", "Về việc hướng dẫn sử dụng chữ ký số"
	    " trên văn bản điện tử", "Hướng dẫn các cơ quan, đơn vị ký số"
	    " văn bản điện tử theo Nghị định số 30/2020/NĐ-CP.", "thuong",
	    "CNTT", 0, to_local)) < 0 ||
	    step(m, spec, g, DOCS_STEP_SUBMIT, NULL) < 0 ||
	    step(m, leader, g, DOCS_STEP_APPROVE, "Đồng ý, chuyển văn thư"
	    " phát hành.") < 0)
		return -1;
	if ((g = draft(m, spec, "KH", "Kế hoạch chuyển đổi số của Sở Thông tin"
	    " và Truyền thông năm {Y1}", "Mục tiêu: 100% văn bản trao đổi"
	    " giữa các cơ quan nhà nước dưới dạng điện tử, ký số.", "thuong",
	    NULL, 0, to_province)) < 0 ||
	    step(m, spec, g, DOCS_STEP_SUBMIT, NULL) < 0)
		return -1;
	if ((g = draft(m, spec, "QĐ", "Quyết định ban hành Quy chế bảo đảm an"
	    " toàn thông tin mạng trong hoạt động của Sở", NULL, "thuong",
	    NULL, 0, to_province)) < 0 ||
	    step(m, spec, g, DOCS_STEP_SUBMIT, NULL) < 0 ||
	    step(m, leader, g, DOCS_STEP_RETURN, "Bổ sung căn cứ Nghị định số"
	    " 13/2023/NĐ-CP và phân công trách nhiệm từng phòng.") < 0)
		return -1;

	/* A work file of the specialist. */
	memset(&w, 0, sizeof(w));
	w.code = yearly(m, "CĐS-{Y}-01", t);
	w.title = yearly(m, "Triển khai họp không giấy tờ và thư điện tử công"
	    " vụ năm {Y}", t);
	w.retention = "10 năm";
	if (begin(m) < 0)
		return -1;
	if (end(m, docs_workfile_create(m->db, spec, &w, &e), &e,
	    "lập hồ sơ công việc") < 0)
		return -1;
	if (begin(m) < 0 || end(m, docs_workfile_add(m->db, spec, w.id, a,
	    &e) == 0 && docs_workfile_add(m->db, spec, w.id, h, &e) == 0 &&
	    docs_workfile_add(m->db, spec, w.id, r, &e) == 0 &&
	    docs_workfile_add(m->db, spec, w.id, x, &e) == 0 ? 0 : -1, &e,
	    "đưa văn bản vào hồ sơ") < 0)
		return -1;
	return 0;
}

int
docs_demo_load(struct db *db, int *steps)
{
	struct docs_actor clerk, leader, spec, co;
	struct demo m;
	sqlite3_stmt *st;
	int rc = -1, have = -1;

	memset(&m, 0, sizeof(m));
	m.a = (struct arena)ARENA_INIT;
	m.db = db;
	m.today = docs_today();
	*steps = 0;
	if ((st = db_prepare(db, "SELECT (SELECT count(*) FROM documents),"
	    " (SELECT count(*) FROM units WHERE code = '" STTTT "')")) ==
	    NULL)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0) > 0 ? 1 :
		    sqlite3_column_int(st, 1) == 0 ? 2 : 0;
	db_done(st);
	if (have == 1) {
		fprintf(stderr, "congso doc demo: thư mục dữ liệu đã có văn bản;"
		    " văn bản mẫu chỉ nạp vào thư mục mới tạo bằng 'congso init"
		    " --demo thai-nguyen'\n");
		rc = -2;
		goto out;
	}
	if (have == 2) {
		fprintf(stderr, "congso doc demo: không phải tỉnh mẫu (thiếu Sở"
		    " Thông tin và Truyền thông " STTTT "); tạo thư mục bằng"
		    " 'congso init --demo thai-nguyen'\n");
		rc = -2;
		goto out;
	}
	if (have < 0 ||
	    actor(&m, "vanthu", NULL, 0, 0, &clerk) < 0 ||
	    actor(&m, "lanhdao", NULL, 0, 0, &leader) < 0 ||
	    actor(&m, "chuyenvien", NULL, 0, 0, &spec) < 0 ||
	    actor(&m, NULL, STTTT, DIR_ROLE_SPECIALIST, spec.id, &co) < 0)
		goto out;
	if (load_past(&m, &clerk) < 0 ||
	    load_current(&m, &clerk, &leader, &spec, &co) < 0)
		goto out;
	if (docs_index_merge(db, 0) < 0)
		goto out;
	rc = 0;
out:
	docs_clock_set(0);
	*steps = m.steps;
	arena_release(&m.a);
	return rc;
}
