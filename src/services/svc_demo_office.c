/*
 * svc_demo_office.c - dossiers for the Thái Nguyên demo (congso svc demo).
 *
 * A province trying congso wants to see the one-stop office at work, not
 * empty queues. This loads, into a folder made by `congso init --demo
 * thai-nguyen`, a dozen dossiers of UBND huyện Đồng Hỷ (the unit of the
 * demo's one-stop officer `motcua`) in every state a back office meets:
 * new online and at the counter, asked to supplement, refused, at the
 * handling divisions, waiting for the leader, result to return, overdue,
 * put back with an apology, returned on time and late, rated.
 *
 * Every step goes through the functions the pages and the API call, one
 * transaction each, by the people who may take it, at a time of its day:
 * codes, appointment dates, histories, control slips, indicators, fees
 * and the applicants' e-mails are what real use would have left. Dates
 * count back from today in working days of the stored calendar (its
 * holidays too), the days appointments are counted in: a dossier meant
 * to be overdue is overdue whatever the season.
 *
 * The specialist and the leader of the Department of Natural Resources
 * and Environment of Đồng Hỷ whose steps the demo shows get the demo
 * password, so that a dossier can be taken through the whole office:
 * received and transferred by motcua, processed and approved by them,
 * returned by motcua.
 *
 * The demo's e-mails (sign-in codes, notices) are kept in the Maildir
 * "thu-di" of the data folder (setting mail.folder) instead of sent: a
 * citizen of the demo signs in with the code found there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data.h"
#include "directory/directory.h"
#include "directory/directory_demo.h"
#include "svc_int.h"

#define DONGHY	"000.00.46.H55"		/* UBND huyện Đồng Hỷ */
#define TUPHAP	"000.03.46.H55"		/* Phòng Tư pháp */
#define TCKH	"000.04.46.H55"		/* Phòng Tài chính - Kế hoạch */
#define TNMT	"000.05.46.H55"		/* Phòng Tài nguyên và Môi trường */
#define GDDT	"000.08.46.H55"		/* Phòng Giáo dục và Đào tạo */
#define KTHT	"000.12.46.H55"		/* Phòng Kinh tế và Hạ tầng */

#define MAIL_FOLDER	"thu-di"

struct demo {
	struct db	*db;
	struct arena	 a;
	struct calendar_list cal;	/* this year's and last year's days */
	int		 today;
	int		 steps;
	struct svc_actor onestop;
	int64_t		 dossier;	/* the dossier being made */
	const char	*what;		/* its procedure, for messages */
};

/* --- people, citizens and times ------------------------------------- */

/* The staff actor for a person: by username, or the first active person
 * of the unit `code` holding `role`. */
static int
staff(struct demo *m, const char *username, const char *code, unsigned role,
    struct svc_actor *who)
{
	struct dir_person p;
	int rc = -1;

	if ((username ? dir_person_by_username(m->db, &m->a, username, &p) :
	    dir_person_with_role(m->db, &m->a, code, role, 0, &p)) == 0 &&
	    p.active)
		rc = svc_staff_actor(m->db, who, p.id, p.username, p.full_name,
		    "", p.unit_id, p.roles);
	if (rc < 0)
		fprintf(stderr, "congso svc demo: không có %s%s trong dữ liệu"
		    " mẫu\n", username ? "tài khoản " : "người có vai trò cần"
		    " ở đơn vị ", username ? username : code);
	return rc;
}

/* A unit's id by agency code, or 0. */
static int64_t
unit_id(struct demo *m, const char *code)
{
	struct dir_unit u;

	if (dir_unit_by_code(m->db, &m->a, code, &u) == 0)
		return u.id;
	fprintf(stderr, "congso svc demo: không có đơn vị %s trong dữ liệu"
	    " mẫu\n", code);
	return 0;
}

/* A step's time, never later than the real clock: a demo made early in
 * the morning has today's steps at the time it is made. */
static time_t
cap(time_t t)
{
	time_t now = time(NULL);

	return t > now ? now : t;
}

/* The working day `n` working days before today (0: today, or the last
 * working day before it). */
static int
working_back(const struct demo *m, int n)
{
	int day = m->today;

	while (!calendar_is_working_day(&m->cal, day))
		day--;
	while (n-- > 0)
		do
			day--;
		while (!calendar_is_working_day(&m->cal, day));
	return day;
}

/* `minute` of the working day `back` working days before today. */
static time_t
when(struct demo *m, int back, int minute)
{
	return cap(calendar_time_at(working_back(m, back), minute));
}

/* --- one action, one transaction -------------------------------------- */

