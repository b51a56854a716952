/*
 * directory_demo_data.c - the fixed tables of the demo province, as
 * directory_demo_data.h declares them; directory_demo.c builds the units
 * and people from them.
 */
#include <stddef.h>

#include "directory/directory_demo_data.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- Units: departments and sectors ---- */

const struct demo_dept demo_depts[] = {
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
const size_t demo_ndepts = NELEM(demo_depts);

/* Sectors with a branch in every district ("%d": "huyện Đồng Hỷ"). */
const struct demo_branch demo_branches[] = {
	{ "CAT", "Công an %d", "CA" },
	{ "BCHQS", "Ban Chỉ huy Quân sự %d", "BCHQS" },
	{ "BHXH", "Bảo hiểm xã hội %d", "BHXH" },
	{ "CT", "Chi cục Thuế %d", "CCT" },
	{ "KBNN", "Kho bạc Nhà nước %d", "KBNN" },
	{ "CTK", "Chi cục Thống kê %d", "CCTK" },
};
const size_t demo_nbranches = NELEM(demo_branches);

/* ---- Units: districts and communes ---- */

const char *const demo_dt_word[DT_MAX] = { "thành phố", "thị xã", "huyện" };
const char *const demo_dt_party[DT_MAX] =
    { "Thành ủy", "Thị ủy", "Huyện ủy" };
const char *const demo_dt_youth[DT_MAX] =
    { "Thành đoàn", "Thị đoàn", "Huyện đoàn" };
const char *const demo_dt_pshort[DT_MAX] = { "TU", "TU", "HU" };

/*
 * Communes are '|'-separated, each led by its type: 'p' phường, 't' thị
 * trấn, 'x' xã, 'P' a xã that became a phường when the district changed
 * type (on `since`).
 */
const struct demo_district demo_districts[] = {
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
const size_t demo_ndistricts = NELEM(demo_districts);

/* Divisions under a district's people's committee; the first is its
 * office, which holds the one-stop section. */
const struct demo_district_div demo_district_divs[] = {
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
const size_t demo_ndistrict_divs = NELEM(demo_district_divs);

/* ---- Units: party and mass organisations ---- */

const char demo_province_party[] =
    "Văn phòng Tỉnh ủy=VPTU|Ban Tổ chức Tỉnh ủy=BTCTU|"
    "Ban Tuyên giáo Tỉnh ủy=BTGTU|Ban Dân vận Tỉnh ủy=BDVTU|"
    "Ban Nội chính Tỉnh ủy=BNCTU|Ủy ban Kiểm tra Tỉnh ủy=UBKTTU|"
    "Trường Chính trị tỉnh=TCT|Đảng ủy Khối các cơ quan tỉnh=ĐUKCCQ|"
    "Đảng ủy Khối Doanh nghiệp tỉnh=ĐUKDN|Ủy ban MTTQ Việt Nam tỉnh=MTTQ|"
    "Tỉnh đoàn Thái Nguyên=TĐ|Hội Liên hiệp Phụ nữ tỉnh=HLHPN|"
    "Hội Nông dân tỉnh=HND|Hội Cựu chiến binh tỉnh=HCCB|"
    "Liên đoàn Lao động tỉnh=LĐLĐ";

/* "%p": "Huyện ủy Đồng Hỷ", "%y": "Huyện đoàn Đồng Hỷ". */
const struct demo_district_body demo_district_party[] = {
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
const size_t demo_ndistrict_party = NELEM(demo_district_party);

/* Title of a unit's head, from the start of its name. */
const struct demo_head demo_heads[] = {
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
const size_t demo_nheads = NELEM(demo_heads);

/* Kind of staff, from the start of a unit's name. */
const struct demo_ctx_rule demo_ctx_rules[] = {
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
const size_t demo_nctx_rules = NELEM(demo_ctx_rules);

/* Share of the staff by kind of unit (relative weights). */
const int demo_ctx_weight[CTX_MAX] = {
	[CTX_OFFICE] = 8, [CTX_INSPECT] = 8, [CTX_SCHOOL] = 22,
	[CTX_HEALTH] = 26, [CTX_POLICE] = 14, [CTX_MILITARY] = 10,
	[CTX_MEDIA] = 10, [CTX_FOREST] = 6, [CTX_ONESTOP] = 10,
};

/* ---- People ---- */

/* Surnames; the second weight applies in mountain districts. */
const struct demo_surname demo_surnames[] = {
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
const size_t demo_nsurnames = NELEM(demo_surnames);

const struct demo_wtext demo_middle_m[] = {
	{ "Văn", 40 }, { "Đức", 10 }, { "Minh", 8 }, { "Quang", 6 },
	{ "Xuân", 5 }, { "Hữu", 5 }, { "Công", 5 }, { "Thanh", 5 },
	{ "Mạnh", 4 }, { "Ngọc", 4 }, { "Quốc", 4 }, { "Đình", 4 },
	{ "Tuấn", 3 }, { "Trung", 3 }, { "Duy", 3 }, { "Tiến", 3 },
	{ "Việt", 3 }, { "Hải", 3 }, { "Thế", 3 }, { "Trọng", 3 },
	{ "Huy", 2 }, { "Anh", 2 },
};
const size_t demo_nmiddle_m = NELEM(demo_middle_m);

const struct demo_wtext demo_middle_f[] = {
	{ "Thị", 55 }, { "Thu", 6 }, { "Ngọc", 5 }, { "Thanh", 5 },
	{ "Hồng", 4 }, { "Minh", 4 }, { "Phương", 3 }, { "Thúy", 3 },
	{ "Kim", 3 }, { "Thùy", 3 }, { "Bích", 2 }, { "Hải", 2 },
	{ "Hoài", 2 }, { "Diệu", 2 }, { "Khánh", 2 }, { "Mai", 2 },
	{ "Lan", 2 }, { "Quỳnh", 2 },
};
const size_t demo_nmiddle_f = NELEM(demo_middle_f);

/* A second middle name after "Thị" (three times in ten). */
const char *const demo_middle_f2[] = {
	"Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Thúy", "Phương",
	"Bích", "Mai",
};
const size_t demo_nmiddle_f2 = NELEM(demo_middle_f2);

const char *const demo_given_m[] = {
	"An", "Anh", "Bảo", "Bình", "Chiến", "Cường", "Công", "Dũng", "Duy",
	"Đạt", "Định", "Đông", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiệp",
	"Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang", "Khánh", "Khoa",
	"Kiên", "Lâm", "Linh", "Long", "Lộc", "Lợi", "Luân", "Mạnh", "Minh",
	"Nam", "Nghĩa", "Ngọc", "Nhật", "Phong", "Phú", "Phúc", "Phương",
	"Quân", "Quang", "Quý", "Sơn", "Tài", "Tâm", "Tân", "Thái", "Thắng",
	"Thành", "Thiện", "Thịnh", "Thuận", "Tiến", "Toàn", "Trọng", "Trung",
	"Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Vượng",
};
const size_t demo_ngiven_m = NELEM(demo_given_m);

const char *const demo_given_f[] = {
	"An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Cúc", "Diệp", "Dung",
	"Duyên", "Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa",
	"Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Liễu",
	"Linh", "Loan", "Ly", "Mai", "Minh", "My", "Nga", "Ngân", "Ngọc",
	"Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Sen",
	"Tâm", "Thảo", "Thoa", "Thơm", "Thu", "Thủy", "Thư", "Trang", "Trinh",
	"Tuyết", "Uyên", "Vân", "Xuân", "Yến",
};
const size_t demo_ngiven_f = NELEM(demo_given_f);

/* Mobile prefixes of the main networks. */
const char *const demo_mobile[] = {
	"096", "097", "098", "086", "091", "094", "088", "090", "093", "089",
	"083", "085", "081", "092",
};
const size_t demo_nmobile = NELEM(demo_mobile);

/* A position, the roles it carries and the share of women (per mille). */
const struct demo_slot demo_staff[CTX_MAX][STAFF_MAX] = {
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
const struct demo_account demo_fixed[] = {
	{ "admin", "Trần Minh Quân", "Quản trị hệ thống", R_ADMIN, AT_STTTT },
	{ "vanthu", "Nguyễn Thị Thu Hà", "Văn thư", R_CLERK, AT_STTTT },
	{ "lanhdao", "Hoàng Văn Thắng", "Giám đốc", R_LEADER, AT_STTTT },
	{ "chuyenvien", "Lê Thị Hương", "Chuyên viên", R_SPEC, AT_STTTT },
	{ "bientap", "Phạm Ngọc Anh", "Biên tập viên", R_EDITOR, AT_STTTT },
	{ "motcua", "Dương Thị Lan", "Công chức một cửa", R_ONESTOP,
	  AT_DONGHY },
};
const size_t demo_nfixed = NELEM(demo_fixed);

_Static_assert(NELEM(demo_fixed) <= DEMO_FIXED_MAX,
    "DEMO_FIXED_MAX is too small for demo_fixed");
