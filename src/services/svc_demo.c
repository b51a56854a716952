/* svc_demo.c - the demo province's catalogue: procedures of departments,
 * districts and communes of Thái Nguyên, each with its papers and its
 * application form (one of a few shapes by kind of procedure). Codes
 * follow the national catalogue's format; the demo's are illustrative. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "svc_int.h"

/* Shapes of application forms and their papers. */
enum demo_form {
	DF_CIVIL, DF_CERT, DF_LAND, DF_BUSINESS, DF_BUILD, DF_SOCIAL,
	DF_LICENSE, DF_GENERIC, DF_MAX
};

static const char *const person_fields =
	"{\"name\":\"ho_ten\",\"label\":\"Họ và tên người nộp\",\"type\":"
	"\"text\",\"required\":true,\"max\":100},"
	"{\"name\":\"so_dinh_danh\",\"label\":\"Số định danh cá nhân (CCCD)\","
	"\"type\":\"text\",\"required\":true,\"check\":\"id_number\"},"
	"{\"name\":\"dien_thoai\",\"label\":\"Số điện thoại\",\"type\":"
	"\"text\",\"required\":true,\"check\":\"phone\"},"
	"{\"name\":\"dia_chi\",\"label\":\"Nơi cư trú\",\"type\":\"text\","
	"\"required\":true,\"max\":300},";