static int
begin(struct demo *m)
{
	if (db_begin(m->db) < 0) {
		fprintf(stderr, "congso svc demo: lỗi cơ sở dữ liệu: %s\n",
		    db_errmsg(m->db));
		return -1;
	}
	return 0;
}

static int
end(struct demo *m, int rc, const struct svc_err *e, const char *step)
{
	if (rc < 0) {
		db_rollback(m->db);
		fprintf(stderr, "congso svc demo: %s, %s: %s\n", m->what, step,
		    e->message ? e->message : db_errmsg(m->db));
		return -1;
	}
	if (db_commit(m->db) < 0) {
		db_rollback(m->db);
		fprintf(stderr, "congso svc demo: %s, %s: %s\n", m->what, step,
		    db_errmsg(m->db));
		return -1;
	}
	m->steps++;
	return 0;
}

/* A citizen who signed in with `email`. */
static int
citizen(struct demo *m, const char *email, const char *name,
    struct svc_actor *who)
{
	struct svc_err e = { 0 };
	int rc;

	memset(who, 0, sizeof(*who));
	who->kind = SVC_ACTOR_CITIZEN;
	who->name = email;
	who->full_name = name;
	who->ip = "";
	m->what = email;
	if (begin(m) < 0)
		return -1;
	rc = svc_citizen_verified(m->db, email, name, time(NULL), &who->id);
	return end(m, rc, &e, "đăng nhập");
}

/* The application: the applicant's details and the form's values as
 * JSON text. */
struct app {
	const char	*proc;
	const char	*name, *email, *phone, *idno, *addr;
	const char	*values;	/* a JSON object */
};

/* A one-page PDF "title" with the lines of `text` (split at '\n'),
 * attached to the dossier's file field `field` by `who`. */
