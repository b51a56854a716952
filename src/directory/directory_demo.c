/*
 * directory_demo.c - the demo province loaded by `congso init --demo`.
 *
 * Thái Nguyên as the source articles count it: 989 units exchanging
 * documents and 14,831 mail accounts. The 989 units are built from the
 * tables below:
 *
 *     1  UBND tỉnh Thái Nguyên (000.00.00.H55)
 *    31  departments and sectors                  000.00.01-31.H55
 *     9  district-level people's committees       000.00.41-49.H55
 *   180  commune, ward and town committees        000.21-52.YY.H55
 *   464  divisions:
 *          290 under departments (their offices, inspectorates, divisions,
 *              sub-departments, centres, hospitals, upper secondary
 *              schools, and the district branches of the police, military,
 *              social insurance, tax, treasury and statistics sectors)
 *            9 forest protection stations (level 4, under Chi cục Kiểm lâm)
 *          156 under district committees (18 in each of the 6 rural
 *              districts, 16 in each of the 3 cities)
 *            9 one-stop sections (level 4, under each district's office)
 *   304  party and mass-organisation bodies:
 *           16 Tỉnh ủy and 15 boards and bodies      000.00.60.H55
 *          108 9 district party committees, 11 bodies
 *              under each                            000.00.61-69.H55
 *          180 commune party committees (Đảng ủy) under their
 *              district's committee                  000.21-52.61-69.H55
 *   ---
 *   989
 *
 * Commune lists are the real ones, as far as known, as they stood between
 * 2018 and the mergers of 2024-2025; Phổ Yên's nine new wards and its own
 * change from town to city on 10 April 2022 are unit versions. Under a
 * district, divisions take ZZ 01-20 and communes 21 on; the level-4 units
 * are VVV.ZZ.YY under their division. Addresses, phone numbers and the
 * numbers inside agency codes are illustrative. People are generated: a fixed seed drives one
 * generator consumed in a fixed order, so every run writes the same rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/log.h"
#include "directory/directory.h"
#include "directory/directory_demo.h"

#define DEMO_FROM	"2015-01-01"	/* effective_from of every unit */
#define DEMO_TIME	1735689600	/* created_at, updated_at */
#define DEMO_SEED	0x54484149ull	/* "THAI" */
#define DEMO_DOMAIN	"@thainguyen.gov.vn"
#define DEMO_UNITS_CAP	1024
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DEMO_NAME_CAP	32768		/* slots of the username table */
/*
 * People are inserted this many rows to a statement. An insert into
 * people feeds the full-text index by a trigger, and FTS5 writes its
 * pending terms out at every statement: one row a statement would make
 * one index segment a person and take seconds.
 */
#define DEMO_BATCH	256
#define PERSON_COLS	9

#define R_ADMIN		DIR_ROLE_ADMIN
#define R_CLERK		DIR_ROLE_CLERK
#define R_LEADER	DIR_ROLE_LEADER
#define R_SPEC		DIR_ROLE_SPECIALIST
#define R_ONESTOP	DIR_ROLE_ONESTOP
#define R_EDITOR	DIR_ROLE_EDITOR

/* What kind of staff a unit has. */
enum ctx {
	CTX_NONE,		/* not decided yet */
	CTX_PROVINCE,
	CTX_OFFICE,
	CTX_INSPECT,
	CTX_SCHOOL,
	CTX_HEALTH,
	CTX_POLICE,
	CTX_MILITARY,
	CTX_MEDIA,
	CTX_FOREST,
	CTX_ONESTOP,
	CTX_DISTRICT,
	CTX_COMMUNE,
	CTX_PARTY,
	CTX_MAX
};

/* ---- Units: departments and sectors ---- */

/* Divisions are "Name=SHORT" separated by '|'. */
struct demo_dept {
	const char	*name;
	const char	*short_name;
	const char	*head;
	int		 ndeputy;
	const char	*street;
	const char	*divisions;
};

