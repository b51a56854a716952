#!/usr/bin/env python3
"""docs_corpus.py - a synthetic but realistic corpus of official documents
for bench/docs.sh, as `congso doc import` lines (JSON Lines on stdout).

    docs_corpus.py UNITS.txt COUNT [FIRST_YEAR] [SEED]

UNITS.txt holds "code|name" lines: the units that keep registers. Each
document is kept by one unit, spread over three years from FIRST_YEAR;
four in ten are outgoing (numbered per unit, type and year, addressed to
one to three other units), six in ten incoming (from another unit of the
province or a ministry). Summaries are Vietnamese, built from templates of
what provincial bodies write about.
"""
import json
import random
import sys

TYPES = [("CV", 40), ("QĐ", 14), ("TB", 10), ("KH", 8), ("BC", 8),
         ("GM", 7), ("TTr", 4), ("HD", 3), ("CT", 2), ("NQ", 2), ("BB", 2)]
VERB = {
    "CV": ["về việc", "V/v"], "QĐ": ["phê duyệt", "ban hành", "thành lập",
    "giao chỉ tiêu"], "TB": ["kết luận của lãnh đạo về", "lịch"],
    "KH": ["triển khai", "thực hiện"], "BC": ["kết quả", "tình hình"],
    "GM": ["dự họp về"], "TTr": ["đề nghị phê duyệt"], "HD": ["thực hiện"],
    "CT": ["về tăng cường"], "NQ": ["về"], "BB": ["nghiệm thu"],
}
TOPICS = [
    "chuyển đổi số", "cải cách hành chính", "dịch vụ công trực tuyến",
    "chính quyền điện tử", "an toàn thông tin mạng", "hạ tầng viễn thông",
    "phòng, chống thiên tai", "xây dựng nông thôn mới", "giải phóng mặt bằng",
    "quản lý đất đai", "bồi thường, hỗ trợ tái định cư", "phòng cháy, chữa cháy",
    "an toàn thực phẩm", "tiêm chủng mở rộng", "phổ cập giáo dục",
    "tuyển sinh lớp 10", "xây dựng trường chuẩn quốc gia", "đầu tư công",
    "giải ngân vốn đầu tư công", "thu ngân sách nhà nước", "quyết toán ngân sách",
    "thực hành tiết kiệm, chống lãng phí", "phòng, chống tham nhũng",
    "tiếp công dân định kỳ", "giải quyết khiếu nại, tố cáo",
    "bảo vệ môi trường", "thu gom rác thải sinh hoạt", "trồng rừng",
    "phát triển chè Thái Nguyên", "chương trình OCOP", "du lịch cộng đồng",
    "bảo hiểm xã hội tự nguyện", "bảo hiểm y tế học sinh", "giảm nghèo bền vững",
    "chi trả trợ cấp xã hội", "người có công với cách mạng", "tuyển quân",
    "diễn tập khu vực phòng thủ", "bảo đảm trật tự an toàn giao thông",
    "cấp căn cước công dân", "Đề án 06", "chữ ký số", "hộp thư điện tử công vụ",
    "hệ thống quản lý văn bản và điều hành", "lưu trữ hồ sơ điện tử",
    "thi đua, khen thưởng", "công tác cán bộ", "tinh giản biên chế",
    "sắp xếp đơn vị hành chính cấp xã", "bầu cử đại biểu Hội đồng nhân dân",
    "kỷ niệm ngày thành lập tỉnh", "Tết Nguyên đán", "mùa mưa bão",
    "dịch tả lợn châu Phi", "kiểm tra công vụ", "chỉ số PAR INDEX",
    "chỉ số hài lòng SIPAS", "chỉ số năng lực cạnh tranh cấp tỉnh PCI",
]
WHEN = ["năm {y}", "quý I năm {y}", "quý II năm {y}", "quý III năm {y}",
        "6 tháng đầu năm {y}", "giai đoạn 2021–2025", "tháng {m}/{y}"]
MINISTRIES = ["Bộ Thông tin và Truyền thông", "Văn phòng Chính phủ",
              "Bộ Nội vụ", "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư",
              "Bộ Tài nguyên và Môi trường", "Bộ Y tế",
              "Bộ Giáo dục và Đào tạo", "Bộ Công an"]
SIGNERS = ["Nguyễn Văn Hùng", "Trịnh Việt Hùng", "Lê Quang Tiến",
           "Phạm Hoàng Sơn", "Đặng Xuân Trường", "Hoàng Thị Thu",
           "Vũ Duy Hưng", "Nguyễn Thanh Bình", "Dương Văn Lượng"]
URGENCY = ["thuong"] * 17 + ["khan", "khan", "thuong_khan"]


def short(name):
    """An issuing body's abbreviation for a notation: initials."""
    words = [w for w in name.replace(",", " ").split() if w[0].isupper()]
    return "".join(w[0] for w in words)[:8] or "UBND"


def main():
    units = [l.rstrip("\n").split("|", 1) for l in open(sys.argv[1])
             if "|" in l]
    count = int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 2023
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 30)
    types = [t for t, w in TYPES for _ in range(w)]
    numbers = {}
    out = sys.stdout
    for i in range(count):
        code, name = units[rng.randrange(len(units))]
        year = first + (i * 3) // count
        day = 1 + (i * 3 * 365 // count) % 365
        month = min(12, 1 + (day - 1) * 12 // 365)
        dd = 1 + (day * 7) % 28
        date = "%d-%02d-%02d" % (year, month, dd)
        t = rng.choice(types)
        topic = rng.choice(TOPICS)
        when = rng.choice(WHEN).format(y=year, m=month)
        verb = rng.choice(VERB[t])
        summary = "%s %s %s" % (verb, topic, when)
        summary = summary[0].upper() + summary[1:]
        doc = {"unit": code, "type": t, "date": date, "summary": summary,
               "signer": rng.choice(SIGNERS), "urgency": rng.choice(URGENCY)}
        if rng.random() < 0.4:
            key = (code, t, year)
            n = numbers[key] = numbers.get(key, 0) + 1
            body = short(name)
            doc["direction"] = "out"
            doc["number"] = n
            doc["notation"] = ("%02d/%s-VP" % (n, body) if t == "CV" else
                               "%02d/%s-%s" % (n, t, body))
            doc["to"] = [units[rng.randrange(len(units))][0]
                         for _ in range(rng.randint(1, 3))]
        else:
            n = rng.randint(1, 3000)
            if rng.random() < 0.8:
                fcode, fname = units[rng.randrange(len(units))]
                doc["from"] = fcode
            else:
                fname = rng.choice(MINISTRIES)
                doc["from"] = fname
            body = short(fname)
            doc["direction"] = "in"
            doc["number"] = n
            doc["notation"] = ("%d/%s-VP" % (n, body) if t == "CV" else
                               "%d/%s-%s" % (n, t, body))
        out.write(json.dumps(doc, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