static int
attach(struct demo *m, const struct svc_actor *who, const char *field,
    const char *filename, const char *title, const char *text)
{
	struct svc_pdf_par pars[12];
	struct buf pdf = BUF_INIT;
	struct svc_err e = { 0 };
	char *copy = arena_strdup(&m->a, text), *line, *save = NULL;
	const char *path;
	int64_t file;
	FILE *fp;
	int n = 0, rc = -1;

	pars[n++] = (struct svc_pdf_par){ "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	    11, 1, 0 };
	pars[n++] = (struct svc_pdf_par){ "Độc lập - Tự do - Hạnh phúc", 11, 1,
	    0 };
	pars[n++] = (struct svc_pdf_par){ "", 0, 0, 0 };
	pars[n++] = (struct svc_pdf_par){ title, 14, 1, 0 };
	pars[n++] = (struct svc_pdf_par){ "", 0, 0, 0 };
	for (line = strtok_r(copy, "\n", &save); line && n < 12;
	    line = strtok_r(NULL, "\n", &save))
		pars[n++] = (struct svc_pdf_par){ line, 11, 0, 0 };
	path = arena_printf(&m->a, "%s/tmp/demo-%d-%lld.pdf", data_dir(),
	    (int)getpid(), (long long)m->dossier);
	if (svc_pdf_render(pars, n, NULL, &pdf) < 0 ||
	    (fp = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "congso svc demo: không tạo được tệp %s\n",
		    filename);
		buf_release(&pdf);
		return -1;
	}
	n = fwrite(pdf.data, 1, pdf.len, fp) == pdf.len;
	if (fclose(fp) != 0 || !n) {
		unlink(path);
		buf_release(&pdf);
		fprintf(stderr, "congso svc demo: không ghi được %s\n", path);
		return -1;
	}
	if (begin(m) == 0) {
		rc = svc_dossier_attach(m->db, who, m->dossier, field, path,
		    filename, pdf.len, &file, &e);
		rc = end(m, rc, &e, "đính kèm tệp");
	}
	unlink(path);		/* gone once stored */
	buf_release(&pdf);
	return rc;
}

/* A dossier created by `who` (a citizen's draft, or at the counter by
 * the one-stop officer) at `now`; its id in m->dossier. */
static int
create(struct demo *m, const struct svc_actor *who, const struct app *ap,
    time_t now)
{
	struct svc_application app = { 0 };
	struct svc_err e = { 0 };
	json_error_t jerr;
	json_t *values;
	int rc;

	m->what = ap->proc;
	if ((values = json_loads(ap->values, 0, &jerr)) == NULL) {
		fprintf(stderr, "congso svc demo: %s: %s\n", ap->proc,
		    jerr.text);
		return -1;
	}
	app.procedure_code = ap->proc;
	app.unit_id = m->onestop.body_id;
	app.applicant_name = ap->name;
	app.applicant_email = ap->email;
	app.applicant_phone = ap->phone;
	app.applicant_idno = ap->idno;
	app.applicant_addr = ap->addr;
	app.values = values;
	if (begin(m) < 0) {
		json_decref(values);
		return -1;
	}
	rc = svc_dossier_create(m->db, who, &app, cap(now), &m->dossier, &e);
	json_decref(values);
	return end(m, rc, &e, "tạo hồ sơ");
}

static int
submit(struct demo *m, const struct svc_actor *who, time_t now)
{
	char code[SVC_CODE_MAX];
	struct svc_err e = { 0 };

	if (begin(m) < 0)
		return -1;
	return end(m, svc_dossier_submit(m->db, who, m->dossier, cap(now),
	    code, &e), &e, "nộp hồ sơ");
}

/* One step of the back office. */
static int
act(struct demo *m, const struct svc_actor *who, int step,
    const char *comment, int64_t to_unit, const char *new_due,
    const char *result, time_t now)
{
	struct svc_action a = { step, comment, to_unit, new_due, result };
	struct svc_err e = { 0 };

	if (begin(m) < 0)
		return -1;
	return end(m, svc_dossier_act(m->db, who, m->dossier, &a, cap(now),
	    &e), &e, svc_step_label(step));
}

/* The fee paid at the counter, receipt `no`. */
static int
pay(struct demo *m, const char *no, time_t now)
{
	struct svc_err e = { 0 };

	if (begin(m) < 0)
		return -1;
	return end(m, svc_dossier_pay(m->db, &m->onestop, m->dossier,
	    "counter", no, NULL, cap(now), &e), &e, "thu phí, lệ phí");
}

static int
rate(struct demo *m, const struct svc_actor *who, int stars,
    const char *comment)
{
	struct svc_err e = { 0 };

	if (begin(m) < 0)
		return -1;
	return end(m, svc_dossier_rate(m->db, who, m->dossier, stars, comment,
	    &e), &e, "đánh giá");
}

/* Received at the counter at `t`, then sent to the handling division. */
static int
receive_transfer(struct demo *m, time_t t, int64_t division)
{
	return act(m, &m->onestop, SVC_STEP_RECEIVE, NULL, 0, NULL, NULL, t) <
	    0 || act(m, &m->onestop, SVC_STEP_TRANSFER, NULL, division, NULL,
	    NULL, t + 600) < 0 ? -1 : 0;
}

/* The division's specialist processes it at `t`, its leader approves it
 * at `t2`. */
static int
process_approve(struct demo *m, const struct svc_actor *spec,
    const struct svc_actor *lead, const char *result, time_t t, time_t t2)
{
	return act(m, spec, SVC_STEP_PROCESS, NULL, 0, NULL, result, t) < 0 ||
	    act(m, lead, SVC_STEP_APPROVE, NULL, 0, NULL, NULL, t2) < 0 ?
	    -1 : 0;
}

/* --- the dossiers ---------------------------------------------------- */

#define PERSON(name, idno, phone, addr) \
	"\"ho_ten\":\"" name "\",\"so_dinh_danh\":\"" idno "\"," \
	"\"dien_thoai\":\"" phone "\",\"dia_chi\":\"" addr "\""

#define BINH_EMAIL	"nguyen.van.binh@example.com"
#define HOA_EMAIL	"tran.thi.hoa@example.com"
#define MAI_EMAIL	"le.thi.mai@example.com"

struct office {
	struct svc_actor tp_spec, tp_lead;	/* Phòng Tư pháp */
	struct svc_actor kh_spec, kh_lead;	/* Phòng Tài chính - Kế hoạch */
	struct svc_actor tn_spec, tn_lead;	/* Phòng TN&MT */
	struct svc_actor kt_spec, kt_lead;	/* Phòng Kinh tế và Hạ tầng */
	int64_t		 gddt;	/* Phòng GD&ĐT, where a dossier waits; the
				   other divisions are their people's units */
	struct svc_actor binh, hoa, mai;	/* citizens */
};

/* Online, this morning: a household business to register, not yet
 * checked. */
static int
new_online(struct demo *m, struct office *o)
{
	static const struct app ap = { "2.001973", NULL, NULL, NULL, NULL, NULL,
	    "{" PERSON("Nguyễn Văn Bình", "019085001234", "0912345678",
	    "Tổ 5, thị trấn Sông Cầu, huyện Đồng Hỷ") ","
	    "\"ten_co_so\":\"Hộ kinh doanh Bình An\","
	    "\"nganh_nghe\":\"Bán lẻ nông sản, chè Thái Nguyên\","
	    "\"von\":150000000,"
	    "\"dia_diem\":\"Số 12, tổ 5, thị trấn Sông Cầu, huyện Đồng Hỷ\"}" };
	time_t t = when(m, 0, 7 * 60 + 40);

	return create(m, &o->binh, &ap, t) < 0 ||
	    attach(m, &o->binh, "giay_de_nghi", "giay-de-nghi.pdf",
	    "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "Kính gửi: Phòng Tài chính -"
	    " Kế hoạch huyện Đồng Hỷ\nTên hộ kinh doanh: Hộ kinh doanh Bình"
	    " An\nNgành, nghề: Bán lẻ nông sản, chè Thái Nguyên\nVốn kinh"
	    " doanh: 150.000.000 đồng\nNgười đề nghị: Nguyễn Văn Bình") < 0 ||
	    submit(m, &o->binh, t) < 0 ? -1 : 0;
}

/* At the counter, today: a signature to authenticate, received,
 * processed, approved and returned the same morning. */
static int
counter_same_day(struct demo *m, struct office *o)
{
	static const struct app ap = { "2.000942", "Hoàng Văn Dũng", "",
	    "0968111222", "019092003344", "Xã Minh Lập, huyện Đồng Hỷ",
	    "{" PERSON("Hoàng Văn Dũng", "019092003344", "0968111222",
	    "Xã Minh Lập, huyện Đồng Hỷ") ","
	    "\"loai_giay_to\":\"Giấy tờ khác\",\"so_ban\":2}" };
	time_t t = when(m, 0, 8 * 60 + 5);

	return create(m, &m->onestop, &ap, t) < 0 ||
	    pay(m, "0001245", t + 120) < 0 ||
	    receive_transfer(m, t + 180, o->tp_spec.unit_id) < 0 ||
	    process_approve(m, &o->tp_spec, &o->tp_lead, "Đã chứng thực chữ"
	    " ký người dịch trên 02 bản dịch, số chứng thực 152/2026/SCT-CK.",
	    t + 1800, t + 2400) < 0 ||
	    act(m, &m->onestop, SVC_STEP_RETURN, NULL, 0, NULL, NULL,
	    t + 3000) < 0 ? -1 : 0;
}

/* Online two working days ago; asked yesterday to supplement the
 * drawings. */
static int
asked_to_supplement(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.009994", NULL, NULL, NULL, NULL,
	    NULL, "{" PERSON("Trần Thị Hoa", "019190004567", "0987654321",
	    "Xóm Na Hoàng, xã Hóa Thượng, huyện Đồng Hỷ") ","
	    "\"cong_trinh\":\"Nhà ở riêng lẻ hộ bà Trần Thị Hoa\","
	    "\"dia_diem\":\"Thửa đất số 215, tờ bản đồ số 18, xã Hóa"
	    " Thượng\",\"so_tang\":3,\"dien_tich_san\":240}" };
	time_t t = when(m, 2, 20 * 60 + 15);

	return create(m, &o->hoa, &ap, t) < 0 ||
	    attach(m, &o->hoa, "don", "don-de-nghi.pdf", "ĐƠN ĐỀ NGHỊ CẤP"
	    " GIẤY PHÉP XÂY DỰNG", "Kính gửi: UBND huyện Đồng Hỷ\nTên chủ"
	    " đầu tư: Trần Thị Hoa\nĐịa điểm: Thửa đất số 215, tờ bản đồ số"
	    " 18, xã Hóa Thượng\nQuy mô: 03 tầng, tổng diện tích sàn 240"
	    " m²") < 0 ||
	    attach(m, &o->hoa, "ban_ve", "ban-ve-mat-bang.pdf", "BẢN VẼ MẶT"
	    " BẰNG CÔNG TRÌNH", "Mặt bằng tầng 1, tầng 2, tầng 3\nTỷ lệ"
	    " 1/100") < 0 ||
	    submit(m, &o->hoa, t) < 0 ||
	    act(m, &m->onestop, SVC_STEP_SUPPLEMENT, "Bản vẽ thiết kế còn"
	    " thiếu bản vẽ mặt cắt và mặt bằng móng công trình; đề nghị bà"
	    " bổ sung theo khoản 1 Điều 46 Nghị định 15/2021/NĐ-CP.", 0,
	    NULL, NULL, when(m, 1, 9 * 60 + 20)) < 0 ? -1 : 0;
}