static const struct demo_dept depts[] = {
	{ "Văn phòng UBND tỉnh", "VPUBND", "Chánh Văn phòng", 3,
	  "số 18 đường Nha Trang, phường Trưng Vương",
	  "Phòng Hành chính - Tổ chức=HCTC|Phòng Quản trị - Tài vụ=QTTV|"
	  "Phòng Tổng hợp=TH|Phòng Kinh tế=KT|"
	  "Phòng Công nghiệp - Nông nghiệp=CNN|"
	  "Phòng Khoa giáo - Văn xã=KGVX|Phòng Nội chính=NC|"
	  "Ban Tiếp công dân tỉnh=BTCD|"
	  "Trung tâm Phục vụ hành chính công tỉnh=TTPVHCC|"
	  "Cổng Thông tin điện tử tỉnh=CTTĐT" },
	{ "Sở Nội vụ", "SNV", "Giám đốc", 2,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|"
	  "Phòng Tổ chức, biên chế và tổ chức phi chính phủ=TCBC|"
	  "Phòng Công chức, viên chức=CCVC|"
	  "Phòng Xây dựng chính quyền và công tác thanh niên=XDCQ|"
	  "Phòng Cải cách hành chính=CCHC|Ban Thi đua - Khen thưởng=BTĐKT|"
	  "Ban Tôn giáo=BTG|Chi cục Văn thư - Lưu trữ=CCVTLT" },
	{ "Sở Tài chính", "STC", "Giám đốc", 3,
	  "đường Đội Cấn, phường Trưng Vương",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Quản lý ngân sách=QLNS|"
	  "Phòng Tài chính hành chính sự nghiệp=HCSN|"
	  "Phòng Tài chính đầu tư=TCĐT|Phòng Quản lý giá và công sản=GCS|"
	  "Phòng Tài chính doanh nghiệp=TCDN" },
	{ "Sở Kế hoạch và Đầu tư", "SKHĐT", "Giám đốc", 3,
	  "đường Đội Cấn, phường Trưng Vương",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Tổng hợp, quy hoạch=THQH|"
	  "Phòng Kinh tế ngành=KTN|Phòng Khoa giáo - Văn xã=KGVX|"
	  "Phòng Đấu thầu, thẩm định và giám sát đầu tư=ĐTTĐ|"
	  "Phòng Đăng ký kinh doanh=ĐKKD|Phòng Kinh tế đối ngoại=KTĐN|"
	  "Trung tâm Xúc tiến đầu tư=TTXTĐT" },
	{ "Sở Thông tin và Truyền thông", "STTTT", "Giám đốc", 2,
	  "đường Dương Tự Minh, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Bưu chính, Viễn thông=BCVT|Phòng Công nghệ thông tin=CNTT|"
	  "Phòng Thông tin - Báo chí - Xuất bản=TTBCXB|"
	  "Trung tâm Công nghệ thông tin và Truyền thông=TTCNTT" },
	{ "Sở Tư pháp", "STP", "Giám đốc", 2,
	  "đường Cách mạng Tháng Tám, phường Phan Đình Phùng",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|"
	  "Phòng Xây dựng và kiểm tra văn bản quy phạm pháp luật=XDKTVB|"
	  "Phòng Phổ biến, giáo dục pháp luật=PBGDPL|"
	  "Phòng Hành chính tư pháp=HCTP|Phòng Bổ trợ tư pháp=BTTP|"
	  "Trung tâm Trợ giúp pháp lý nhà nước=TGPL|"
	  "Phòng Công chứng số 1=PCC1|"
	  "Trung tâm Dịch vụ đấu giá tài sản=ĐGTS" },
	{ "Sở Công Thương", "SCT", "Giám đốc", 2,
	  "đường Cách mạng Tháng Tám, phường Phan Đình Phùng",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|"
	  "Phòng Kế hoạch - Tài chính - Tổng hợp=KHTCTH|"
	  "Phòng Quản lý công nghiệp=QLCN|Phòng Quản lý thương mại=QLTM|"
	  "Phòng Quản lý năng lượng=QLNL|"
	  "Phòng Kỹ thuật an toàn - Môi trường=KTATMT|"
	  "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp=TTKC|"
	  "Trung tâm Xúc tiến thương mại=TTXTTM" },
	{ "Sở Nông nghiệp và Phát triển nông thôn", "SNN", "Giám đốc", 3,
	  "đường Bến Tượng, phường Trưng Vương",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Tổ chức cán bộ=TCCB|"
	  "Chi cục Trồng trọt và Bảo vệ thực vật=CCTTBVTV|"
	  "Chi cục Chăn nuôi và Thú y=CCCNTY|Chi cục Kiểm lâm=CCKL|"
	  "Chi cục Thủy lợi=CCTL|Chi cục Phát triển nông thôn=CCPTNT|"
	  "Chi cục Quản lý chất lượng nông lâm sản và thủy sản=CCQLCL|"
	  "Trung tâm Khuyến nông=TTKN|"
	  "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn=TTNS" },
	{ "Sở Giao thông vận tải", "SGTVT", "Giám đốc", 2,
	  "đường Phan Đình Phùng, phường Phan Đình Phùng",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Quản lý kết cấu hạ tầng giao thông=QLKCHT|"
	  "Phòng Quản lý vận tải, phương tiện và người lái=QLVT|"
	  "Phòng Quản lý chất lượng công trình giao thông=QLCL|"
	  "Ban Quản lý bảo trì đường bộ=BQLBT" },
	{ "Sở Xây dựng", "SXD", "Giám đốc", 2,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Quy hoạch - Kiến trúc=QHKT|"
	  "Phòng Quản lý hoạt động xây dựng=QLHĐXD|"
	  "Phòng Phát triển đô thị=PTĐT|"
	  "Phòng Quản lý nhà và thị trường bất động sản=QLN|"
	  "Phòng Kinh tế và Vật liệu xây dựng=KTVL|"
	  "Trung tâm Giám định chất lượng xây dựng=TTGĐ" },
	{ "Sở Tài nguyên và Môi trường", "STNMT", "Giám đốc", 3,
	  "đường Quang Trung, phường Thịnh Đán",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Đo đạc, bản đồ và viễn thám=ĐĐBĐ|"
	  "Phòng Tài nguyên nước - Khí tượng thủy văn=TNN|"
	  "Phòng Khoáng sản=KS|Chi cục Bảo vệ môi trường=CCBVMT|"
	  "Chi cục Quản lý đất đai=CCQLĐĐ|Văn phòng Đăng ký đất đai=VPĐKĐĐ|"
	  "Trung tâm Quan trắc tài nguyên và môi trường=TTQT|"
	  "Trung tâm Phát triển quỹ đất=TTPTQĐ" },
	{ "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", "Giám đốc", 3,
	  "đường Minh Cầu, phường Phan Đình Phùng",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Lao động - Việc làm=LĐVL|Phòng Giáo dục nghề nghiệp=GDNN|"
	  "Phòng Người có công=NCC|Phòng Bảo trợ xã hội=BTXH|"
	  "Phòng Bảo vệ, chăm sóc trẻ em và Bình đẳng giới=TEBĐG|"
	  "Chi cục Phòng, chống tệ nạn xã hội=CCPCTNXH|"
	  "Trung tâm Dịch vụ việc làm=TTDVVL" },
	{ "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "Giám đốc", 3,
	  "đường Hùng Vương, phường Trưng Vương",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Quản lý văn hóa=QLVH|Phòng Quản lý thể dục thể thao=QLTDTT|"
	  "Phòng Quản lý du lịch=QLDL|"
	  "Phòng Xây dựng nếp sống văn hóa và gia đình=NSVHGĐ|"
	  "Bảo tàng tỉnh=BT|Thư viện tỉnh=TV|"
	  "Trung tâm Văn hóa nghệ thuật tỉnh=TTVHNT" },
	{ "Sở Khoa học và Công nghệ", "SKHCN", "Giám đốc", 2,
	  "đường Lương Ngọc Quyến, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Quản lý khoa học=QLKH|"
	  "Phòng Quản lý công nghệ và Thị trường công nghệ=QLCNTT|"
	  "Phòng Quản lý chuyên ngành=QLCNg|"
	  "Chi cục Tiêu chuẩn - Đo lường - Chất lượng=CCTĐC|"
	  "Trung tâm Thông tin và Thống kê khoa học và công nghệ=TTTTKHCN" },
	{ "Sở Giáo dục và Đào tạo", "SGDĐT", "Giám đốc", 3,
	  "đường Cách mạng Tháng Tám, phường Phan Đình Phùng",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Tổ chức cán bộ=TCCB|"
	  "Phòng Kế hoạch - Tài chính=KHTC|Phòng Giáo dục Mầm non=GDMN|"
	  "Phòng Giáo dục Tiểu học=GDTH|Phòng Giáo dục Trung học=GDTrH|"
	  "Phòng Giáo dục thường xuyên - Chuyên nghiệp=GDTX|"
	  "Phòng Khảo thí và Kiểm định chất lượng giáo dục=KTKĐ|"
	  "Trường THPT Chuyên Thái Nguyên=THPTCTN|"
	  "Trường THPT Lương Ngọc Quyến=THPTLNQ|"
	  "Trường THPT Gang Thép=THPTGT|Trường THPT Ngô Quyền=THPTNQ|"
	  "Trường THPT Dương Tự Minh=THPTDTM|"
	  "Trường THPT Chu Văn An=THPTCVA|Trường THPT Sông Công=THPTSC|"
	  "Trường THPT Phổ Yên=THPTPY|Trường THPT Lê Hồng Phong=THPTLHP|"
	  "Trường THPT Đại Từ=THPTĐT|Trường THPT Định Hóa=THPTĐH|"
	  "Trường THPT Đồng Hỷ=THPTĐHY|Trường THPT Trại Cau=THPTTC|"
	  "Trường THPT Phú Bình=THPTPB|Trường THPT Điềm Thụy=THPTĐTH|"
	  "Trường THPT Phú Lương=THPTPL|Trường THPT Võ Nhai=THPTVN" },
	{ "Sở Y tế", "SYT", "Giám đốc", 3,
	  "đường Lương Ngọc Quyến, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Tổ chức cán bộ=TCCB|"
	  "Phòng Kế hoạch - Tài chính=KHTC|Phòng Nghiệp vụ Y=NVY|"
	  "Phòng Nghiệp vụ Dược=NVD|"
	  "Chi cục An toàn vệ sinh thực phẩm=CCATVSTP|"
	  "Chi cục Dân số - Kế hoạch hóa gia đình=CCDS|"
	  "Trung tâm Kiểm soát bệnh tật tỉnh=CDC|"
	  "Bệnh viện A Thái Nguyên=BVA|Bệnh viện C Thái Nguyên=BVC|"
	  "Bệnh viện Gang Thép=BVGT|Bệnh viện Y học cổ truyền=BVYHCT" },
	{ "Sở Ngoại vụ", "SNgV", "Giám đốc", 1,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng Sở=VP|Thanh tra Sở=TTr|Phòng Hợp tác quốc tế=HTQT|"
	  "Phòng Lãnh sự và Người Việt Nam ở nước ngoài=LS" },
	{ "Thanh tra tỉnh", "TTT", "Chánh Thanh tra", 2,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng=VP|Phòng Nghiệp vụ 1=NV1|Phòng Nghiệp vụ 2=NV2|"
	  "Phòng Nghiệp vụ 3=NV3|Phòng Giải quyết khiếu nại, tố cáo=GQKNTC|"
	  "Phòng Phòng, chống tham nhũng=PCTN" },
	{ "Ban Dân tộc", "BDT", "Trưởng ban", 2,
	  "đường Đội Cấn, phường Trưng Vương",
	  "Văn phòng=VP|Thanh tra=TTr|Phòng Chính sách=CS|"
	  "Phòng Kế hoạch - Tổng hợp=KHTH" },
	{ "Ban Quản lý các khu công nghiệp", "BQLKCN", "Trưởng ban", 2,
	  "đường Thống Nhất, phường Tân Thịnh",
	  "Văn phòng=VP|Phòng Quản lý đầu tư=QLĐT|"
	  "Phòng Quản lý doanh nghiệp=QLDN|"
	  "Phòng Quản lý quy hoạch và xây dựng=QHXD|"
	  "Phòng Quản lý môi trường=QLMT" },
	{ "Đài Phát thanh - Truyền hình Thái Nguyên", "ĐPTTH", "Giám đốc", 2,
	  "đường Cách mạng Tháng Tám, phường Phan Đình Phùng",
	  "Phòng Tổ chức - Hành chính=TCHC|Phòng Thời sự=TS|"
	  "Phòng Chuyên đề=CĐ|Phòng Kỹ thuật - Công nghệ=KTCN|"
	  "Phòng Biên tập=BT" },
	{ "Công an tỉnh", "CAT", "Giám đốc", 3,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Phòng Tham mưu=PTM|Phòng Tổ chức cán bộ=PTCCB|"
	  "Phòng Cảnh sát hình sự=PCSHS|Phòng Cảnh sát giao thông=PCSGT|"
	  "Phòng Cảnh sát quản lý hành chính về trật tự xã hội=PCSQLHC|"
	  "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ=PCCC" },
	{ "Bộ Chỉ huy Quân sự tỉnh", "BCHQS", "Chỉ huy trưởng", 2,
	  "đường Quang Trung, phường Thịnh Đán",
	  "Phòng Tham mưu=PTM|Phòng Chính trị=PCT|Phòng Hậu cần=PHC|"
	  "Phòng Kỹ thuật=PKT" },
	{ "Bảo hiểm xã hội tỉnh", "BHXH", "Giám đốc", 2,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng=VP|Phòng Quản lý thu=QLT|"
	  "Phòng Chế độ bảo hiểm xã hội=CĐBHXH|"
	  "Phòng Giám định bảo hiểm y tế=GĐBHYT|"
	  "Phòng Kế hoạch - Tài chính=KHTC|"
	  "Phòng Tiếp nhận và Trả kết quả thủ tục hành chính=TNTKQ" },
	{ "Cục Thuế tỉnh", "CT", "Cục trưởng", 3,
	  "đường Cách mạng Tháng Tám, phường Phan Đình Phùng",
	  "Văn phòng Cục Thuế=VP|"
	  "Phòng Tuyên truyền - Hỗ trợ người nộp thuế=TTHT|"
	  "Phòng Kê khai và Kế toán thuế=KKKTT|"
	  "Phòng Quản lý nợ và Cưỡng chế nợ thuế=QLN|"
	  "Phòng Thanh tra - Kiểm tra=TTKT|"
	  "Phòng Nghiệp vụ - Dự toán - Pháp chế=NVDTPC" },
	{ "Kho bạc Nhà nước Thái Nguyên", "KBNN", "Giám đốc", 2,
	  "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Văn phòng=VP|Phòng Kiểm soát chi=KSC|"
	  "Phòng Kế toán nhà nước=KTNN|Phòng Thanh tra - Kiểm tra=TTKT|"
	  "Phòng Tổ chức cán bộ=TCCB" },
	{ "Cục Thống kê tỉnh", "CTK", "Cục trưởng", 1,
	  "đường Đội Cấn, phường Trưng Vương",
	  "Phòng Tổ chức - Hành chính=TCHC|Phòng Thống kê Tổng hợp=TKTH|"
	  "Phòng Thống kê Kinh tế=TKKT|Phòng Thống kê Xã hội=TKXH" },
	{ "Ngân hàng Nhà nước - Chi nhánh tỉnh Thái Nguyên", "NHNN",
	  "Giám đốc", 2, "đường Hoàng Văn Thụ, phường Hoàng Văn Thụ",
	  "Phòng Tổng hợp, Nhân sự và Kiểm soát nội bộ=THNS|"
	  "Phòng Kế toán - Thanh toán=KTTT|"
	  "Thanh tra, giám sát ngân hàng=TTGS|"
	  "Phòng Tiền tệ - Kho quỹ và Hành chính=TTKQ" },
	{ "Báo Thái Nguyên", "BTN", "Tổng Biên tập", 2,
	  "đường Bến Tượng, phường Trưng Vương",
	  "Phòng Tổ chức - Hành chính=TCHC|Phòng Thời sự=TS|"
	  "Phòng Điện tử=ĐT|Phòng Phóng viên=PV|Phòng Thư ký tòa soạn=TKTS" },
	{ "Liên minh Hợp tác xã tỉnh", "LMHTX", "Chủ tịch", 1,
	  "đường Minh Cầu, phường Phan Đình Phùng",
	  "Văn phòng=VP|Ban Kiểm tra=BKT|"
	  "Ban Tuyên truyền - Phát triển hợp tác xã=BTT" },
	{ "Cục Quản lý thị trường tỉnh", "QLTT", "Cục trưởng", 1,
	  "đường Phan Đình Phùng, phường Phan Đình Phùng",
	  "Phòng Tổ chức - Hành chính=TCHC|Phòng Nghiệp vụ - Tổng hợp=NVTH|"
	  "Phòng Thanh tra - Pháp chế=TTPC|Đội Quản lý thị trường số 1=Đ1" },
};
#define NDEPTS	NELEM(depts)