static const struct {
	const char	*fields;	/* after the person's fields */
	const char	*components;
} shapes[DF_MAX] = {
	[DF_CIVIL] = {
	    "{\"name\":\"nguoi_duoc_dang_ky\",\"label\":\"Họ tên người được"
	    " đăng ký\",\"type\":\"text\",\"required\":true,\"max\":100},"
	    "{\"name\":\"ngay_su_kien\",\"label\":\"Ngày xảy ra sự kiện\","
	    "\"type\":\"date\",\"required\":true,\"check\":\"past\"},"
	    "{\"name\":\"quan_he\",\"label\":\"Quan hệ với người được đăng"
	    " ký\",\"type\":\"choice\",\"required\":true,\"options\":[\"Bản"
	    " thân\",\"Cha\",\"Mẹ\",\"Con\",\"Vợ\",\"Chồng\",\"Người thân"
	    " khác\"]},"
	    "{\"name\":\"to_khai\",\"label\":\"Tờ khai (bản ký, chụp hoặc"
	    " quét)\",\"type\":\"file\",\"required\":true},"
	    "{\"name\":\"giay_to_kem\",\"label\":\"Giấy tờ kèm theo\",\"type\":"
	    "\"file\"}",
	    "[{\"name\":\"Tờ khai theo mẫu\",\"originals\":1,\"copies\":0},"
	    "{\"name\":\"Giấy tờ chứng minh sự kiện hộ tịch\",\"originals\":1,"
	    "\"copies\":0}]" },
	[DF_CERT] = {
	    "{\"name\":\"loai_giay_to\",\"label\":\"Loại giấy tờ cần chứng"
	    " thực\",\"type\":\"choice\",\"required\":true,\"options\":[\"Văn"
	    " bằng, chứng chỉ\",\"Giấy khai sinh\",\"Căn cước\",\"Giấy chứng"
	    " nhận quyền sử dụng đất\",\"Giấy tờ khác\"]},"
	    "{\"name\":\"so_ban\",\"label\":\"Số bản cần chứng thực\",\"type\":"
	    "\"number\",\"required\":true,\"min\":1,\"max\":50},"
	    "{\"name\":\"ban_chinh\",\"label\":\"Bản chụp bản chính\",\"type\":"
	    "\"file\",\"required\":true}",
	    "[{\"name\":\"Bản chính giấy tờ, văn bản\",\"originals\":1,"
	    "\"copies\":0},{\"name\":\"Bản sao cần chứng thực\",\"originals\":0,"
	    "\"copies\":1}]" },
	[DF_LAND] = {
	    "{\"name\":\"so_to\",\"label\":\"Tờ bản đồ số\",\"type\":\"number\","
	    "\"required\":true,\"min\":1,\"max\":99999},"
	    "{\"name\":\"so_thua\",\"label\":\"Thửa đất số\",\"type\":\"number\","
	    "\"required\":true,\"min\":1,\"max\":999999},"
	    "{\"name\":\"dien_tich\",\"label\":\"Diện tích (m²)\",\"type\":"
	    "\"number\",\"required\":true,\"min\":1,\"max\":10000000},"
	    "{\"name\":\"muc_dich\",\"label\":\"Mục đích sử dụng\",\"type\":"
	    "\"choice\",\"required\":true,\"options\":[\"Đất ở\",\"Đất trồng"
	    " cây lâu năm\",\"Đất trồng lúa\",\"Đất rừng sản xuất\",\"Đất sản"
	    " xuất, kinh doanh\"]},"
	    "{\"name\":\"don\",\"label\":\"Đơn đăng ký (Mẫu 04a/ĐK)\",\"type\":"
	    "\"file\",\"required\":true},"
	    "{\"name\":\"giay_chung_nhan\",\"label\":\"Giấy chứng nhận đã cấp"
	    " (nếu có)\",\"type\":\"file\"}",
	    "[{\"name\":\"Đơn đăng ký biến động đất đai, tài sản gắn liền với"
	    " đất\",\"originals\":1,\"copies\":0,\"template\":\"Mẫu số 09/ĐK\"},"
	    "{\"name\":\"Bản gốc Giấy chứng nhận đã cấp\",\"originals\":1,"
	    "\"copies\":0},{\"name\":\"Hợp đồng, văn bản về chuyển quyền\","
	    "\"originals\":1,\"copies\":0}]" },
	[DF_BUSINESS] = {
	    "{\"name\":\"ten_co_so\",\"label\":\"Tên doanh nghiệp, hộ kinh"
	    " doanh\",\"type\":\"text\",\"required\":true,\"max\":200},"
	    "{\"name\":\"nganh_nghe\",\"label\":\"Ngành, nghề kinh doanh\","
	    "\"type\":\"text\",\"required\":true,\"max\":500},"
	    "{\"name\":\"von\",\"label\":\"Vốn kinh doanh (đồng)\",\"type\":"
	    "\"number\",\"min\":0,\"max\":999999999999},"
	    "{\"name\":\"dia_diem\",\"label\":\"Địa điểm kinh doanh\",\"type\":"
	    "\"text\",\"required\":true,\"max\":300},"
	    "{\"name\":\"giay_de_nghi\",\"label\":\"Giấy đề nghị\",\"type\":"
	    "\"file\",\"required\":true}",
	    "[{\"name\":\"Giấy đề nghị đăng ký\",\"originals\":1,\"copies\":0},"
	    "{\"name\":\"Bản sao giấy tờ pháp lý của cá nhân\",\"originals\":0,"
	    "\"copies\":1}]" },
	[DF_BUILD] = {
	    "{\"name\":\"cong_trinh\",\"label\":\"Tên công trình\",\"type\":"
	    "\"text\",\"required\":true,\"max\":300},"
	    "{\"name\":\"dia_diem\",\"label\":\"Địa điểm xây dựng\",\"type\":"
	    "\"text\",\"required\":true,\"max\":300},"
	    "{\"name\":\"so_tang\",\"label\":\"Số tầng\",\"type\":\"number\","
	    "\"required\":true,\"min\":1,\"max\":100},"
	    "{\"name\":\"dien_tich_san\",\"label\":\"Tổng diện tích sàn (m²)\","
	    "\"type\":\"number\",\"required\":true,\"min\":1,\"max\":1000000},"
	    "{\"name\":\"don\",\"label\":\"Đơn đề nghị cấp giấy phép\",\"type\":"
	    "\"file\",\"required\":true},"
	    "{\"name\":\"ban_ve\",\"label\":\"Bản vẽ thiết kế\",\"type\":"
	    "\"file\",\"required\":true}",
	    "[{\"name\":\"Đơn đề nghị cấp giấy phép xây dựng\",\"originals\":1,"
	    "\"copies\":0},{\"name\":\"Giấy tờ về quyền sử dụng đất\","
	    "\"originals\":0,\"copies\":1},{\"name\":\"Hai bộ bản vẽ thiết kế\","
	    "\"originals\":2,\"copies\":0}]" },
	[DF_SOCIAL] = {
	    "{\"name\":\"doi_tuong\",\"label\":\"Đối tượng\",\"type\":\"choice\","
	    "\"required\":true,\"options\":[\"Người cao tuổi\",\"Người khuyết"
	    " tật\",\"Trẻ em mồ côi\",\"Hộ nghèo, cận nghèo\",\"Người có công"
	    " với cách mạng\",\"Đối tượng khác\"]},"
	    "{\"name\":\"ngay_sinh\",\"label\":\"Ngày sinh của đối tượng\","
	    "\"type\":\"date\",\"required\":true,\"check\":\"past\"},"
	    "{\"name\":\"so_tai_khoan\",\"label\":\"Số tài khoản nhận trợ cấp"
	    " (nếu có)\",\"type\":\"text\",\"check\":\"digits\",\"max\":20},"
	    "{\"name\":\"to_khai\",\"label\":\"Tờ khai đề nghị trợ cấp\",\"type\":"
	    "\"file\",\"required\":true}",
	    "[{\"name\":\"Tờ khai đề nghị trợ giúp xã hội\",\"originals\":1,"
	    "\"copies\":0},{\"name\":\"Giấy tờ xác nhận đối tượng\","
	    "\"originals\":0,\"copies\":1}]" },
	[DF_LICENSE] = {
	    "{\"name\":\"ngay_sinh\",\"label\":\"Ngày sinh\",\"type\":\"date\","
	    "\"required\":true,\"check\":\"past\"},"
	    "{\"name\":\"trinh_do\",\"label\":\"Trình độ chuyên môn\",\"type\":"
	    "\"choice\",\"required\":true,\"options\":[\"Trung cấp\",\"Cao"
	    " đẳng\",\"Đại học\",\"Sau đại học\"]},"
	    "{\"name\":\"noi_cong_tac\",\"label\":\"Nơi công tác\",\"type\":"
	    "\"text\",\"max\":300},"
	    "{\"name\":\"don\",\"label\":\"Đơn đề nghị\",\"type\":\"file\","
	    "\"required\":true},"
	    "{\"name\":\"van_bang\",\"label\":\"Văn bằng, chứng chỉ\",\"type\":"
	    "\"file\",\"required\":true}",
	    "[{\"name\":\"Đơn đề nghị\",\"originals\":1,\"copies\":0},"
	    "{\"name\":\"Bản sao văn bằng, chứng chỉ chuyên môn\","
	    "\"originals\":0,\"copies\":1},{\"name\":\"Giấy chứng nhận đủ sức"
	    " khỏe\",\"originals\":1,\"copies\":0}]" },
	[DF_GENERIC] = {
	    "{\"name\":\"noi_dung\",\"label\":\"Nội dung đề nghị\",\"type\":"
	    "\"text\",\"required\":true,\"max\":2000},"
	    "{\"name\":\"don\",\"label\":\"Đơn, tờ khai\",\"type\":\"file\","
	    "\"required\":true},"
	    "{\"name\":\"tai_lieu\",\"label\":\"Tài liệu kèm theo\",\"type\":"
	    "\"file\"}",
	    "[{\"name\":\"Đơn hoặc tờ khai theo mẫu\",\"originals\":1,"
	    "\"copies\":0},{\"name\":\"Tài liệu chứng minh\",\"originals\":0,"
	    "\"copies\":1}]" },
};

struct demo_proc {
	const char	*code;
	const char	*name;
	const char	*field;
	const char	*level;
	const char	*unit_code;	/* province level: the department */
	const char	*agency;
	const char	*mode;
	int		 days;
	long		 fee;
	int		 shape;
	const char	*result;
	const char	*legal;
};