/* Online five working days ago; refused: the foreign paper is not
 * legalised. */
static int
refused(struct demo *m, struct office *o)
{
	static const struct app ap = { "2.000843", NULL, NULL, NULL, NULL,
	    NULL, "{" PERSON("Lê Thị Mai", "019188007788", "0915222333",
	    "Tổ 3, thị trấn Trại Cau, huyện Đồng Hỷ") ","
	    "\"loai_giay_to\":\"Văn bằng, chứng chỉ\",\"so_ban\":3}" };
	time_t t = when(m, 5, 14 * 60 + 10);

	return create(m, &o->mai, &ap, t) < 0 ||
	    attach(m, &o->mai, "ban_chinh", "bang-thac-si.pdf", "BẢN CHỤP"
	    " BẢN CHÍNH", "Bằng thạc sĩ do Đại học Quốc gia Úc cấp năm"
	    " 2022") < 0 ||
	    submit(m, &o->mai, t) < 0 ||
	    act(m, &m->onestop, SVC_STEP_REFUSE, "Văn bằng do cơ quan nước"
	    " ngoài cấp chưa được hợp pháp hóa lãnh sự, không thuộc trường"
	    " hợp được miễn; đề nghị bà hợp pháp hóa lãnh sự rồi nộp lại.",
	    0, NULL, NULL, when(m, 4, 8 * 60 + 30)) < 0 ? -1 : 0;
}