/* Sectors with a branch in every district ("%d": "huyện Đồng Hỷ"). */
static const struct {
	const char	*dept;		/* short name of the sector */
	const char	*tmpl;
	const char	*short_name;
} branches[] = {
	{ "CAT", "Công an %d", "CA" },
	{ "BCHQS", "Ban Chỉ huy Quân sự %d", "BCHQS" },
	{ "BHXH", "Bảo hiểm xã hội %d", "BHXH" },
	{ "CT", "Chi cục Thuế %d", "CCT" },
	{ "KBNN", "Kho bạc Nhà nước %d", "KBNN" },
	{ "CTK", "Chi cục Thống kê %d", "CCTK" },
};

/* ---- Units: districts and communes ---- */

enum dtype { DT_CITY, DT_TOWN, DT_RURAL, DT_MAX };

static const char *const dt_word[DT_MAX] = { "thành phố", "thị xã", "huyện" };
static const char *const dt_party[DT_MAX] =
    { "Thành ủy", "Thị ủy", "Huyện ủy" };
static const char *const dt_youth[DT_MAX] =
    { "Thành đoàn", "Thị đoàn", "Huyện đoàn" };
static const char *const dt_pshort[DT_MAX] = { "TU", "TU", "HU" };

/*
 * Communes are '|'-separated, each led by its type: 'p' phường, 't' thị
 * trấn, 'x' xã, 'P' a xã that became a phường when the district changed
 * type (on `since`).
 */
struct demo_district {
	const char	*name;
	enum dtype	 type;
	enum dtype	 former;	/* type before `since` (or `type`) */
	const char	*since;
	const char	*slug;
	const char	*seat;
	int		 mountain;	/* more Tày, Nùng, Dao surnames */
	const char	*communes;
};

static const struct demo_district districts[] = {
	{ "Thái Nguyên", DT_CITY, DT_CITY, NULL, "tpthainguyen",
	  "phường Trưng Vương", 0,
	  "pCam Giá|pChùa Hang|pĐồng Bẩm|pĐồng Quang|pGia Sàng|"
	  "pHoàng Văn Thụ|pHương Sơn|pPhan Đình Phùng|pPhú Xá|pQuán Triều|"
	  "pQuang Trung|pQuang Vinh|pTân Lập|pTân Long|pTân Thành|"
	  "pTân Thịnh|pThịnh Đán|pTích Lương|pTrung Thành|pTrưng Vương|"
	  "pTúc Duyên|xCao Ngạn|xĐồng Liên|xHuống Thượng|xLinh Sơn|"
	  "xPhúc Hà|xPhúc Trìu|xPhúc Xuân|xQuyết Thắng|xSơn Cẩm|"
	  "xTân Cương|xThịnh Đức" },
	{ "Sông Công", DT_CITY, DT_CITY, NULL, "tpsongcong",
	  "phường Thắng Lợi", 0,
	  "pBách Quang|pCải Đan|pChâu Sơn|pLương Sơn|pMỏ Chè|pPhố Cò|"
	  "pThắng Lợi|xBá Xuyên|xBình Sơn|xTân Quang|xVinh Sơn" },
	{ "Phổ Yên", DT_CITY, DT_TOWN, "2022-04-10", "tpphoyen",
	  "phường Ba Hàng", 0,
	  "pBa Hàng|pBãi Bông|pBắc Sơn|pĐồng Tiến|PĐắc Sơn|PĐông Cao|"
	  "PHồng Tiến|PNam Tiến|PTân Hương|PTân Phú|PThuận Thành|"
	  "PTiên Phong|PTrung Thành|xMinh Đức|xPhúc Tân|xPhúc Thuận|"
	  "xThành Công|xVạn Phái" },
	{ "Đại Từ", DT_RURAL, DT_RURAL, NULL, "daitu",
	  "thị trấn Hùng Sơn", 1,
	  "tHùng Sơn|tQuân Chu|xAn Khánh|xBản Ngoại|xBình Thuận|xCát Nê|"
	  "xCù Vân|xĐức Lương|xHà Thượng|xHoàng Nông|xKhôi Kỳ|xKý Phú|"
	  "xLa Bằng|xLục Ba|xMinh Tiến|xMỹ Yên|xNa Mao|xPhú Cường|"
	  "xPhú Lạc|xPhú Thịnh|xPhú Xuyên|xPhục Linh|xPhúc Lương|"
	  "xQuân Chu|xTân Linh|xTân Thái|xTiên Hội|xVạn Thọ|xVăn Yên|"
	  "xYên Lãng" },
	{ "Định Hóa", DT_RURAL, DT_RURAL, NULL, "dinhhoa",
	  "thị trấn Chợ Chu", 1,
	  "tChợ Chu|xBảo Cường|xBảo Linh|xBình Thành|xBình Yên|"
	  "xBộc Nhiêu|xĐiềm Mặc|xĐịnh Biên|xĐồng Thịnh|xKim Phượng|"
	  "xKim Sơn|xLam Vỹ|xLinh Thông|xPhú Đình|xPhú Tiến|xPhúc Chu|"
	  "xPhượng Tiến|xQuy Kỳ|xSơn Phú|xTân Dương|xTân Thịnh|"
	  "xThanh Định|xTrung Hội|xTrung Lương" },
	{ "Đồng Hỷ", DT_RURAL, DT_RURAL, NULL, "donghy",
	  "thị trấn Sông Cầu", 1,
	  "tSông Cầu|tTrại Cau|xCây Thị|xHòa Bình|xHóa Thượng|xHóa Trung|"
	  "xHợp Tiến|xKhe Mo|xMinh Lập|xNam Hòa|xQuang Sơn|xTân Long|"
	  "xTân Lợi|xVăn Hán|xVăn Lăng" },
	{ "Phú Bình", DT_RURAL, DT_RURAL, NULL, "phubinh",
	  "thị trấn Hương Sơn", 0,
	  "tHương Sơn|xBàn Đạt|xBảo Lý|xDương Thành|xĐào Xá|xĐiềm Thụy|"
	  "xHà Châu|xKha Sơn|xLương Phú|xNga My|xNhã Lộng|xTân Đức|"
	  "xTân Hòa|xTân Khánh|xTân Kim|xTân Thành|xThanh Ninh|"
	  "xThượng Đình|xÚc Kỳ|xXuân Phương" },
	{ "Phú Lương", DT_RURAL, DT_RURAL, NULL, "phuluong",
	  "thị trấn Đu", 1,
	  "tĐu|tGiang Tiên|xCổ Lũng|xĐộng Đạt|xHợp Thành|xÔn Lương|"
	  "xPhấn Mễ|xPhú Đô|xPhủ Lý|xTức Tranh|xVô Tranh|xYên Đổ|xYên Lạc|"
	  "xYên Ninh|xYên Trạch" },
	{ "Võ Nhai", DT_RURAL, DT_RURAL, NULL, "vonhai",
	  "thị trấn Đình Cả", 1,
	  "tĐình Cả|xBình Long|xCúc Đường|xDân Tiến|xLa Hiên|xLâu Thượng|"
	  "xLiên Minh|xNghinh Tường|xPhú Thượng|xPhương Giao|xSảng Mộc|"
	  "xThần Sa|xThượng Nung|xTràng Xá|xVũ Chấn" },
};
#define NDISTRICTS	NELEM(districts)

#define FOR_CITY	1
#define FOR_RURAL	2
#define FOR_ALL		3

/* Divisions under a district's people's committee; the first is its
 * office, which holds the one-stop section. */
static const struct {
	const char	*tmpl;
	const char	*short_name;
	int		 for_type;
} district_divs[] = {
	{ "Văn phòng HĐND và UBND %d", "VP", FOR_ALL },
	{ "Phòng Nội vụ %d", "NV", FOR_ALL },
	{ "Phòng Tư pháp %d", "TP", FOR_ALL },
	{ "Phòng Tài chính - Kế hoạch %d", "TCKH", FOR_ALL },
	{ "Phòng Tài nguyên và Môi trường %d", "TNMT", FOR_ALL },
	{ "Phòng Lao động - Thương binh và Xã hội %d", "LĐTBXH", FOR_ALL },
	{ "Phòng Văn hóa và Thông tin %d", "VHTT", FOR_ALL },
	{ "Phòng Giáo dục và Đào tạo %d", "GDĐT", FOR_ALL },
	{ "Phòng Y tế %d", "YT", FOR_ALL },
	{ "Thanh tra %d", "TTr", FOR_ALL },
	{ "Phòng Kinh tế %d", "KT", FOR_CITY },
	{ "Phòng Quản lý đô thị %d", "QLĐT", FOR_CITY },
	{ "Phòng Nông nghiệp và Phát triển nông thôn %d", "NNPTNT", FOR_RURAL },
	{ "Phòng Kinh tế và Hạ tầng %d", "KTHT", FOR_RURAL },
	{ "Phòng Dân tộc %d", "DT", FOR_RURAL },
	{ "Trung tâm Dịch vụ nông nghiệp %d", "TTDVNN", FOR_RURAL },
	{ "Trung tâm Văn hóa, Thể thao và Truyền thông %d", "TTVHTTTT",
	  FOR_ALL },
	{ "Trung tâm Y tế %d", "TTYT", FOR_ALL },
	{ "Ban Quản lý dự án đầu tư xây dựng %d", "BQLDA", FOR_ALL },
	{ "Trung tâm Phát triển quỹ đất %d", "TTPTQĐ", FOR_ALL },
};

/* ---- Units: party and mass organisations ---- */

static const char province_party[] =
    "Văn phòng Tỉnh ủy=VPTU|Ban Tổ chức Tỉnh ủy=BTCTU|"
    "Ban Tuyên giáo Tỉnh ủy=BTGTU|Ban Dân vận Tỉnh ủy=BDVTU|"
    "Ban Nội chính Tỉnh ủy=BNCTU|Ủy ban Kiểm tra Tỉnh ủy=UBKTTU|"
    "Trường Chính trị tỉnh=TCT|Đảng ủy Khối các cơ quan tỉnh=ĐUKCCQ|"
    "Đảng ủy Khối Doanh nghiệp tỉnh=ĐUKDN|Ủy ban MTTQ Việt Nam tỉnh=MTTQ|"
    "Tỉnh đoàn Thái Nguyên=TĐ|Hội Liên hiệp Phụ nữ tỉnh=HLHPN|"
    "Hội Nông dân tỉnh=HND|Hội Cựu chiến binh tỉnh=HCCB|"
    "Liên đoàn Lao động tỉnh=LĐLĐ";

