/* svc_cli.c - the command line of public services: `congso svc demo`. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/data.h"
#include "services.h"

#define EXIT_OK		0
#define EXIT_SYSTEM	1
#define EXIT_USAGE	2

void
svc_usage(void)
{
	fputs("congso svc demo --data DIR\n"
	    "  Nạp hồ sơ mẫu vào thư mục vừa tạo bằng 'congso init --demo"
	    " thai-nguyen'\n"
	    "  (make demo làm việc này): hồ sơ của UBND huyện Đồng Hỷ ở mọi"
	    " hàng đợi\n"
	    "  của tài khoản thử motcua (mới nộp trực tuyến và tại quầy, chờ"
	    " bổ sung,\n"
	    "  đã từ chối, đang xử lý ở phòng chuyên môn, chờ lãnh đạo duyệt,"
	    " chờ trả\n"
	    "  kết quả, quá hạn, đã xin lỗi và hẹn lại, đã trả đúng hạn và trễ"
	    " hạn,\n"
	    "  được đánh giá), nộp bởi ba người dân thử:"
	    " nguyen.van.binh@example.com,\n"
	    "  tran.thi.hoa@example.com, le.thi.mai@example.com. Thư của bản"
	    " mẫu\n"
	    "  (mã đăng nhập, thông báo hồ sơ) không gửi đi mà được ghi vào"
	    " thư mục\n"
	    "  DIR/thu-di/new/ (Maildir; cài đặt mail.folder). Chuyên viên và"
	    " lãnh đạo\n"
	    "  Phòng Tài nguyên và Môi trường huyện Đồng Hỷ (duongthikimanh,"
	    " leducquy)\n"
	    "  nhận mật khẩu của các tài khoản mẫu để thử trọn quy trình một"
	    " cửa.\n", stdout);
}

static int
cmd_demo(const struct cli *c)
{
	struct buf said = BUF_INIT;
	int rc, steps;

	if (data_open(cli_get(c, "--data")) < 0)
		return EXIT_SYSTEM;
	rc = svc_demo_office(db_thread(), &steps, &said);
	db_thread_close();
	if (rc < 0) {
		if (rc != -2)
			fprintf(stderr, "congso svc demo: dừng sau %d bước; xóa"
			    " thư mục dữ liệu, tạo lại rồi thử lại\n", steps);
		buf_release(&said);
		return rc == -2 ? EXIT_USAGE : EXIT_SYSTEM;
	}
	printf("Đã nạp hồ sơ mẫu của UBND huyện Đồng Hỷ: %d bước xử lý\n"
	    "Tài khoản thử thêm, mật khẩu như các tài khoản mẫu:\n%s", steps,
	    said.data);
	buf_release(&said);
	return EXIT_OK;
}

int
svc_cli(int argc, char **argv)
{
	static const char *const demo_opts[] = { "--data", NULL };
	struct cli c;

	if (argc < 2) {
		fprintf(stderr, "congso svc: thiếu lệnh con (demo); xem"
		    " 'congso help svc'\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "demo") == 0) {
		if (cli_parse(&c, argc, argv, 2, demo_opts, NULL) < 0 ||
		    cli_need(&c, "--data") == NULL)
			return EXIT_USAGE;
		if (c.nargs != 0) {
			fprintf(stderr, "congso svc demo: không nhận tham số"
			    " '%s'\n", c.args[0]);
			return EXIT_USAGE;
		}
		return cmd_demo(&c);
	}
	fprintf(stderr, "congso svc: không có lệnh con '%s' (demo); xem"
	    " 'congso help svc'\n", argv[1]);
	return EXIT_USAGE;
}