/* At the counter four working days ago: a land transfer at the
 * Department of Natural Resources. */
static int
at_division(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.004203", "Đỗ Văn Hải", "",
	    "0977456123", "019087009911", "Xã Hòa Bình, huyện Đồng Hỷ",
	    "{" PERSON("Đỗ Văn Hải", "019087009911", "0977456123",
	    "Xã Hòa Bình, huyện Đồng Hỷ") ",\"so_to\":21,\"so_thua\":348,"
	    "\"dien_tich\":312,\"muc_dich\":\"Đất ở\"}" };
	time_t t = when(m, 4, 9 * 60 + 40);

	return create(m, &m->onestop, &ap, t) < 0 ||
	    pay(m, "0001198", t + 240) < 0 ||
	    receive_transfer(m, t + 300, o->tn_spec.unit_id) < 0 ? -1 : 0;
}

/* At the counter six working days ago: processed yesterday, waiting for
 * the leader of the division. */
static int
to_approve(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.004217", "Ngô Thị Lan", "",
	    "0983777001", "019193002468", "Xã Văn Hán, huyện Đồng Hỷ",
	    "{" PERSON("Ngô Thị Lan", "019193002468", "0983777001",
	    "Xã Văn Hán, huyện Đồng Hỷ") ",\"so_to\":7,\"so_thua\":95,"
	    "\"dien_tich\":1250,\"muc_dich\":\"Đất trồng cây lâu năm\"}" };
	time_t t = when(m, 6, 10 * 60 + 15);

	return create(m, &m->onestop, &ap, t) < 0 ||
	    pay(m, "0001176", t + 200) < 0 ||
	    receive_transfer(m, t + 300, o->tn_spec.unit_id) < 0 ||
	    act(m, &o->tn_spec, SVC_STEP_PROCESS, NULL, 0, NULL, "Đủ điều"
	    " kiện cấp đổi Giấy chứng nhận; dự thảo Giấy chứng nhận trình"
	    " lãnh đạo phòng ký.", when(m, 1, 15 * 60)) < 0 ? -1 : 0;
}

/* Online two working days ago, approved today: the result to return,
 * due the next working day (on a weekend or a holiday too). */
static int
to_return(struct demo *m, struct office *o)
{
	static const struct app ap = { "2.000720", NULL, NULL, NULL, NULL,
	    NULL, "{" PERSON("Nguyễn Văn Bình", "019085001234", "0912345678",
	    "Tổ 5, thị trấn Sông Cầu, huyện Đồng Hỷ") ","
	    "\"ten_co_so\":\"Hộ kinh doanh Bình Minh\","
	    "\"nganh_nghe\":\"Bổ sung ngành: sửa chữa máy nông nghiệp\","
	    "\"dia_diem\":\"Tổ 5, thị trấn Sông Cầu, huyện Đồng Hỷ\"}" };
	time_t t = when(m, 2, 8 * 60 + 50);

	return create(m, &o->binh, &ap, t) < 0 ||
	    attach(m, &o->binh, "giay_de_nghi", "thong-bao-thay-doi.pdf",
	    "THÔNG BÁO THAY ĐỔI NỘI DUNG ĐĂNG KÝ HỘ KINH DOANH", "Tên hộ"
	    " kinh doanh: Hộ kinh doanh Bình Minh\nNội dung thay đổi: bổ sung"
	    " ngành sửa chữa máy nông nghiệp") < 0 ||
	    submit(m, &o->binh, t) < 0 ||
	    receive_transfer(m, t + 3600, o->kh_spec.unit_id) < 0 ||
	    process_approve(m, &o->kh_spec, &o->kh_lead, "Đã cấp Giấy chứng"
	    " nhận đăng ký hộ kinh doanh thay đổi lần 1, mã số hộ"
	    " 17H8001234.", when(m, 1, 14 * 60), when(m, 0, 8 * 60 + 30)) < 0 ?
	    -1 : 0;
}