/* "%p": "Huyện ủy Đồng Hỷ", "%y": "Huyện đoàn Đồng Hỷ". */
static const struct {
	const char	*tmpl;
	const char	*short_name;
} district_party[] = {
	{ "Văn phòng %p", "VP" },
	{ "Ban Tổ chức %p", "BTC" },
	{ "Ban Tuyên giáo %p", "BTG" },
	{ "Ban Dân vận %p", "BDV" },
	{ "Ủy ban Kiểm tra %p", "UBKT" },
	{ "Trung tâm Chính trị %d", "TTCT" },
	{ "Ủy ban MTTQ Việt Nam %d", "MTTQ" },
	{ "%y", "ĐTN" },
	{ "Hội Liên hiệp Phụ nữ %d", "HLHPN" },
	{ "Hội Nông dân %d", "HND" },
	{ "Hội Cựu chiến binh %d", "HCCB" },
};

/* Title of a unit's head, from the start of its name. */
static const struct {
	const char	*prefix;
	const char	*head;
} heads[] = {
	{ "Văn phòng Đăng ký", "Giám đốc" },
	{ "Văn phòng", "Chánh Văn phòng" },
	{ "Thanh tra", "Chánh Thanh tra" },
	{ "Phòng", "Trưởng phòng" },
	{ "Chi cục", "Chi cục trưởng" },
	{ "Cục", "Cục trưởng" },
	{ "Trung tâm", "Giám đốc" },
	{ "Ban Chỉ huy", "Chỉ huy trưởng" },
	{ "Ban", "Trưởng ban" },
	{ "Trường", "Hiệu trưởng" },
	{ "Bệnh viện", "Giám đốc" },
	{ "Bảo tàng", "Giám đốc" },
	{ "Thư viện", "Giám đốc" },
	{ "Cổng", "Giám đốc" },
	{ "Kho bạc", "Giám đốc" },
	{ "Bảo hiểm", "Giám đốc" },
	{ "Hạt", "Hạt trưởng" },
	{ "Bộ phận", "Tổ trưởng" },
	{ "Đội", "Đội trưởng" },
	{ "Công an", "Trưởng Công an" },
	{ "Ủy ban Kiểm tra", "Chủ nhiệm" },
	{ "Ủy ban MTTQ", "Chủ tịch" },
	{ "Hội", "Chủ tịch" },
	{ "Liên đoàn", "Chủ tịch" },
	{ "Đảng ủy", "Bí thư" },
	{ "Tỉnh đoàn", "Bí thư" },
	{ "Thành đoàn", "Bí thư" },
	{ "Thị đoàn", "Bí thư" },
	{ "Huyện đoàn", "Bí thư" },
};

/* Kind of staff, from the start of a unit's name. */
static const struct {
	const char	*prefix;
	enum ctx	 ctx;
} ctx_rules[] = {
	{ "Trường", CTX_SCHOOL },
	{ "Bệnh viện", CTX_HEALTH },
	{ "Trung tâm Y tế", CTX_HEALTH },
	{ "Trung tâm Kiểm soát bệnh tật", CTX_HEALTH },
	{ "Thanh tra", CTX_INSPECT },
	{ "Hạt Kiểm lâm", CTX_FOREST },
	{ "Chi cục Kiểm lâm", CTX_FOREST },
	{ "Bộ phận Một cửa", CTX_ONESTOP },
	{ "Trung tâm Phục vụ hành chính công", CTX_ONESTOP },
	{ "Cổng Thông tin", CTX_MEDIA },
	{ "Trung tâm Văn hóa, Thể thao và Truyền thông", CTX_MEDIA },
	{ "Đài", CTX_MEDIA },
	{ "Báo", CTX_MEDIA },
	{ "Công an", CTX_POLICE },
	{ "Ban Chỉ huy Quân sự", CTX_MILITARY },
	{ "Bộ Chỉ huy Quân sự", CTX_MILITARY },
};

/* Share of the staff by kind of unit (relative weights). */
static const int ctx_weight[CTX_MAX] = {
	[CTX_OFFICE] = 8, [CTX_INSPECT] = 8, [CTX_SCHOOL] = 22,
	[CTX_HEALTH] = 26, [CTX_POLICE] = 14, [CTX_MILITARY] = 10,
	[CTX_MEDIA] = 10, [CTX_FOREST] = 6, [CTX_ONESTOP] = 10,
};

/* ---- People ---- */

struct wtext {
	const char	*s;
	unsigned	 w;
};

/* Surnames; the second weight applies in mountain districts. */
static const struct {
	const char	*s;
	unsigned	 w, wmountain;
} surnames[] = {
	{ "Nguyễn", 300, 240 }, { "Trần", 80, 60 }, { "Lê", 70, 55 },
	{ "Phạm", 50, 40 }, { "Hoàng", 45, 55 }, { "Vũ", 30, 22 },
	{ "Dương", 30, 30 }, { "Đặng", 22, 18 }, { "Bùi", 22, 16 },
	{ "Đỗ", 22, 16 }, { "Ngô", 16, 12 }, { "Đinh", 14, 14 },
	{ "Đào", 12, 10 }, { "Phan", 12, 9 }, { "Trịnh", 10, 8 },
	{ "Lương", 10, 16 }, { "Lý", 8, 14 }, { "Chu", 7, 8 },
	{ "Cao", 7, 6 }, { "Lưu", 7, 6 }, { "Mai", 6, 5 }, { "Tạ", 5, 4 },
	{ "Hồ", 5, 4 }, { "Tô", 5, 4 }, { "Lâm", 4, 5 }, { "Nghiêm", 3, 2 },
	{ "Quách", 2, 2 }, { "Hà", 20, 45 }, { "Nông", 14, 40 },
	{ "Ma", 12, 40 }, { "Triệu", 8, 25 }, { "Đàm", 6, 15 },
	{ "Lường", 5, 14 }, { "La", 4, 12 }, { "Hứa", 3, 8 },
	{ "Mạc", 3, 6 },
};

static const struct wtext middle_m[] = {
	{ "Văn", 40 }, { "Đức", 10 }, { "Minh", 8 }, { "Quang", 6 },
	{ "Xuân", 5 }, { "Hữu", 5 }, { "Công", 5 }, { "Thanh", 5 },
	{ "Mạnh", 4 }, { "Ngọc", 4 }, { "Quốc", 4 }, { "Đình", 4 },
	{ "Tuấn", 3 }, { "Trung", 3 }, { "Duy", 3 }, { "Tiến", 3 },
	{ "Việt", 3 }, { "Hải", 3 }, { "Thế", 3 }, { "Trọng", 3 },
	{ "Huy", 2 }, { "Anh", 2 },
};

static const struct wtext middle_f[] = {
	{ "Thị", 55 }, { "Thu", 6 }, { "Ngọc", 5 }, { "Thanh", 5 },
	{ "Hồng", 4 }, { "Minh", 4 }, { "Phương", 3 }, { "Thúy", 3 },
	{ "Kim", 3 }, { "Thùy", 3 }, { "Bích", 2 }, { "Hải", 2 },
	{ "Hoài", 2 }, { "Diệu", 2 }, { "Khánh", 2 }, { "Mai", 2 },
	{ "Lan", 2 }, { "Quỳnh", 2 },
};

/* A second middle name after "Thị" (three times in ten). */
static const char *const middle_f2[] = {
	"Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Thúy", "Phương",
	"Bích", "Mai",
};

static const char *const given_m[] = {
	"An", "Anh", "Bảo", "Bình", "Chiến", "Cường", "Công", "Dũng", "Duy",
	"Đạt", "Định", "Đông", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiệp",
	"Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang", "Khánh", "Khoa",
	"Kiên", "Lâm", "Linh", "Long", "Lộc", "Lợi", "Luân", "Mạnh", "Minh",
	"Nam", "Nghĩa", "Ngọc", "Nhật", "Phong", "Phú", "Phúc", "Phương",
	"Quân", "Quang", "Quý", "Sơn", "Tài", "Tâm", "Tân", "Thái", "Thắng",
	"Thành", "Thiện", "Thịnh", "Thuận", "Tiến", "Toàn", "Trọng", "Trung",
	"Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Vượng",
};

static const char *const given_f[] = {
	"An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Cúc", "Diệp", "Dung",
	"Duyên", "Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa",
	"Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Liễu",
	"Linh", "Loan", "Ly", "Mai", "Minh", "My", "Nga", "Ngân", "Ngọc",
	"Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Sen",
	"Tâm", "Thảo", "Thoa", "Thơm", "Thu", "Thủy", "Thư", "Trang", "Trinh",
	"Tuyết", "Uyên", "Vân", "Xuân", "Yến",
};

/* Mobile prefixes of the main networks. */
static const char *const mobile[] = {
	"096", "097", "098", "086", "091", "094", "088", "090", "093", "089",
	"083", "085", "081", "092",
};

/* A position, the roles it carries and the share of women (per mille). */
struct slot {
	const char	*position;
	unsigned	 roles;
	unsigned	 female;
	unsigned	 w;		/* weight among a context's staff */
};