#define STP	"000.00.06.H55", "Sở Tư pháp"
#define SKH	"000.00.04.H55", "Sở Kế hoạch và Đầu tư"
#define STT	"000.00.05.H55", "Sở Thông tin và Truyền thông"
#define SCT	"000.00.07.H55", "Sở Công Thương"
#define SNN	"000.00.08.H55", "Sở Nông nghiệp và Phát triển nông thôn"
#define SGT	"000.00.09.H55", "Sở Giao thông vận tải"
#define SXD	"000.00.10.H55", "Sở Xây dựng"
#define STN	"000.00.11.H55", "Sở Tài nguyên và Môi trường"
#define SLD	"000.00.12.H55", "Sở Lao động - Thương binh và Xã hội"
#define SVH	"000.00.13.H55", "Sở Văn hóa, Thể thao và Du lịch"
#define SKC	"000.00.14.H55", "Sở Khoa học và Công nghệ"
#define SGD	"000.00.15.H55", "Sở Giáo dục và Đào tạo"
#define SYT	"000.00.16.H55", "Sở Y tế"
#define SNV	"000.00.02.H55", "Sở Nội vụ"
#define HUY	NULL, "UBND cấp huyện"
#define XA	NULL, "UBND cấp xã"

static const struct demo_proc procs[] = {
	/* Hộ tịch, chứng thực (commune and district). */
	{ "1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune", XA, "full", 0,
	  0, DF_CIVIL, "Giấy khai sinh", "Luật Hộ tịch 2014; Nghị định"
	  " 123/2015/NĐ-CP" },
	{ "1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune", XA, "partial",
	  0, 0, DF_CIVIL, "Giấy chứng nhận kết hôn", "Luật Hộ tịch 2014" },
	{ "1.000656", "Đăng ký khai tử", "Hộ tịch", "commune", XA, "full", 0, 0,
	  DF_CIVIL, "Trích lục khai tử", "Luật Hộ tịch 2014" },
	{ "1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", "commune", XA,
	  "partial", 3, 0, DF_CIVIL, "Trích lục đăng ký nhận cha, mẹ, con",
	  "Luật Hộ tịch 2014" },
	{ "1.004884", "Đăng ký lại khai sinh", "Hộ tịch", "commune", XA, "full",
	  5, 0, DF_CIVIL, "Giấy khai sinh (đăng ký lại)", "Nghị định"
	  " 123/2015/NĐ-CP" },
	{ "1.004873", "Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch",
	  "commune", XA, "full", 3, 0, DF_CIVIL, "Giấy xác nhận tình trạng hôn"
	  " nhân", "Luật Hộ tịch 2014" },
	{ "1.000689", "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
	  "Hộ tịch", "commune", XA, "partial", 3, 0, DF_CIVIL, "Trích lục thay"
	  " đổi, cải chính hộ tịch", "Luật Hộ tịch 2014" },
	{ "1.003583", "Đăng ký giám hộ", "Hộ tịch", "commune", XA, "partial", 3,
	  0, DF_CIVIL, "Trích lục đăng ký giám hộ", "Bộ luật Dân sự 2015" },
	{ "2.000908", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "commune", XA,
	  "full", 0, 8000, DF_CIVIL, "Bản sao trích lục hộ tịch", "Thông tư"
	  " 281/2016/TT-BTC" },
	{ "1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch",
	  "district", HUY, "partial", 3, 75000, DF_CIVIL, "Giấy khai sinh",
	  "Luật Hộ tịch 2014" },
	{ "1.001702", "Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch",
	  "district", HUY, "partial", 15, 1500000, DF_CIVIL, "Giấy chứng nhận"
	  " kết hôn", "Luật Hộ tịch 2014" },
	{ "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ"
	  " quan có thẩm quyền của Việt Nam cấp", "Chứng thực", "commune", XA,
	  "partial", 0, 2000, DF_CERT, "Bản sao được chứng thực", "Nghị định"
	  " 23/2015/NĐ-CP" },
	{ "2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản",
	  "Chứng thực", "commune", XA, "partial", 0, 10000, DF_CERT, "Giấy tờ"
	  " được chứng thực chữ ký", "Nghị định 23/2015/NĐ-CP" },
	{ "2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là"
	  " động sản, quyền sử dụng đất", "Chứng thực", "commune", XA,
	  "partial", 2, 50000, DF_CERT, "Hợp đồng được chứng thực", "Nghị định"
	  " 23/2015/NĐ-CP" },
	{ "2.000843", "Chứng thực bản sao từ bản chính giấy tờ do cơ quan nước"
	  " ngoài cấp", "Chứng thực", "district", HUY, "partial", 0, 2000,
	  DF_CERT, "Bản sao được chứng thực", "Nghị định 23/2015/NĐ-CP" },
	{ "2.000942", "Chứng thực chữ ký người dịch", "Chứng thực", "district",
	  HUY, "partial", 0, 10000, DF_CERT, "Bản dịch được chứng thực",
	  "Nghị định 23/2015/NĐ-CP" },
	/* Tư pháp (province). */
	{ "2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
	  "Lý lịch tư pháp", "province", STP, "full", 10, 200000, DF_GENERIC,
	  "Phiếu lý lịch tư pháp", "Luật Lý lịch tư pháp 2009" },
	{ "2.000505", "Cấp Phiếu lý lịch tư pháp cho người nước ngoài",
	  "Lý lịch tư pháp", "province", STP, "full", 10, 200000, DF_GENERIC,
	  "Phiếu lý lịch tư pháp", "Luật Lý lịch tư pháp 2009" },
	{ "1.008891", "Đăng ký hành nghề và cấp Thẻ công chứng viên",
	  "Công chứng", "province", STP, "partial", 10, 0, DF_LICENSE, "Thẻ"
	  " công chứng viên", "Luật Công chứng 2014" },
	{ "1.001153", "Cấp Thẻ đấu giá viên", "Đấu giá tài sản", "province",
	  STP, "partial", 7, 0, DF_LICENSE, "Thẻ đấu giá viên", "Luật Đấu giá"
	  " tài sản 2016" },
	{ "2.000635", "Đăng ký hoạt động Văn phòng luật sư", "Luật sư",
	  "province", STP, "partial", 10, 100000, DF_BUSINESS, "Giấy đăng ký"
	  " hoạt động", "Luật Luật sư 2006" },
	/* Kế hoạch và đầu tư. */
	{ "2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và"
	  " hoạt động của doanh nghiệp", "province", SKH, "full", 3, 50000,
	  DF_BUSINESS, "Giấy chứng nhận đăng ký doanh nghiệp", "Luật Doanh"
	  " nghiệp 2020; Nghị định 01/2021/NĐ-CP" },
	{ "1.005365", "Đăng ký thành lập công ty TNHH một thành viên",
	  "Thành lập và hoạt động của doanh nghiệp", "province", SKH, "full", 3,
	  50000, DF_BUSINESS, "Giấy chứng nhận đăng ký doanh nghiệp", "Luật"
	  " Doanh nghiệp 2020" },
	{ "2.002040", "Đăng ký thành lập công ty cổ phần", "Thành lập và hoạt"
	  " động của doanh nghiệp", "province", SKH, "full", 3, 50000,
	  DF_BUSINESS, "Giấy chứng nhận đăng ký doanh nghiệp", "Luật Doanh"
	  " nghiệp 2020" },
	{ "1.010026", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
	  "Thành lập và hoạt động của doanh nghiệp", "province", SKH, "full", 3,
	  50000, DF_BUSINESS, "Giấy chứng nhận đăng ký doanh nghiệp", "Nghị"
	  " định 01/2021/NĐ-CP" },
	{ "2.001199", "Thông báo tạm ngừng kinh doanh", "Thành lập và hoạt động"
	  " của doanh nghiệp", "province", SKH, "full", 3, 0, DF_BUSINESS,
	  "Giấy xác nhận tạm ngừng kinh doanh", "Nghị định 01/2021/NĐ-CP" },
	{ "1.009645", "Cấp quyết định chủ trương đầu tư của UBND tỉnh",
	  "Đầu tư tại Việt Nam", "province", SKH, "partial", 35, 0,
	  DF_GENERIC, "Quyết định chấp thuận chủ trương đầu tư", "Luật Đầu tư"
	  " 2020" },
	{ "2.001973", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt"
	  " động của hộ kinh doanh", "district", HUY, "full", 3, 100000,
	  DF_BUSINESS, "Giấy chứng nhận đăng ký hộ kinh doanh", "Nghị định"
	  " 01/2021/NĐ-CP" },
	{ "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
	  "Thành lập và hoạt động của hộ kinh doanh", "district", HUY, "full",
	  3, 100000, DF_BUSINESS, "Giấy chứng nhận đăng ký hộ kinh doanh",
	  "Nghị định 01/2021/NĐ-CP" },
	{ "1.005280", "Đăng ký thành lập hợp tác xã", "Thành lập và hoạt động"
	  " của hợp tác xã", "district", HUY, "full", 5, 100000, DF_BUSINESS,
	  "Giấy chứng nhận đăng ký hợp tác xã", "Luật Hợp tác xã 2023" },
	/* Thông tin và truyền thông. */
	{ "1.003724", "Cấp giấy phép xuất bản bản tin", "Báo chí", "province",
	  STT, "full", 15, 0, DF_GENERIC, "Giấy phép xuất bản bản tin", "Luật"
	  " Báo chí 2016" },
	{ "1.004409", "Cấp giấy phép thiết lập trang thông tin điện tử tổng"
	  " hợp", "Phát thanh, truyền hình và thông tin điện tử", "province",
	  STT, "full", 10, 0, DF_GENERIC, "Giấy phép thiết lập trang thông tin"
	  " điện tử tổng hợp", "Nghị định 72/2013/NĐ-CP" },
	{ "1.005422", "Cấp giấy phép hoạt động in", "Xuất bản, In và Phát"
	  " hành", "province", STT, "full", 7, 0, DF_BUSINESS, "Giấy phép hoạt"
	  " động in", "Nghị định 60/2014/NĐ-CP" },
	{ "1.003695", "Đăng ký hoạt động cơ sở in", "Xuất bản, In và Phát"
	  " hành", "province", STT, "full", 5, 0, DF_BUSINESS, "Giấy xác nhận"
	  " đăng ký hoạt động cơ sở in", "Nghị định 25/2018/NĐ-CP" },
	{ "1.004503", "Cấp giấy phép trưng bày tranh ảnh có nội dung thông tin"
	  " đối ngoại", "Thông tin đối ngoại", "province", STT, "full", 15, 0,
	  DF_GENERIC, "Giấy phép trưng bày", "Nghị định 72/2015/NĐ-CP" },
	{ "1.006325", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ trò"
	  " chơi điện tử công cộng", "Phát thanh, truyền hình và thông tin"
	  " điện tử", "district", HUY, "full", 5, 200000, DF_BUSINESS,
	  "Giấy chứng nhận đủ điều kiện", "Nghị định 72/2013/NĐ-CP" },
	/* Công Thương. */
	{ "2.000633", "Cấp giấy phép bán lẻ sản phẩm rượu", "Lưu thông hàng"
	  " hóa trong nước", "district", HUY, "full", 10, 400000, DF_BUSINESS,
	  "Giấy phép bán lẻ rượu", "Nghị định 105/2017/NĐ-CP" },
	{ "2.000629", "Cấp giấy phép bán lẻ sản phẩm thuốc lá", "Lưu thông hàng"
	  " hóa trong nước", "district", HUY, "full", 10, 400000, DF_BUSINESS,
	  "Giấy phép bán lẻ thuốc lá", "Nghị định 67/2013/NĐ-CP" },
	{ "2.000615", "Cấp giấy phép bán buôn sản phẩm rượu", "Lưu thông hàng"
	  " hóa trong nước", "province", SCT, "full", 15, 1200000, DF_BUSINESS,
	  "Giấy phép bán buôn rượu", "Nghị định 105/2017/NĐ-CP" },
	{ "2.000190", "Cấp giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng"
	  " dầu", "Kinh doanh khí và xăng dầu", "province", SCT, "full", 15,
	  1200000, DF_BUSINESS, "Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ"
	  " xăng dầu", "Nghị định 83/2014/NĐ-CP" },
	{ "2.000591", "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm đối"
	  " với cơ sở sản xuất, kinh doanh thực phẩm do Sở Công Thương thực"
	  " hiện", "An toàn thực phẩm", "province", SCT, "partial", 15, 2500000,
	  DF_BUSINESS, "Giấy chứng nhận đủ điều kiện an toàn thực phẩm",
	  "Luật An toàn thực phẩm 2010" },
	{ "2.000162", "Cấp giấy phép hoạt động điện lực trong lĩnh vực phân"
	  " phối điện", "Điện", "province", SCT, "partial", 15, 800000,
	  DF_BUSINESS, "Giấy phép hoạt động điện lực", "Luật Điện lực" },
	/* Nông nghiệp. */
	{ "1.003605", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực"
	  " phẩm nông, lâm, thủy sản", "Quản lý chất lượng nông lâm sản và"
	  " thủy sản", "province", SNN, "partial", 15, 700000, DF_BUSINESS,
	  "Giấy chứng nhận cơ sở đủ điều kiện", "Thông tư 38/2018/TT-BNNPTNT" },
	{ "1.008004", "Cấp giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ"
	  " thực vật", "Bảo vệ thực vật", "province", SNN, "partial", 20,
	  500000, DF_BUSINESS, "Giấy chứng nhận đủ điều kiện buôn bán thuốc"
	  " bảo vệ thực vật", "Luật Bảo vệ và kiểm dịch thực vật 2013" },
	{ "1.003397", "Phê duyệt phương án khai thác thực vật rừng thông"
	  " thường", "Lâm nghiệp", "province", SNN, "partial", 10, 0,
	  DF_GENERIC, "Quyết định phê duyệt", "Luật Lâm nghiệp 2017" },
	{ "1.007916", "Cấp giấy phép vận chuyển động vật", "Thú y", "province",
	  SNN, "full", 1, 40000, DF_GENERIC, "Giấy chứng nhận kiểm dịch",
	  "Luật Thú y 2015" },
	{ "1.010091", "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên"
	  " tai", "Trồng trọt", "commune", XA, "partial", 10, 0, DF_GENERIC,
	  "Danh sách hộ được hỗ trợ", "Nghị định 02/2017/NĐ-CP" },
	{ "1.003622", "Xác nhận bảng kê lâm sản", "Lâm nghiệp", "commune", XA,
	  "partial", 2, 0, DF_GENERIC, "Bảng kê lâm sản được xác nhận",
	  "Thông tư 27/2018/TT-BNNPTNT" },
	/* Giao thông vận tải. */
	{ "1.002804", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
	  "Đường bộ", "province", SGT, "full", 5, 135000, DF_LICENSE, "Giấy"
	  " phép lái xe", "Thông tư 12/2017/TT-BGTVT" },
	{ "1.002809", "Cấp lại giấy phép lái xe", "Đường bộ", "province", SGT,
	  "full", 10, 135000, DF_LICENSE, "Giấy phép lái xe", "Thông tư"
	  " 12/2017/TT-BGTVT" },
	{ "1.002861", "Cấp giấy phép kinh doanh vận tải bằng xe ô tô",
	  "Đường bộ", "province", SGT, "full", 5, 200000, DF_BUSINESS, "Giấy"
	  " phép kinh doanh vận tải", "Nghị định 10/2020/NĐ-CP" },
	{ "1.002856", "Cấp phù hiệu xe ô tô kinh doanh vận tải", "Đường bộ",
	  "province", SGT, "full", 2, 0, DF_GENERIC, "Phù hiệu", "Nghị định"
	  " 10/2020/NĐ-CP" },
	{ "1.001061", "Cấp giấy phép thi công công trình trên đường bộ đang"
	  " khai thác", "Đường bộ", "province", SGT, "full", 7, 0, DF_BUILD,
	  "Giấy phép thi công", "Thông tư 50/2015/TT-BGTVT" },
	/* Xây dựng. */
	{ "1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp đặc"
	  " biệt, cấp I, II", "Hoạt động xây dựng", "province", SXD, "partial",
	  20, 150000, DF_BUILD, "Giấy phép xây dựng", "Luật Xây dựng 2014,"
	  " sửa đổi 2020" },
	{ "1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
	  "Hoạt động xây dựng", "district", HUY, "partial", 15, 75000,
	  DF_BUILD, "Giấy phép xây dựng", "Luật Xây dựng 2014, sửa đổi 2020" },
	{ "1.009995", "Cấp giấy phép sửa chữa, cải tạo công trình", "Hoạt động"
	  " xây dựng", "district", HUY, "partial", 15, 75000, DF_BUILD, "Giấy"
	  " phép sửa chữa, cải tạo", "Nghị định 15/2021/NĐ-CP" },
	{ "1.009997", "Cấp giấy phép di dời công trình", "Hoạt động xây dựng",
	  "district", HUY, "partial", 15, 75000, DF_BUILD, "Giấy phép di dời",
	  "Nghị định 15/2021/NĐ-CP" },
	{ "1.009982", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III",
	  "Hoạt động xây dựng", "province", SXD, "full", 20, 300000,
	  DF_LICENSE, "Chứng chỉ hành nghề", "Nghị định 15/2021/NĐ-CP" },
	{ "1.007750", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
	  "Hoạt động xây dựng", "province", SXD, "partial", 30, 0, DF_BUILD,
	  "Văn bản thông báo kết quả thẩm định", "Nghị định 15/2021/NĐ-CP" },
	/* Tài nguyên và môi trường, đất đai. */
	{ "1.004227", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
	  "Đất đai", "district", HUY, "partial", 30, 100000, DF_LAND, "Giấy"
	  " chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với"
	  " đất", "Luật Đất đai 2024" },
	{ "1.004203", "Đăng ký biến động quyền sử dụng đất do chuyển nhượng,"
	  " tặng cho, thừa kế", "Đất đai", "district", HUY, "partial", 10,
	  100000, DF_LAND, "Giấy chứng nhận đã chỉnh lý", "Luật Đất đai 2024" },
	{ "1.004217", "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Đất đai",
	  "district", HUY, "partial", 7, 50000, DF_LAND, "Giấy chứng nhận mới",
	  "Luật Đất đai 2024" },
	{ "1.004193", "Cấp lại Giấy chứng nhận do bị mất", "Đất đai",
	  "district", HUY, "partial", 10, 50000, DF_LAND, "Giấy chứng nhận",
	  "Luật Đất đai 2024" },
	{ "1.004177", "Chuyển mục đích sử dụng đất phải được phép của cơ quan"
	  " nhà nước có thẩm quyền", "Đất đai", "district", HUY, "partial", 15,
	  0, DF_LAND, "Quyết định cho phép chuyển mục đích", "Luật Đất đai"
	  " 2024" },
	{ "1.004176", "Tách thửa hoặc hợp thửa đất", "Đất đai", "district",
	  HUY, "partial", 15, 50000, DF_LAND, "Giấy chứng nhận các thửa mới",
	  "Luật Đất đai 2024" },
	{ "1.003003", "Đăng ký, xóa đăng ký thế chấp quyền sử dụng đất",
	  "Đăng ký biện pháp bảo đảm", "district", HUY, "full", 1, 80000,
	  DF_LAND, "Đơn đăng ký được chứng nhận", "Nghị định 99/2022/NĐ-CP" },
	{ "1.004246", "Giao đất, cho thuê đất đối với tổ chức", "Đất đai",
	  "province", STN, "partial", 20, 0, DF_LAND, "Quyết định giao đất,"
	  " cho thuê đất", "Luật Đất đai 2024" },
	{ "1.004258", "Cấp giấy phép khai thác nước dưới đất", "Tài nguyên"
	  " nước", "province", STN, "partial", 30, 0, DF_GENERIC, "Giấy phép"
	  " khai thác nước dưới đất", "Luật Tài nguyên nước 2023" },
	{ "1.010733", "Cấp giấy phép môi trường", "Môi trường", "province",
	  STN, "partial", 30, 0, DF_GENERIC, "Giấy phép môi trường", "Luật"
	  " Bảo vệ môi trường 2020" },
	{ "1.010736", "Đăng ký môi trường", "Môi trường", "commune", XA, "full",
	  5, 0, DF_GENERIC, "Xác nhận đăng ký môi trường", "Luật Bảo vệ môi"
	  " trường 2020" },
	{ "1.003554", "Hòa giải tranh chấp đất đai", "Đất đai", "commune", XA,
	  "partial", 45, 0, DF_LAND, "Biên bản hòa giải", "Luật Đất đai 2024" },
	/* Lao động - Thương binh và Xã hội. */
	{ "1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng"
	  " tháng", "Bảo trợ xã hội", "commune", XA, "full", 7, 0, DF_SOCIAL,
	  "Quyết định trợ cấp xã hội", "Nghị định 20/2021/NĐ-CP" },
	{ "1.001758", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
	  "Bảo trợ xã hội", "commune", XA, "full", 3, 0, DF_SOCIAL, "Quyết định"
	  " hỗ trợ chi phí mai táng", "Nghị định 20/2021/NĐ-CP" },
	{ "1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy"
	  " xác nhận khuyết tật", "Bảo trợ xã hội", "commune", XA, "partial",
	  25, 0, DF_SOCIAL, "Giấy xác nhận khuyết tật", "Luật Người khuyết tật"
	  " 2010" },
	{ "2.000286", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
	  "Giảm nghèo", "commune", XA, "partial", 7, 0, DF_SOCIAL, "Giấy chứng"
	  " nhận hộ nghèo, hộ cận nghèo", "Nghị định 07/2021/NĐ-CP" },
	{ "1.010801", "Trợ cấp một lần đối với thân nhân người có công với"
	  " cách mạng từ trần", "Người có công", "province", SLD, "partial", 12,
	  0, DF_SOCIAL, "Quyết định trợ cấp một lần", "Pháp lệnh Ưu đãi người"
	  " có công 2020" },
	{ "1.000105", "Giải quyết hưởng trợ cấp thất nghiệp", "Việc làm",
	  "province", SLD, "full", 20, 0, DF_SOCIAL, "Quyết định hưởng trợ"
	  " cấp thất nghiệp", "Luật Việc làm 2013" },
	{ "2.000205", "Cấp giấy phép lao động cho người nước ngoài làm việc tại"
	  " Việt Nam", "Việc làm", "province", SLD, "full", 5, 400000,
	  DF_LICENSE, "Giấy phép lao động", "Nghị định 152/2020/NĐ-CP" },
	{ "1.000414", "Đăng ký nội quy lao động của doanh nghiệp", "Lao động",
	  "district", HUY, "full", 7, 0, DF_GENERIC, "Thông báo về việc đăng"
	  " ký nội quy lao động", "Bộ luật Lao động 2019" },
	{ "1.001731", "Đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập",
	  "Bảo trợ xã hội", "district", HUY, "partial", 10, 0, DF_BUSINESS,
	  "Giấy chứng nhận đăng ký thành lập", "Nghị định 103/2017/NĐ-CP" },
	/* Văn hóa, thể thao và du lịch. */
	{ "1.001029", "Cấp giấy phép kinh doanh dịch vụ karaoke", "Văn hóa",
	  "district", HUY, "full", 5, 3000000, DF_BUSINESS, "Giấy phép đủ điều"
	  " kiện kinh doanh dịch vụ karaoke", "Nghị định 54/2019/NĐ-CP" },
	{ "1.003645", "Công nhận gia đình văn hóa", "Văn hóa", "commune", XA,
	  "partial", 5, 0, DF_GENERIC, "Giấy khen gia đình văn hóa", "Nghị"
	  " định 122/2018/NĐ-CP" },
	{ "1.001266", "Cấp giấy phép tổ chức lễ hội", "Văn hóa", "province",
	  SVH, "full", 15, 0, DF_GENERIC, "Văn bản chấp thuận", "Nghị định"
	  " 110/2018/NĐ-CP" },
	{ "1.004628", "Công nhận cơ sở lưu trú du lịch hạng 1-2 sao", "Du lịch",
	  "province", SVH, "full", 30, 1500000, DF_BUSINESS, "Quyết định công"
	  " nhận hạng", "Luật Du lịch 2017" },
	{ "1.001432", "Cấp thẻ hướng dẫn viên du lịch nội địa", "Du lịch",
	  "province", SVH, "full", 10, 650000, DF_LICENSE, "Thẻ hướng dẫn viên"
	  " du lịch", "Luật Du lịch 2017" },
	{ "1.000934", "Cấp giấy chứng nhận đủ điều kiện kinh doanh hoạt động"
	  " thể thao", "Thể dục thể thao", "province", SVH, "full", 7, 0,
	  DF_BUSINESS, "Giấy chứng nhận đủ điều kiện", "Nghị định"
	  " 36/2019/NĐ-CP" },
	/* Khoa học và công nghệ. */
	{ "1.002399", "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công"
	  " nghệ", "Hoạt động khoa học và công nghệ", "province", SKC, "full",
	  15, 0, DF_BUSINESS, "Giấy chứng nhận đăng ký", "Nghị định"
	  " 08/2014/NĐ-CP" },
	{ "1.004485", "Cấp giấy phép tiến hành công việc bức xạ sử dụng thiết"
	  " bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân",
	  "province", SKC, "full", 15, 1000000, DF_LICENSE, "Giấy phép tiến"
	  " hành công việc bức xạ", "Luật Năng lượng nguyên tử 2008" },
	{ "1.001096", "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
	  "Tiêu chuẩn đo lường chất lượng", "province", SKC, "full", 5, 150000,
	  DF_BUSINESS, "Thông báo tiếp nhận hồ sơ công bố", "Nghị định"
	  " 127/2007/NĐ-CP" },
	/* Giáo dục và đào tạo. */
	{ "1.005090", "Công nhận văn bằng tốt nghiệp do cơ sở giáo dục nước"
	  " ngoài cấp", "Văn bằng, chứng chỉ", "province", SGD, "full", 20, 0,
	  DF_LICENSE, "Giấy công nhận văn bằng", "Thông tư 13/2021/TT-BGDĐT" },
	{ "1.005092", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng,"
	  " chứng chỉ", "province", SGD, "full", 1, 0, DF_GENERIC, "Bản sao văn"
	  " bằng, chứng chỉ", "Thông tư 21/2019/TT-BGDĐT" },
	{ "1.006390", "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo"
	  " dục", "Giáo dục và Đào tạo", "province", SGD, "partial", 20, 0,
	  DF_BUSINESS, "Quyết định cho phép hoạt động", "Nghị định"
	  " 125/2024/NĐ-CP" },
	{ "1.004515", "Chuyển trường đối với học sinh trung học cơ sở",
	  "Giáo dục trung học", "district", HUY, "full", 3, 0, DF_GENERIC,
	  "Giấy giới thiệu chuyển trường", "Thông tư 50/2021/TT-BGDĐT" },
	{ "1.004492", "Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động",
	  "Giáo dục mầm non", "commune", XA, "partial", 10, 0, DF_BUSINESS,
	  "Quyết định cho phép hoạt động", "Nghị định 46/2017/NĐ-CP" },
	/* Y tế. */
	{ "1.001907", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám"
	  " bệnh, chữa bệnh", "province", SYT, "partial", 30, 360000,
	  DF_LICENSE, "Chứng chỉ hành nghề", "Luật Khám bệnh, chữa bệnh 2023" },
	{ "1.002134", "Cấp giấy phép hoạt động phòng khám chuyên khoa", "Khám"
	  " bệnh, chữa bệnh", "province", SYT, "partial", 45, 4300000,
	  DF_BUSINESS, "Giấy phép hoạt động", "Luật Khám bệnh, chữa bệnh 2023" },
	{ "1.004616", "Cấp chứng chỉ hành nghề dược", "Dược phẩm", "province",
	  SYT, "full", 20, 500000, DF_LICENSE, "Chứng chỉ hành nghề dược",
	  "Luật Dược 2016" },
	{ "1.004604", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược đối với"
	  " nhà thuốc", "Dược phẩm", "province", SYT, "partial", 30, 1000000,
	  DF_BUSINESS, "Giấy chứng nhận đủ điều kiện kinh doanh dược", "Luật"
	  " Dược 2016" },
	{ "1.001628", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"
	  " đối với dịch vụ ăn uống", "An toàn thực phẩm", "district", HUY,
	  "partial", 20, 700000, DF_BUSINESS, "Giấy chứng nhận đủ điều kiện",
	  "Nghị định 15/2018/NĐ-CP" },
	/* Nội vụ, tôn giáo, thi đua. */
	{ "1.003822", "Thành lập hội có phạm vi hoạt động trong tỉnh", "Tổ chức"
	  " phi chính phủ", "province", SNV, "partial", 30, 0, DF_GENERIC,
	  "Quyết định cho phép thành lập hội", "Nghị định 45/2010/NĐ-CP" },
	{ "1.001078", "Đăng ký hoạt động tín ngưỡng", "Tín ngưỡng, tôn giáo",
	  "commune", XA, "partial", 15, 0, DF_GENERIC, "Văn bản chấp thuận",
	  "Luật Tín ngưỡng, tôn giáo 2016" },
	{ "1.001055", "Thông báo tổ chức quyên góp ngoài địa bàn một xã của cơ"
	  " sở tín ngưỡng", "Tín ngưỡng, tôn giáo", "district", HUY, "full", 20,
	  0, DF_GENERIC, "Văn bản trả lời", "Nghị định 95/2023/NĐ-CP" },
	{ "2.000346", "Tặng giấy khen của Chủ tịch UBND cấp xã về thực hiện"
	  " nhiệm vụ chính trị", "Thi đua, khen thưởng", "commune", XA,
	  "partial", 20, 0, DF_GENERIC, "Quyết định khen thưởng", "Luật Thi"
	  " đua, khen thưởng 2022" },
	{ "1.000775", "Tặng danh hiệu Lao động tiên tiến", "Thi đua, khen"
	  " thưởng", "district", HUY, "partial", 20, 0, DF_GENERIC, "Quyết định"
	  " công nhận danh hiệu", "Luật Thi đua, khen thưởng 2022" },
	/* Cư trú, tiếp công dân, nông thôn (commune). */
	{ "1.010039", "Xác nhận thông tin về cư trú", "Đăng ký, quản lý cư trú",
	  "commune", XA, "full", 1, 0, DF_GENERIC, "Giấy xác nhận thông tin"
	  " về cư trú", "Luật Cư trú 2020" },
	{ "2.002226", "Giải quyết khiếu nại lần đầu tại cấp xã", "Giải quyết"
	  " khiếu nại", "commune", XA, "partial", 30, 0, DF_GENERIC, "Quyết định"
	  " giải quyết khiếu nại", "Luật Khiếu nại 2011" },
	{ "2.001909", "Tiếp công dân tại cấp xã", "Tiếp công dân", "commune",
	  XA, "partial", 0, 0, DF_GENERIC, "Thông báo kết quả tiếp nhận",
	  "Luật Tiếp công dân 2013" },
	{ "1.003596", "Xác nhận đơn đề nghị vay vốn hộ nghèo của Ngân hàng"
	  " Chính sách xã hội", "Tín dụng chính sách", "commune", XA, "full", 1,
	  0, DF_SOCIAL, "Đơn được xác nhận", "Nghị định 78/2002/NĐ-CP" },
	{ "1.008927", "Xác nhận hợp đồng tiếp cận nguồn gen", "Tài nguyên"
	  " sinh học", "commune", XA, "partial", 5, 0, DF_GENERIC, "Hợp đồng"
	  " được xác nhận", "Nghị định 59/2017/NĐ-CP" },
	{ "1.005462", "Đăng ký khai thác tuyến vận tải hành khách cố định",
	  "Đường bộ", "province", SGT, "full", 5, 0, DF_BUSINESS, "Thông báo"
	  " đăng ký khai thác tuyến", "Nghị định 10/2020/NĐ-CP" },
	{ "1.004438", "Thẩm định thiết kế cơ sở của dự án đầu tư xây dựng",
	  "Hoạt động xây dựng", "province", SXD, "partial", 25, 0, DF_BUILD,
	  "Văn bản thông báo kết quả thẩm định", "Nghị định 15/2021/NĐ-CP" },
	{ "1.009750", "Cấp giấy phép xả nước thải vào nguồn nước", "Tài nguyên"
	  " nước", "province", STN, "partial", 30, 0, DF_GENERIC, "Giấy phép"
	  " xả nước thải", "Luật Tài nguyên nước 2023" },
	{ "1.011472", "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm"
	  " y tế cho trẻ em dưới 6 tuổi (liên thông)", "Hộ tịch", "commune", XA,
	  "full", 5, 0, DF_CIVIL, "Giấy khai sinh, thẻ bảo hiểm y tế",
	  "Nghị định 63/2024/NĐ-CP" },
	{ "1.011474", "Đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử"
	  " tuất (liên thông)", "Hộ tịch", "commune", XA, "full", 5, 0,
	  DF_CIVIL, "Trích lục khai tử, quyết định hưởng chế độ", "Nghị định"
	  " 63/2024/NĐ-CP" },
};