/* At the counter twenty working days ago, fifteen days to take: still at
 * the Department of Economy and Infrastructure, overdue. */
static int
overdue(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.009995", "Vũ Đình Khánh", "",
	    "0904321987", "019080005522", "Tổ 12, thị trấn Sông Cầu, huyện"
	    " Đồng Hỷ", "{" PERSON("Vũ Đình Khánh", "019080005522",
	    "0904321987", "Tổ 12, thị trấn Sông Cầu, huyện Đồng Hỷ") ","
	    "\"cong_trinh\":\"Cải tạo nhà ở và cửa hàng\",\"dia_diem\":\"Số"
	    " 45, tổ 12, thị trấn Sông Cầu\",\"so_tang\":2,"
	    "\"dien_tich_san\":180}" };
	time_t t = when(m, 20, 14 * 60 + 30);

	return create(m, &m->onestop, &ap, t) < 0 ||
	    pay(m, "0000987", t + 180) < 0 ||
	    receive_transfer(m, t + 300, o->kt_spec.unit_id) < 0 ? -1 : 0;
}

/* At the counter fourteen working days ago, ten days to take: the
 * division's leader apologised with a new date. */
static int
apologised(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.004193", "Phạm Thị Hằng", "",
	    "0936555444", "019186001357", "Xã Khe Mo, huyện Đồng Hỷ",
	    "{" PERSON("Phạm Thị Hằng", "019186001357", "0936555444",
	    "Xã Khe Mo, huyện Đồng Hỷ") ",\"so_to\":12,\"so_thua\":77,"
	    "\"dien_tich\":540,\"muc_dich\":\"Đất ở\"}" };
	time_t t = when(m, 14, 9 * 60 + 10);
	char due[11];
	int d;

	if (calendar_db_due(m->db, m->today, 5, &d) < 0)
		return -1;
	calendar_format_iso(d, due);
	return create(m, &m->onestop, &ap, t) < 0 ||
	    pay(m, "0001021", t + 200) < 0 ||
	    receive_transfer(m, t + 300, o->tn_spec.unit_id) < 0 ||
	    act(m, &o->tn_lead, SVC_STEP_APOLOGY, "Cần xác minh thêm nguồn"
	    " gốc thửa đất với UBND xã Khe Mo do hồ sơ địa chính lưu trữ bị"
	    " thất lạc; Phòng Tài nguyên và Môi trường xin lỗi bà và hẹn lại"
	    " ngày trả kết quả.", 0, due, NULL, when(m, 5, 10 * 60)) < 0 ?
	    -1 : 0;
}

/* Online two working days ago: a pupil moving school, at the Department
 * of Education. */
static int
school(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.004515", NULL, NULL, NULL, NULL,
	    NULL, "{" PERSON("Trần Thị Hoa", "019190004567", "0987654321",
	    "Xóm Na Hoàng, xã Hóa Thượng, huyện Đồng Hỷ") ","
	    "\"noi_dung\":\"Xin cho con là Nguyễn Minh Khoa, học sinh lớp 7A"
	    " Trường THCS Hóa Thượng, chuyển đến Trường THCS Sông Cầu do gia"
	    " đình chuyển nơi ở.\"}" };
	time_t t = when(m, 2, 21 * 60 + 5);

	return create(m, &o->hoa, &ap, t) < 0 ||
	    attach(m, &o->hoa, "don", "don-xin-chuyen-truong.pdf", "ĐƠN XIN"
	    " CHUYỂN TRƯỜNG", "Kính gửi: Phòng Giáo dục và Đào tạo huyện"
	    " Đồng Hỷ\nHọc sinh: Nguyễn Minh Khoa, lớp 7A\nTừ Trường THCS"
	    " Hóa Thượng đến Trường THCS Sông Cầu") < 0 ||
	    submit(m, &o->hoa, t) < 0 ||
	    receive_transfer(m, when(m, 1, 8 * 60 + 15), o->gddt) < 0 ? -1 : 0;
}