#define STAFF_MAX	8
static const struct slot staff[CTX_MAX][STAFF_MAX] = {
	[CTX_OFFICE] = {
		{ "Chuyên viên", R_SPEC, 550, 50 },
		{ "Chuyên viên chính", R_SPEC, 450, 15 },
		{ "Cán sự", R_SPEC, 600, 6 },
		{ "Kế toán", R_SPEC, 800, 5 },
		{ "Văn thư", R_CLERK, 850, 3 },
		{ "Lưu trữ viên", R_CLERK, 800, 2 },
		{ "Nhân viên", 0, 500, 4 },
	},
	[CTX_INSPECT] = {
		{ "Thanh tra viên", R_SPEC, 400, 40 },
		{ "Thanh tra viên chính", R_SPEC, 350, 12 },
		{ "Chuyên viên", R_SPEC, 550, 10 },
		{ "Văn thư", R_CLERK, 850, 2 },
	},
	[CTX_SCHOOL] = {
		{ "Giáo viên", R_SPEC, 720, 70 },
		{ "Kế toán", R_SPEC, 850, 3 },
		{ "Văn thư", R_CLERK, 900, 3 },
		{ "Nhân viên", 0, 700, 4 },
	},
	[CTX_HEALTH] = {
		{ "Bác sĩ", R_SPEC, 500, 30 },
		{ "Điều dưỡng", R_SPEC, 850, 30 },
		{ "Dược sĩ", R_SPEC, 700, 6 },
		{ "Kỹ thuật viên", R_SPEC, 500, 6 },
		{ "Kế toán", R_SPEC, 850, 3 },
		{ "Văn thư", R_CLERK, 900, 2 },
	},
	[CTX_POLICE] = {
		{ "Cán bộ", R_SPEC, 150, 60 },
		{ "Điều tra viên", R_SPEC, 100, 10 },
		{ "Văn thư", R_CLERK, 600, 3 },
	},
	[CTX_MILITARY] = {
		{ "Trợ lý", R_SPEC, 100, 50 },
		{ "Văn thư", R_CLERK, 500, 3 },
		{ "Nhân viên", 0, 300, 5 },
	},
	[CTX_MEDIA] = {
		{ "Biên tập viên", R_EDITOR | R_SPEC, 550, 20 },
		{ "Phóng viên", R_SPEC, 500, 30 },
		{ "Kỹ thuật viên", R_SPEC, 200, 10 },
		{ "Văn thư", R_CLERK, 850, 2 },
	},
	[CTX_FOREST] = {
		{ "Kiểm lâm viên", R_SPEC, 200, 50 },
		{ "Văn thư", R_CLERK, 800, 2 },
	},
	[CTX_ONESTOP] = {
		{ "Công chức một cửa", R_ONESTOP, 650, 50 },
		{ "Chuyên viên", R_SPEC, 550, 5 },
	},
	[CTX_DISTRICT] = {
		{ "Công chức một cửa", R_ONESTOP, 650, 20 },
		{ "Chuyên viên", R_SPEC, 550, 40 },
		{ "Văn thư", R_CLERK, 850, 3 },
		{ "Nhân viên", 0, 500, 2 },
	},
	[CTX_COMMUNE] = {
		{ "Công chức Địa chính - Xây dựng", R_SPEC, 300, 20 },
		{ "Công chức Tài chính - Kế toán", R_SPEC, 750, 15 },
		{ "Công chức Văn hóa - Xã hội", R_SPEC, 550, 18 },
		{ "Công chức Tư pháp - Hộ tịch", R_ONESTOP | R_SPEC, 600, 12 },
		{ "Công chức Văn phòng - Thống kê", R_CLERK | R_SPEC, 700, 10 },
		{ "Công chức một cửa", R_ONESTOP, 700, 8 },
	},
	[CTX_PARTY] = {
		{ "Chuyên viên", R_SPEC, 550, 50 },
		{ "Văn thư", R_CLERK, 850, 3 },
	},
};

/* Accounts with fixed names so that every role can be tried. */
enum { AT_STTTT, AT_DONGHY };
static const struct {
	const char	*username;
	const char	*full_name;
	const char	*position;
	unsigned	 roles;
	int		 at;
} fixed[] = {
	{ "admin", "Trần Minh Quân", "Quản trị hệ thống", R_ADMIN, AT_STTTT },
	{ "vanthu", "Nguyễn Thị Thu Hà", "Văn thư", R_CLERK, AT_STTTT },
	{ "lanhdao", "Hoàng Văn Thắng", "Giám đốc", R_LEADER, AT_STTTT },
	{ "chuyenvien", "Lê Thị Hương", "Chuyên viên", R_SPEC, AT_STTTT },
	{ "bientap", "Phạm Ngọc Anh", "Biên tập viên", R_EDITOR, AT_STTTT },
	{ "motcua", "Dương Thị Lan", "Công chức một cửa", R_ONESTOP,
	  AT_DONGHY },
};
#define NFIXED	NELEM(fixed)

/* ---- State ---- */

#define U_CLERK		0x01	/* a văn thư among the cadre */
#define U_ONESTOP	0x02	/* two one-stop officers among the cadre */
#define U_COMMUNE	0x04	/* the commune cadre */
#define U_MOUNTAIN	0x08
#define U_EDITOR	0x10	/* one specialist edits the unit's site */

struct demo_unit {
	int		 parent;	/* index in demo.u, -1 for the root */
	int		 level;
	const char	*kind;
	char		 code[32];
	const char	*name;
	const char	*old_name;	/* name until `renamed`, or NULL */
	const char	*renamed;
	const char	*short_name;
	const char	*email;
	const char	*address;
	char		 phone[24];
	const char	*head;
	const char	*deputy;
	int		 ndeputy;
	unsigned	 flags;
	enum ctx	 ctx;
	int		 weight;
	int		 npeople;
};

struct uname {
	const char	*base;
	int		 count;
};

struct person {
	int64_t		 id;
	int		 unit;		/* index in demo.u */
	const char	*username, *full_name, *position, *email, *phone;
	const char	*folded;
	unsigned	 roles;
};

struct demo {
	sqlite3		*db;
	struct arena	 arena;
	uint64_t	 rng;
	struct demo_unit *u;
	int		 n;
	int		 at[2];		/* units of the fixed accounts */
	struct uname	*names;		/* DEMO_NAME_CAP slots */
	int64_t		 person_id;
	struct person	*batch;		/* DEMO_BATCH people not written yet */
	int		 nbatch;
	struct arena	 batch_arena;	/* their strings */
	sqlite3_stmt	*ins_unit, *ins_version, *ins_people, *ins_member;
};

/* ---- Generator (splitmix64) ---- */

static uint64_t
rng_next(struct demo *d)
{
	uint64_t z;

	z = (d->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned
rng_below(struct demo *d, unsigned n)
{
	return (unsigned)(((rng_next(d) >> 32) * n) >> 32);
}

static const char *
pick_weighted(struct demo *d, const struct wtext *t, size_t n)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += t[i].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n && r >= t[i].w; i++)
		r -= t[i].w;
	return t[i].s;
}

/* ---- Strings ---- */

static int
starts_with_word(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 &&
	    (s[n] == ' ' || s[n] == ',' || s[n] == '\0');
}

/* Append the folded `s` keeping only ASCII letters and digits. */
static void
slug_append(struct buf *b, const char *s)
{
	size_t from = b->len, i, j;

	fold_append(b, s);
	for (i = j = from; i < b->len; i++)
		if ((b->data[i] >= 'a' && b->data[i] <= 'z') ||
		    (b->data[i] >= '0' && b->data[i] <= '9'))
			b->data[j++] = b->data[i];
	buf_truncate(b, j);
}

/* "a.b.c@thainguyen.gov.vn" from up to three parts (NULL ends). */
static const char *
mail(struct demo *d, const char *a, const char *b, const char *c)
{
	struct buf m;
	const char *p;

	buf_init(&m, 0);
	slug_append(&m, a);
	if (b) {
		buf_addch(&m, '.');
		slug_append(&m, b);
	}
	if (c) {
		buf_addch(&m, '.');
		slug_append(&m, c);
	}
	buf_adds(&m, DEMO_DOMAIN);
	p = arena_strdup(&d->arena, m.data);
	buf_release(&m);
	return p;
}

/* Expand a district template: %d "huyện Đồng Hỷ", %p "Huyện ủy Đồng Hỷ",
 * %y "Huyện đoàn Đồng Hỷ", for the district as it was of type `t`. */
static const char *
expand(struct demo *d, const char *tmpl, const struct demo_district *dist,
    enum dtype t)
{
	struct buf b;
	const char *p, *out;

	buf_init(&b, 0);
	for (p = tmpl; *p; p++) {
		if (p[0] != '%' || p[1] == '\0') {
			buf_addch(&b, *p);
			continue;
		}
		p++;
		if (*p == 'd')
			buf_adds(&b, dt_word[t]);
		else if (*p == 'p')
			buf_adds(&b, dt_party[t]);
		else if (*p == 'y')
			buf_adds(&b, dt_youth[t]);
		buf_addch(&b, ' ');
		buf_adds(&b, dist->name);
	}
	out = arena_strdup(&d->arena, b.data);
	buf_release(&b);
	return out;
}

/* ---- Building the tree ---- */

static struct demo_unit *
unit_add(struct demo *d, int parent, const char *kind, int y, int z, int v)
{
	struct demo_unit *u;
	unsigned ph;

	if (d->n >= DEMO_UNITS_CAP) {
		log_error("more than %d units", DEMO_UNITS_CAP);
		return NULL;
	}
	u = &d->u[d->n];
	u->parent = parent;
	u->kind = kind;
	u->level = v ? 4 : z ? 3 : y ? 2 : 1;
	snprintf(u->code, sizeof(u->code), "%03d.%02d.%02d.H55", v, z, y);
	/* Distinct for every unit: 7919 is prime to 10^6. */
	ph = ((unsigned)d->n * 7919u + 385123u) % 1000000u;
	snprintf(u->phone, sizeof(u->phone), "0208 3%06u", ph);
	d->n++;
	return u;
}

/* Name a unit attached to a district, with its former name if the
 * district's type changed. */
static void
unit_name_in(struct demo *d, struct demo_unit *u, const char *tmpl,
    const struct demo_district *dist)
{
	const char *old;

	u->name = expand(d, tmpl, dist, dist->type);
	if (dist->former != dist->type) {
		old = expand(d, tmpl, dist, dist->former);
		if (strcmp(old, u->name) != 0) {
			u->old_name = old;
			u->renamed = dist->since;
		}
	}
}