int
svc_demo_count(void)
{
	return (int)(sizeof(procs) / sizeof(procs[0]));
}

int
svc_demo_load(struct db *db)
{
	struct svc_err e = { 0 };
	struct buf form = BUF_INIT;
	size_t i;
	int created;

	for (i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		const struct demo_proc *d = &procs[i];
		struct arena a = ARENA_INIT;
		struct svc_procedure p;
		json_error_t jerr;
		json_t *o;
		int rc;

		buf_reset(&form);
		buf_printf(&form, "[%s%s]", person_fields,
		    shapes[d->shape].fields);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I,"
		    " s:s, s:s, s:s}", "code", d->code, "name", d->name, "field",
		    d->field, "level", d->level, "agency", d->agency, "unit_code",
		    d->unit_code ? d->unit_code : "", "mode", d->mode, "days",
		    d->days, "fee", (json_int_t)d->fee, "fee_text", d->fee ?
		    "Lệ phí theo quy định" : "Không thu", "result", d->result,
		    "legal_basis", d->legal);
		json_object_set_new(o, "components", json_loads(
		    shapes[d->shape].components, 0, &jerr));
		json_object_set_new(o, "form", json_loads(form.data, 0, &jerr));
		rc = svc_procedure_from_json(&a, o, &p, &e);
		if (rc == 0)
			rc = svc_procedure_save(db, 0, "init", "", &p, &created,
			    &e);
		json_decref(o);
		arena_release(&a);
		if (rc < 0) {
			log_error("%s: %s: %s", __func__, d->code, e.message ?
			    e.message : "?");
			buf_release(&form);
			return -1;
		}
	}
	buf_release(&form);
	return 0;
}