/* Online twelve working days ago: returned on time, rated five stars. */
static int
returned_rated(struct demo *m, struct office *o)
{
	static const struct app ap = { "2.001973", NULL, NULL, NULL, NULL,
	    NULL, "{" PERSON("Lê Thị Mai", "019188007788", "0915222333",
	    "Tổ 3, thị trấn Trại Cau, huyện Đồng Hỷ") ","
	    "\"ten_co_so\":\"Hộ kinh doanh Mai Trà\","
	    "\"nganh_nghe\":\"Chế biến và bán chè búp khô\","
	    "\"von\":80000000,\"dia_diem\":\"Tổ 3, thị trấn Trại Cau\"}" };
	time_t t = when(m, 12, 10 * 60 + 20);

	return create(m, &o->mai, &ap, t) < 0 ||
	    attach(m, &o->mai, "giay_de_nghi", "giay-de-nghi.pdf", "GIẤY ĐỀ"
	    " NGHỊ ĐĂNG KÝ HỘ KINH DOANH", "Tên hộ kinh doanh: Hộ kinh doanh"
	    " Mai Trà\nNgành, nghề: Chế biến và bán chè búp khô\nVốn kinh"
	    " doanh: 80.000.000 đồng") < 0 ||
	    submit(m, &o->mai, t) < 0 ||
	    receive_transfer(m, t + 1800, o->kh_spec.unit_id) < 0 ||
	    process_approve(m, &o->kh_spec, &o->kh_lead, "Đã cấp Giấy chứng"
	    " nhận đăng ký hộ kinh doanh, mã số hộ 17H8001187.",
	    when(m, 11, 9 * 60), when(m, 11, 15 * 60)) < 0 ||
	    pay(m, "0001102", when(m, 10, 8 * 60 + 10)) < 0 ||
	    act(m, &m->onestop, SVC_STEP_RETURN, NULL, 0, NULL, NULL,
	    when(m, 10, 8 * 60 + 15)) < 0 ||
	    rate(m, &o->mai, 5, "Thủ tục nhanh, cán bộ một cửa hướng dẫn tận"
	    " tình.") < 0 ? -1 : 0;
}

/* At the counter eighteen working days ago, five days to take: returned
 * late, after an apology. */
static int
returned_late(struct demo *m, struct office *o)
{
	static const struct app ap = { "1.001029", "Bùi Quang Huy", "",
	    "0945678910", "019084006600", "Tổ 8, thị trấn Trại Cau, huyện"
	    " Đồng Hỷ", "{" PERSON("Bùi Quang Huy", "019084006600",
	    "0945678910", "Tổ 8, thị trấn Trại Cau, huyện Đồng Hỷ") ","
	    "\"ten_co_so\":\"Karaoke Hoàng Gia\",\"nganh_nghe\":\"Kinh"
	    " doanh dịch vụ karaoke, 4 phòng hát\","
	    "\"dia_diem\":\"Số 20, tổ 8, thị trấn Trại Cau\"}" };
	time_t t = when(m, 18, 15 * 60 + 30);
	char due[11];

	calendar_format_iso(working_back(m, 9), due);
	return create(m, &m->onestop, &ap, t) < 0 ||
	    receive_transfer(m, t + 300, o->kt_spec.unit_id) < 0 ||
	    act(m, &o->kt_lead, SVC_STEP_APOLOGY, "Cơ sở chưa đáp ứng điều"
	    " kiện phòng cháy, chữa cháy khi kiểm tra thực tế; chờ cơ sở"
	    " khắc phục để kiểm tra lại.", 0, due, NULL,
	    when(m, 12, 16 * 60)) < 0 ||
	    process_approve(m, &o->kt_spec, &o->kt_lead, "Đã cấp Giấy phép"
	    " kinh doanh dịch vụ karaoke số 05/GP-UBND.", when(m, 10, 9 * 60),
	    when(m, 10, 14 * 60)) < 0 ||
	    pay(m, "0001087", when(m, 9, 8 * 60 + 5)) < 0 ||
	    act(m, &m->onestop, SVC_STEP_RETURN, NULL, 0, NULL, NULL,
	    when(m, 9, 8 * 60 + 10)) < 0 ? -1 : 0;
}

/* The demo password for a person whose work the demo shows, and a line
 * naming the account in `said`. */
static int
account(struct demo *m, const struct svc_actor *who, const char *what,
    struct buf *said)
{
	struct dir_actor by = { 0, "demo", "" };
	struct svc_err e = { 0 };