/* Derive what was left unset: head titles, kind of staff, weight. */
static void
unit_finish(struct demo *d, struct demo_unit *u)
{
	size_t i;

	if (u->head == NULL) {
		u->head = "Trưởng phòng";
		for (i = 0; i < NELEM(heads); i++)
			if (starts_with_word(u->name, heads[i].prefix)) {
				u->head = heads[i].head;
				break;
			}
	}
	u->deputy = arena_printf(&d->arena, "Phó %s", u->head);
	if (u->ctx == CTX_NONE) {
		for (i = 0; i < NELEM(ctx_rules); i++)
			if (starts_with_word(u->name, ctx_rules[i].prefix)) {
				u->ctx = ctx_rules[i].ctx;
				break;
			}
	}
	if (u->ctx == CTX_NONE && u->parent >= 0) {
		switch (d->u[u->parent].ctx) {
		case CTX_INSPECT:
		case CTX_POLICE:
		case CTX_MILITARY:
		case CTX_MEDIA:
			u->ctx = d->u[u->parent].ctx;
			break;
		default:
			break;
		}
	}
	if (u->ctx == CTX_NONE)
		u->ctx = CTX_OFFICE;
	if (u->weight == 0)
		u->weight = u->level == 4 ? 3 : ctx_weight[u->ctx];
	if (u->parent >= 0 && (d->u[u->parent].flags & U_MOUNTAIN))
		u->flags |= U_MOUNTAIN;
}

/* Add the "Name=SHORT|..." list as children of `parent` at level 3, codes
 * 000.ZZ.YY with ZZ from *z on. */
static int
add_list(struct demo *d, int parent, int y, int *z, const char *list,
    const char *mail_suffix, enum ctx ctx, int ndeputy)
{
	struct demo_unit *u;
	const char *p, *eq, *end;

	for (p = list; *p; p = *end ? end + 1 : end) {
		end = strchr(p, '|');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || (u = unit_add(d, parent, "division", y,
		    (*z)++, 0)) == NULL) {
			log_error("bad unit list entry near \"%.20s\"", p);
			return -1;
		}
		u->name = arena_strndup(&d->arena, p, (size_t)(eq - p));
		u->short_name = arena_strndup(&d->arena, eq + 1,
		    (size_t)(end - eq - 1));
		u->email = mail(d, u->short_name, mail_suffix, NULL);
		u->address = d->u[parent].address;
		u->ctx = ctx;
		u->ndeputy = ndeputy;
		unit_finish(d, u);
	}
	return 0;
}

/* The first unit under `parent` whose short name is `short_name`. */
static int
find_child(struct demo *d, int parent, const char *short_name)
{
	int i;

	for (i = parent + 1; i < d->n; i++)
		if (d->u[i].parent == parent &&
		    strcmp(d->u[i].short_name, short_name) == 0)
			return i;
	return -1;
}

static int
build_departments(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *slug;
	size_t i, j, k;
	int di, ki, z;

	for (i = 0; i < NDEPTS; i++) {
		u = unit_add(d, 0, "department", (int)i + 1, 0, 0);
		if (u == NULL)
			return -1;
		di = d->n - 1;
		u->name = depts[i].name;
		u->short_name = depts[i].short_name;
		u->email = mail(d, u->short_name, NULL, NULL);
		if (strncmp(depts[i].street, "số ", strlen("số ")) == 0)
			u->address = arena_printf(&d->arena, "%s, thành phố "
			    "Thái Nguyên, tỉnh Thái Nguyên", depts[i].street);
		else
			u->address = arena_printf(&d->arena, "số %u %s, thành "
			    "phố Thái Nguyên, tỉnh Thái Nguyên",
			    1 + rng_below(d, 150), depts[i].street);
		u->head = depts[i].head;
		u->ndeputy = depts[i].ndeputy;
		u->flags = U_CLERK;
		if (strcmp(u->short_name, "STTTT") == 0)
			d->at[AT_STTTT] = di;
		else
			u->flags |= U_EDITOR;
		unit_finish(d, u);
		u->weight = 30;
		slug = d->u[di].email;
		slug = arena_strndup(&d->arena, slug, strcspn(slug, "@"));
		z = 1;
		if (add_list(d, di, (int)i + 1, &z, depts[i].divisions, slug,
		    CTX_NONE, 1) < 0)
			return -1;
		for (j = 0; j < NELEM(branches); j++) {
			if (strcmp(branches[j].dept, depts[i].short_name) != 0)
				continue;
			for (k = 0; k < NDISTRICTS; k++) {
				dist = &districts[k];
				if ((u = unit_add(d, di, "division", (int)i + 1,
				    z++, 0)) == NULL)
					return -1;
				unit_name_in(d, u, branches[j].tmpl, dist);
				u->short_name = branches[j].short_name;
				u->email = mail(d, u->short_name, dist->slug,
				    NULL);
				u->address = arena_printf(&d->arena,
				    "%s, %s, tỉnh Thái Nguyên", dist->seat,
				    expand(d, "%d", dist, dist->type));
				u->ndeputy = 1;
				u->weight = 9;
				if (dist->mountain)
					u->flags |= U_MOUNTAIN;
				unit_finish(d, u);
			}
		}
		/* Forest protection stations under Chi cục Kiểm lâm. */
		if (strcmp(depts[i].short_name, "SNN") == 0) {
			if ((ki = find_child(d, di, "CCKL")) < 0) {
				log_error("no Chi cục Kiểm lâm");
				return -1;
			}
			for (k = 0; k < NDISTRICTS; k++) {
				dist = &districts[k];
				u = unit_add(d, ki, "division", (int)i + 1,
				    atoi(d->u[ki].code + 4), (int)k + 1);
				if (u == NULL)
					return -1;
				unit_name_in(d, u, "Hạt Kiểm lâm %d", dist);
				u->short_name = "HKL";
				u->email = mail(d, "hkl", dist->slug, NULL);
				u->address = arena_printf(&d->arena,
				    "%s, %s, tỉnh Thái Nguyên", dist->seat,
				    expand(d, "%d", dist, dist->type));
				if (dist->mountain)
					u->flags |= U_MOUNTAIN;
				unit_finish(d, u);
			}
		}
	}
	return 0;
}

/* Name of a commune's committee or party committee: "UBND xã Khe Mo". */
static void
commune_names(struct demo *d, struct demo_unit *u, const char *what,
    char type, const char *name, const struct demo_district *dist)
{
	const char *word;

	word = type == 'p' || type == 'P' ? "phường" :
	    type == 't' ? "thị trấn" : "xã";
	u->name = arena_printf(&d->arena, "%s %s %s", what, word, name);
	if (type == 'P') {
		u->old_name = arena_printf(&d->arena, "%s xã %s", what, name);
		u->renamed = dist->since;
	}
}

/* Walk a district's commune list: type letter and name of each. */
static const char *
next_commune(const char *p, char *type, char *name, size_t size)
{
	size_t n;

	if (*p == '\0')
		return NULL;
	*type = *p++;
	n = strcspn(p, "|");
	if (n >= size)
		n = size - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	p += strcspn(p, "|");
	return *p ? p + 1 : p;
}

/* The commune slug, prefixed by its type when another commune of the
 * district has the same name (thị trấn and xã Quân Chu). */
static const char *
commune_slug(struct demo *d, const struct demo_district *dist, char type,
    const char *name)
{
	const char *p = dist->communes;
	char t, other[64];
	int same = 0;
	struct buf b;

	while ((p = next_commune(p, &t, other, sizeof(other))) != NULL)
		if (strcmp(other, name) == 0)
			same++;
	buf_init(&b, 0);
	if (same > 1)
		buf_adds(&b, type == 't' ? "tt" : type == 'x' ? "xa" :
		    "phuong");
	slug_append(&b, name);
	p = arena_strdup(&d->arena, b.data);
	buf_release(&b);
	return p;
}

static int
build_districts(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *p, *addr, *cslug;
	char type, name[64];
	size_t i, j;
	int ui, vi, y, z, mask;

	for (i = 0; i < NDISTRICTS; i++) {
		dist = &districts[i];
		y = 41 + (int)i;
		if ((u = unit_add(d, 0, "district", y, 0, 0)) == NULL)
			return -1;
		ui = d->n - 1;
		unit_name_in(d, u, "UBND %d", dist);
		u->short_name = "UBND";
		u->email = mail(d, "ubnd", dist->slug, NULL);
		addr = arena_printf(&d->arena, "%s, %s, tỉnh Thái Nguyên",
		    dist->seat, expand(d, "%d", dist, dist->type));
		u->address = addr;
		u->head = "Chủ tịch";
		u->ndeputy = 2;
		u->flags = U_CLERK | U_ONESTOP | U_EDITOR |
		    (dist->mountain ? U_MOUNTAIN : 0);
		u->ctx = CTX_DISTRICT;
		u->weight = 24;
		unit_finish(d, u);
		if (strcmp(dist->slug, "donghy") == 0)
			d->at[AT_DONGHY] = ui;

		mask = dist->type == DT_RURAL ? FOR_RURAL : FOR_CITY;
		z = 1;
		for (j = 0; j < NELEM(district_divs); j++) {
			if ((district_divs[j].for_type & mask) == 0)
				continue;
			if ((u = unit_add(d, ui, "division", y, z, 0)) == NULL)
				return -1;
			vi = d->n - 1;
			unit_name_in(d, u, district_divs[j].tmpl, dist);
			u->short_name = district_divs[j].short_name;
			u->email = mail(d, u->short_name, dist->slug, NULL);
			u->address = addr;
			u->ndeputy = 1;
			unit_finish(d, u);
			if (j == 0) {
				/* The one-stop section of the office. */
				if ((u = unit_add(d, vi, "division", y, z, 1))
				    == NULL)
					return -1;
				unit_name_in(d, u, "Bộ phận Một cửa %d", dist);
				u->short_name = "BPMC";
				u->email = mail(d, "motcua", dist->slug, NULL);
				u->address = addr;
				unit_finish(d, u);
			}
			z++;
		}

		z = 21;
		for (p = dist->communes;
		    (p = next_commune(p, &type, name, sizeof(name))) != NULL;) {
			if ((u = unit_add(d, ui, "commune", y, z++, 0)) == NULL)
				return -1;
			commune_names(d, u, "UBND", type, name, dist);
			cslug = commune_slug(d, dist, type, name);
			u->short_name = "UBND";
			u->email = mail(d, "ubnd", cslug, dist->slug);
			u->address = arena_printf(&d->arena,
			    "%s, %s, tỉnh Thái Nguyên", u->name + 5,
			    expand(d, "%d", dist, dist->type));
			u->head = "Chủ tịch";
			u->ndeputy = 1;
			u->flags = U_COMMUNE;
			u->ctx = CTX_COMMUNE;
			u->weight = 10;
			unit_finish(d, u);
		}
	}
	return 0;
}