	m->what = who->name;
	if (begin(m) < 0)
		return -1;
	if (end(m, dir_person_set_password(m->db, &by, who->id,
	    DEMO_PASSWORD), &e, "mật khẩu") < 0)
		return -1;
	buf_printf(said, "  %s (%s, %s)\n", who->name, who->full_name, what);
	return 0;
}

int
svc_demo_office(struct db *db, int *steps, struct buf *said)
{
	static int (*const dossiers[])(struct demo *, struct office *) = {
	    returned_late, returned_rated, overdue, apologised, to_approve,
	    refused, at_division, to_return, asked_to_supplement, school,
	    counter_same_day, new_online,
	};
	struct demo m;
	struct office o;
	sqlite3_stmt *st;
	size_t i;
	int rc = -1, have = -1;

	memset(&m, 0, sizeof(m));
	memset(&o, 0, sizeof(o));
	m.a = (struct arena)ARENA_INIT;
	m.db = db;
	calendar_list_init(&m.cal);
	svc_local(time(NULL), &m.today, &(int){ 0 });
	*steps = 0;
	if ((st = db_prepare(db, "SELECT (SELECT count(*) FROM svc_dossiers),"
	    " (SELECT count(*) FROM units WHERE code = '" DONGHY "')")) ==
	    NULL)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0) > 0 ? 1 :
		    sqlite3_column_int(st, 1) == 0 ? 2 : 0;
	db_done(st);
	if (have == 1 || have == 2) {
		fprintf(stderr, "congso svc demo: %s\n", have == 1 ?
		    "thư mục dữ liệu đã có hồ sơ; hồ sơ mẫu chỉ nạp vào thư mục"
		    " mới tạo bằng 'congso init --demo thai-nguyen'" :
		    "không phải tỉnh mẫu (thiếu UBND huyện Đồng Hỷ " DONGHY
		    "); tạo thư mục bằng 'congso init --demo thai-nguyen'");
		rc = -2;
		goto out;
	}
	/* The steps go back at most about two months. */
	if (have < 0 ||
	    calendar_db_load_year(db, calendar_year(m.today), &m.cal) < 0 ||
	    calendar_db_load_year(db, calendar_year(m.today) - 1, &m.cal) < 0 ||
	    staff(&m, "motcua", NULL, 0, &m.onestop) < 0 ||
	    staff(&m, NULL, TUPHAP, DIR_ROLE_SPECIALIST, &o.tp_spec) < 0 ||
	    staff(&m, NULL, TUPHAP, DIR_ROLE_LEADER, &o.tp_lead) < 0 ||
	    staff(&m, NULL, TCKH, DIR_ROLE_SPECIALIST, &o.kh_spec) < 0 ||
	    staff(&m, NULL, TCKH, DIR_ROLE_LEADER, &o.kh_lead) < 0 ||
	    staff(&m, NULL, TNMT, DIR_ROLE_SPECIALIST, &o.tn_spec) < 0 ||
	    staff(&m, NULL, TNMT, DIR_ROLE_LEADER, &o.tn_lead) < 0 ||
	    staff(&m, NULL, KTHT, DIR_ROLE_SPECIALIST, &o.kt_spec) < 0 ||
	    staff(&m, NULL, KTHT, DIR_ROLE_LEADER, &o.kt_lead) < 0 ||
	    (o.gddt = unit_id(&m, GDDT)) == 0)
		goto out;
	/* The demo's mail stays on the machine, where its reader finds the
	 * citizens' sign-in codes. */
	if (begin(&m) < 0)
		goto out;
	m.what = "mail.folder";
	if (end(&m, db_setting_set(db, "mail.folder", MAIL_FOLDER), &(struct
	    svc_err){ 0 }, "cài đặt") < 0)
		goto out;
	if (citizen(&m, BINH_EMAIL, "Nguyễn Văn Bình", &o.binh) < 0 ||
	    citizen(&m, HOA_EMAIL, "Trần Thị Hoa", &o.hoa) < 0 ||
	    citizen(&m, MAI_EMAIL, "Lê Thị Mai", &o.mai) < 0)
		goto out;
	for (i = 0; i < sizeof(dossiers) / sizeof(dossiers[0]); i++)
		if (dossiers[i](&m, &o) < 0)
			goto out;
	if (account(&m, &o.tn_spec, "chuyên viên Phòng Tài nguyên và Môi"
	    " trường huyện Đồng Hỷ", said) < 0 ||
	    account(&m, &o.tn_lead, "lãnh đạo Phòng Tài nguyên và Môi trường"
	    " huyện Đồng Hỷ", said) < 0)
		goto out;
	rc = 0;
out:
	*steps = m.steps;
	calendar_list_release(&m.cal);
	arena_release(&m.a);
	return rc;
}