static int
build_party(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *p, *pshort, *cslug;
	char type, name[64];
	size_t i, j;
	int pi, bi, y, z;

	if ((u = unit_add(d, 0, "party", 60, 0, 0)) == NULL)
		return -1;
	pi = d->n - 1;
	u->name = "Tỉnh ủy Thái Nguyên";
	u->short_name = "TU";
	u->email = mail(d, "tinhuy", NULL, NULL);
	u->address = "số 1 đường Nha Trang, phường Trưng Vương, "
	    "thành phố Thái Nguyên, tỉnh Thái Nguyên";
	u->head = "Bí thư";
	u->ndeputy = 2;
	u->flags = U_CLERK;
	u->ctx = CTX_PARTY;
	u->weight = 6;
	unit_finish(d, u);
	z = 1;
	bi = d->n;
	if (add_list(d, pi, 60, &z, province_party, NULL, CTX_PARTY, 1) < 0)
		return -1;
	for (; bi < d->n; bi++) {
		d->u[bi].kind = "party";
		d->u[bi].weight = 4;
	}

	for (i = 0; i < NDISTRICTS; i++) {
		dist = &districts[i];
		y = 61 + (int)i;
		pshort = dt_pshort[dist->type];
		if ((u = unit_add(d, 0, "party", y, 0, 0)) == NULL)
			return -1;
		pi = d->n - 1;
		unit_name_in(d, u, "%p", dist);
		u->short_name = pshort;
		u->email = mail(d, pshort, dist->slug, NULL);
		u->address = arena_printf(&d->arena, "%s, %s, tỉnh Thái Nguyên",
		    dist->seat, expand(d, "%d", dist, dist->type));
		u->head = "Bí thư";
		u->ndeputy = 1;
		u->flags = U_CLERK | (dist->mountain ? U_MOUNTAIN : 0);
		u->ctx = CTX_PARTY;
		u->weight = 3;
		unit_finish(d, u);
		for (j = 0; j < NELEM(district_party); j++) {
			if ((u = unit_add(d, pi, "party", y, (int)j + 1, 0))
			    == NULL)
				return -1;
			unit_name_in(d, u, district_party[j].tmpl, dist);
			u->short_name = district_party[j].short_name;
			u->email = mail(d, u->short_name, pshort, dist->slug);
			u->address = d->u[pi].address;
			u->ndeputy = 1;
			u->ctx = CTX_PARTY;
			u->weight = 1;
			unit_finish(d, u);
		}
		z = 21;
		for (p = dist->communes;
		    (p = next_commune(p, &type, name, sizeof(name))) != NULL;) {
			if ((u = unit_add(d, pi, "party", y, z++, 0)) == NULL)
				return -1;
			commune_names(d, u, "Đảng ủy", type, name, dist);
			cslug = commune_slug(d, dist, type, name);
			u->short_name = "ĐU";
			u->email = mail(d, "du", cslug, dist->slug);
			u->address = arena_printf(&d->arena,
			    "%s, %s, tỉnh Thái Nguyên",
			    u->name + strlen("Đảng ủy "),
			    expand(d, "%d", dist, dist->type));
			u->ndeputy = 1;
			u->ctx = CTX_PARTY;
			u->weight = 1;
			unit_finish(d, u);
		}
	}
	return 0;
}

static int
build_units(struct demo *d)
{
	struct demo_unit *u;

	if ((u = unit_add(d, -1, "province", 0, 0, 0)) == NULL)
		return -1;
	u->name = "UBND tỉnh Thái Nguyên";
	u->short_name = "UBND";
	u->email = mail(d, "ubndtinh", NULL, NULL);
	u->address = "số 18 đường Nha Trang, phường Trưng Vương, "
	    "thành phố Thái Nguyên, tỉnh Thái Nguyên";
	u->head = "Chủ tịch";
	u->ndeputy = 3;
	u->ctx = CTX_PROVINCE;
	unit_finish(d, u);		/* weight 0: the cadre only */
	d->at[AT_STTTT] = d->at[AT_DONGHY] = -1;
	if (build_departments(d) < 0 || build_districts(d) < 0 ||
	    build_party(d) < 0)
		return -1;
	if (d->n != DEMO_TN_UNITS || d->at[AT_STTTT] < 0 ||
	    d->at[AT_DONGHY] < 0) {
		log_error("built %d units, want %d", d->n, DEMO_TN_UNITS);
		return -1;
	}
	return 0;
}

/* ---- Writing ---- */

static int
step(struct demo *d, sqlite3_stmt *st, int bound, const char *what)
{
	int rc;

	rc = bound == SQLITE_OK ? sqlite3_step(st) : bound;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_error("%s: %s", what, sqlite3_errmsg(d->db));
		return -1;
	}
	return 0;
}

static int
write_version(struct demo *d, int64_t id, const struct demo_unit *u,
    const char *name, const char *from, const char *until)
{
	sqlite3_stmt *st = d->ins_version;
	int rc = 0;

	rc |= sqlite3_bind_int64(st, 1, id);
	rc |= sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(st, 3, u->short_name, -1, SQLITE_STATIC);
	if (u->parent >= 0)
		rc |= sqlite3_bind_int64(st, 4, u->parent + 1);
	else
		rc |= sqlite3_bind_null(st, 4);
	rc |= sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	if (until)
		rc |= sqlite3_bind_text(st, 6, until, -1, SQLITE_STATIC);
	else
		rc |= sqlite3_bind_null(st, 6);
	return step(d, st, rc, "unit_versions");
}

static int
write_units(struct demo *d)
{
	sqlite3_stmt *st = d->ins_unit;
	const struct demo_unit *u;
	struct buf f;
	int i, rc, ret = -1;

	buf_init(&f, 0);
	for (i = 0; i < d->n; i++) {
		u = &d->u[i];
		buf_reset(&f);
		fold_append(&f, u->name);
		buf_addch(&f, ' ');
		fold_append(&f, u->short_name);
		buf_addch(&f, ' ');
		fold_append(&f, u->code);
		rc = sqlite3_bind_int64(st, 1, i + 1);
		rc |= sqlite3_bind_text(st, 2, u->code, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 4, u->short_name, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int(st, 5, u->level);
		rc |= sqlite3_bind_text(st, 6, u->kind, -1, SQLITE_STATIC);
		if (u->parent >= 0)
			rc |= sqlite3_bind_int64(st, 7, u->parent + 1);
		else
			rc |= sqlite3_bind_null(st, 7);
		rc |= sqlite3_bind_text(st, 8, u->address, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 9, u->email, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 10, u->phone, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 11, DEMO_FROM, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 12, f.data, (int)f.len,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, 13, DEMO_TIME);
		if (step(d, st, rc, "units") < 0)
			goto out;
		if (u->old_name) {
			if (write_version(d, i + 1, u, u->old_name, DEMO_FROM,
			    u->renamed) < 0 ||
			    write_version(d, i + 1, u, u->name, u->renamed,
			    NULL) < 0)
				goto out;
		} else if (write_version(d, i + 1, u, u->name, DEMO_FROM,
		    NULL) < 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&f);
	return ret;
}

/* ---- People ---- */

/* The positions every unit of this shape has: head, deputies, clerk... */
static int
cadre(const struct demo_unit *u, struct slot *out)
{
	int n = 0, i;

	out[n++] = (struct slot){ u->head, R_LEADER, 250, 0 };
	for (i = 0; i < u->ndeputy; i++)
		out[n++] = (struct slot){ u->deputy, R_LEADER, 300, 0 };
	if (u->flags & U_CLERK)
		out[n++] = (struct slot){ "Văn thư", R_CLERK, 850, 0 };
	if (u->flags & U_ONESTOP)
		for (i = 0; i < 2; i++)
			out[n++] = (struct slot){ "Công chức một cửa",
			    R_ONESTOP, 650, 0 };
	if (u->flags & U_COMMUNE) {
		out[n++] = (struct slot){ "Công chức Văn phòng - Thống kê",
		    R_CLERK | R_SPEC, 700, 0 };
		out[n++] = (struct slot){ "Công chức Tư pháp - Hộ tịch",
		    R_ONESTOP | R_SPEC, 600, 0 };
		out[n++] = (struct slot){ "Chỉ huy trưởng Quân sự", R_SPEC,
		    50, 0 };
	}
	return n;
}

/* Fixed accounts at unit index `ui`. */
static int
fixed_at(const struct demo *d, int ui, int *out)
{
	size_t i;
	int n = 0;

	for (i = 0; i < NFIXED; i++)
		if (d->at[fixed[i].at] == ui)
			out[n++] = (int)i;
	return n;
}

/* Share DEMO_TN_PEOPLE among the units: each gets its cadre, the rest
 * goes by weight (with some spread), remainders one by one in order. */
static int
allocate(struct demo *d)
{
	struct slot tmp[16];
	int64_t total = 0, rest, given = 0, w;
	int i, fx[NFIXED];

	for (i = 0; i < d->n; i++) {
		d->u[i].npeople = cadre(&d->u[i], tmp) + fixed_at(d, i, fx);
		total += d->u[i].npeople;
		if (d->u[i].weight > 0)
			d->u[i].weight *= 8 + (int)rng_below(d, 5);
	}
	rest = DEMO_TN_PEOPLE - total;
	for (i = 0, w = 0; i < d->n; i++)
		w += d->u[i].weight;
	if (rest < 0 || w <= 0) {
		log_error("cadre of %lld people is more than %d",
		    (long long)total, DEMO_TN_PEOPLE);
		return -1;
	}
	for (i = 0; i < d->n; i++) {
		d->u[i].npeople += (int)(rest * d->u[i].weight / w);
		given += rest * d->u[i].weight / w;
	}
	for (i = 0; given < rest; i = (i + 1) % d->n)
		if (d->u[i].weight > 0) {
			d->u[i].npeople++;
			given++;
		}
	return 0;
}

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of `base` in the username table (empty if new). */
static struct uname *
uname_slot(struct demo *d, const char *base)
{
	unsigned i = hash(base) & (DEMO_NAME_CAP - 1);

	while (d->names[i].base && strcmp(d->names[i].base, base) != 0)
		i = (i + 1) & (DEMO_NAME_CAP - 1);
	return &d->names[i];
}

/* "nguyenvanan", then "nguyenvanan2", "nguyenvanan3"... Bases are
 * letters only, so a suffixed name never equals another base. */
static void
username_for(struct demo *d, const char *full_name, char *out, size_t size)
{
	struct uname *s;
	struct buf b;

	buf_init(&b, 0);
	slug_append(&b, full_name);
	s = uname_slot(d, b.data);
	if (s->base == NULL) {
		s->base = arena_strdup(&d->arena, b.data);
		s->count = 0;
	}
	if (++s->count == 1)
		snprintf(out, size, "%s", b.data);
	else
		snprintf(out, size, "%s%d", b.data, s->count);
	buf_release(&b);
}

static void
person_name(struct demo *d, int mountain, int female, char *out,
    size_t size)
{
	const char *sur, *mid, *mid2 = NULL, *given;
	unsigned total = 0, r, w;
	size_t i, n = NELEM(surnames);

	for (i = 0; i < n; i++)
		total += mountain ? surnames[i].wmountain : surnames[i].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n; i++) {
		w = mountain ? surnames[i].wmountain : surnames[i].w;
		if (r < w)
			break;
		r -= w;
	}
	sur = surnames[i].s;
	if (female) {
		mid = pick_weighted(d, middle_f, NELEM(middle_f));
		if (strcmp(mid, "Thị") == 0 && rng_below(d, 10) < 3)
			mid2 = middle_f2[rng_below(d, NELEM(middle_f2))];
	} else
		mid = pick_weighted(d, middle_m, NELEM(middle_m));
	do {
		given = female ? given_f[rng_below(d, NELEM(given_f))] :
		    given_m[rng_below(d, NELEM(given_m))];
	} while (strcmp(given, mid) == 0 ||
	    (mid2 && strcmp(given, mid2) == 0));
	if (mid2)
		snprintf(out, size, "%s %s %s %s", sur, mid, mid2, given);
	else
		snprintf(out, size, "%s %s %s", sur, mid, given);
}

/* "INSERT INTO people (...) VALUES (...), (...)" for n rows. */
static int
prepare_people(struct demo *d, int n, sqlite3_stmt **st)
{
	struct buf sql;
	int i, rc;

	buf_init(&sql, 0);
	buf_adds(&sql, "INSERT INTO people (id, username, full_name, unit_id, "
	    "position, roles, email, phone, name_folded, password_hash, "
	    "created_at, updated_at) VALUES ");
	for (i = 0; i < n; i++)
		buf_printf(&sql, "%s(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, %d, %d)",
		    i ? ", " : "", DEMO_TIME, DEMO_TIME);
	rc = sqlite3_prepare_v2(d->db, sql.data, (int)sql.len, st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK) {
		log_error("people: %s", sqlite3_errmsg(d->db));
		return -1;
	}
	return 0;
}

/* Write the pending people and their memberships. */
static int
flush_people(struct demo *d)
{
	sqlite3_stmt *st = d->ins_people, *tail = NULL;
	const struct person *p;
	int i, k, rc = 0, ret = -1;

	if (d->nbatch == 0)
		return 0;
	if (d->nbatch < DEMO_BATCH) {
		if (prepare_people(d, d->nbatch, &tail) < 0)
			return -1;
		st = tail;
	}
	for (i = 0; i < d->nbatch; i++) {
		p = &d->batch[i];
		k = i * PERSON_COLS;
		rc |= sqlite3_bind_int64(st, k + 1, p->id);
		rc |= sqlite3_bind_text(st, k + 2, p->username, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 3, p->full_name, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, k + 4, p->unit + 1);
		rc |= sqlite3_bind_text(st, k + 5, p->position, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, k + 6, p->roles);
		rc |= sqlite3_bind_text(st, k + 7, p->email, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 8, p->phone, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 9, p->folded, -1,
		    SQLITE_STATIC);
	}
	if (step(d, st, rc, "people") < 0)
		goto out;
	st = d->ins_member;
	for (i = 0; i < d->nbatch; i++) {
		rc = sqlite3_bind_int64(st, 1, d->batch[i].id);
		rc |= sqlite3_bind_int64(st, 2, d->batch[i].unit + 1);
		rc |= sqlite3_bind_text(st, 3, DEMO_FROM, -1, SQLITE_STATIC);
		if (step(d, st, rc, "person_units") < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(tail);
	d->nbatch = 0;
	arena_release(&d->batch_arena);
	return ret;
}

/* Queue one person; written when the batch is full. */
static int
write_person(struct demo *d, int ui, const char *username,
    const char *full_name, const char *position, unsigned roles)
{
	struct arena *a = &d->batch_arena;
	struct person *p = &d->batch[d->nbatch++];
	struct buf f;
	unsigned num;

	p->id = ++d->person_id;
	p->unit = ui;
	p->username = arena_strdup(a, username);
	p->full_name = arena_strdup(a, full_name);
	p->position = position;
	p->roles = roles;
	p->email = arena_printf(a, "%s%s", username, DEMO_DOMAIN);
	/* Distinct for every person: 3127397 is prime to 10^7. */
	num = (unsigned)((p->id * 3127397 + 1234567) % 10000000);
	p->phone = arena_printf(a, "%s%07u",
	    mobile[rng_below(d, NELEM(mobile))], num);
	buf_init(&f, 0);
	fold_append(&f, full_name);
	buf_addch(&f, ' ');
	fold_append(&f, username);
	buf_addch(&f, ' ');
	fold_append(&f, p->email);
	p->folded = arena_strdup(a, f.data);
	buf_release(&f);
	return d->nbatch == DEMO_BATCH ? flush_people(d) : 0;
}

static int
write_generated(struct demo *d, int ui, const struct slot *s,
    unsigned extra_roles)
{
	char full[128], username[96];
	int female;

	female = rng_below(d, 1000) < s->female;
	person_name(d, (d->u[ui].flags & U_MOUNTAIN) != 0, female, full,
	    sizeof(full));
	username_for(d, full, username, sizeof(username));
	return write_person(d, ui, username, full, s->position,
	    s->roles | extra_roles);
}

static const struct slot *
pick_staff(struct demo *d, enum ctx ctx)
{
	const struct slot *t = staff[ctx];
	unsigned total = 0, r;
	int i, n;

	if (t[0].position == NULL)
		t = staff[CTX_OFFICE];
	for (n = 0; n < STAFF_MAX && t[n].position; n++)
		total += t[n].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n && r >= t[i].w; i++)
		r -= t[i].w;
	return &t[i];
}

static int
write_people(struct demo *d)
{
	struct slot cad[16];
	const struct slot *s;
	struct demo_unit *u;
	int fx[NFIXED], used[NFIXED];
	int ui, nc, nfx, made, c, k, editor;

	for (ui = 0; ui < d->n; ui++) {
		u = &d->u[ui];
		nc = cadre(u, cad);
		nfx = fixed_at(d, ui, fx);
		memset(used, 0, sizeof(used));
		made = 0;
		for (c = 0; c < nc; c++, made++) {
			for (k = 0; k < nfx; k++)
				if (!used[k] && strcmp(fixed[fx[k]].position,
				    cad[c].position) == 0)
					break;
			if (k < nfx) {
				used[k] = 1;
				if (write_person(d, ui, fixed[fx[k]].username,
				    fixed[fx[k]].full_name,
				    fixed[fx[k]].position,
				    fixed[fx[k]].roles) < 0)
					return -1;
			} else if (write_generated(d, ui, &cad[c], 0) < 0)
				return -1;
		}
		for (k = 0; k < nfx; k++)
			if (!used[k]) {
				if (write_person(d, ui, fixed[fx[k]].username,
				    fixed[fx[k]].full_name,
				    fixed[fx[k]].position,
				    fixed[fx[k]].roles) < 0)
					return -1;
				made++;
			}
		editor = (u->flags & U_EDITOR) != 0;
		for (; made < u->npeople; made++) {
			s = pick_staff(d, u->ctx);
			if (write_generated(d, ui, s, editor &&
			    (s->roles & R_SPEC) ? R_EDITOR : 0) < 0)
				return -1;
			if (s->roles & R_SPEC)
				editor = 0;
		}
	}
	if (flush_people(d) < 0)
		return -1;
	if (d->person_id != DEMO_TN_PEOPLE) {
		log_error("wrote %lld people, want %d",
		    (long long)d->person_id, DEMO_TN_PEOPLE);
		return -1;
	}
	return 0;
}

/* ---- Entry ---- */

static int
prepare(struct demo *d, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(d->db, sql, -1, st, NULL) != SQLITE_OK) {
		log_error("%s: %s", sqlite3_errmsg(d->db), sql);
		return -1;
	}
	return 0;
}

int
directory_demo_load(sqlite3 *db, const char *name, const char *today)
{
	struct demo d;
	size_t i;
	int ret = -1;

	(void)today;
	if (name == NULL || strcmp(name, "thai-nguyen") != 0) {
		log_error("unknown demo province \"%s\" (known: thai-nguyen)",
		    name ? name : "");
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.db = db;
	d.rng = DEMO_SEED;
	if ((d.u = calloc(DEMO_UNITS_CAP, sizeof(*d.u))) == NULL ||
	    (d.names = calloc(DEMO_NAME_CAP, sizeof(*d.names))) == NULL ||
	    (d.batch = calloc(DEMO_BATCH, sizeof(*d.batch))) == NULL) {
		log_error("out of memory");
		goto out;
	}
	if (prepare(&d, "INSERT INTO units (id, code, name, short_name, "
	    "level, kind, parent_id, address, email, phone, effective_from, "
	    "name_folded, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)", &d.ins_unit) < 0 ||
	    prepare(&d, "INSERT INTO unit_versions (unit_id, name, "
	    "short_name, parent_id, valid_from, valid_until) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6)", &d.ins_version) < 0 ||
	    prepare_people(&d, DEMO_BATCH, &d.ins_people) < 0 ||
	    prepare(&d, "INSERT INTO person_units (person_id, unit_id, "
	    "valid_from, valid_until) VALUES (?1, ?2, ?3, NULL)",
	    &d.ins_member) < 0)
		goto out;

	if (build_units(&d) < 0 || write_units(&d) < 0)
		goto out;
	/* The fixed usernames are taken before any name is generated. */
	for (i = 0; i < NFIXED; i++) {
		struct uname *s = uname_slot(&d, fixed[i].username);

		s->base = fixed[i].username;
		s->count = 1;
	}
	if (allocate(&d) < 0 || write_people(&d) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(d.ins_unit);
	sqlite3_finalize(d.ins_version);
	sqlite3_finalize(d.ins_people);
	sqlite3_finalize(d.ins_member);
	arena_release(&d.arena);
	arena_release(&d.batch_arena);
	free(d.batch);
	free(d.names);
	free(d.u);
	return ret;
}
