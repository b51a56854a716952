-- wrk script for bench/docs.sh: full-text searches of the documents list as
-- one signed-in person, a different query for each request (words people
-- type, with and without diacritics, prefixes, notations), each with a
-- parameter of its own so that no cached answer flatters the figure. The bearer token comes from
-- CONGSO_TOKEN, as in bench/auth.lua.

local token = os.getenv("CONGSO_TOKEN")

if token == nil or token == "" then
	error("docs_search.lua: CONGSO_TOKEN is not set (sign in first)")
end

local queries = {
	"chuyen doi so", "cải cách hành chính", "dich vu cong truc tuyen",
	"chinh quyen dien tu", "an toan thong tin", "ha tang vien thong",
	"phong chong thien tai", "nong thon moi", "giai phong mat bang",
	"quan ly dat dai", "tai dinh cu", "phong chay chua chay",
	"an toan thuc pham", "tiêm chủng", "pho cap giao duc", "tuyen sinh lop 10",
	"truong chuan quoc gia", "dau tu cong", "giai ngan von", "thu ngan sach",
	"quyet toan", "tiet kiem chong lang phi", "tham nhung", "tiep cong dan",
	"khieu nai to cao", "bao ve moi truong", "rac thai", "trong rung",
	"che thai nguyen", "OCOP", "du lich cong dong", "bao hiem xa hoi",
	"bao hiem y te hoc sinh", "giam ngheo", "tro cap xa hoi", "nguoi co cong",
	"tuyen quan", "dien tap", "trat tu an toan giao thong", "can cuoc",
	"de an 06", "chu ky so", "hop thu dien tu", "quan ly van ban",
	"luu tru ho so", "thi dua khen thuong", "cong tac can bo",
	"tinh gian bien che", "sap xep don vi hanh chinh", "bau cu",
	"ky niem", "tet nguyen dan", "mua mua bao", "ta lon chau phi",
	"kiem tra cong vu", "par index", "sipas", "pci", "ke hoach trien khai",
	"quyet dinh phe duyet", "bao cao ket qua", "thong bao ket luan",
	"giay moi du hop", "to trinh de nghi", "huong dan thuc hien",
	"quý II", "6 thang dau nam 2024", "giai doan 2021", "nam 2025",
	"chuyen d", "cai cach h", "UBND", "STTTT", "VP", "QĐ", "12/QĐ",
}

local function encode(s)
	return (s:gsub("[^%w%-_.~]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

local paths = {}
for i, q in ipairs(queries) do
	paths[i] = "/api/v1/documents?limit=20&q=" .. encode(q)
end

local n = 0

request = function()
	n = n + 1
	-- A parameter of its own: never an answer from the read cache.
	return wrk.format("GET", paths[(n % #paths) + 1] .. "&n=" .. n .. "-" ..
	    tostring(math.random(1000000000)),
	    { ["Authorization"] = "Bearer " .. token })
end

-- wrk's --latency table has no 95th percentile: print it (milliseconds).
done = function(summary, latency, requests)
	for _, p in ipairs({ 50, 95, 99 }) do
		io.write(string.format("p%d %.2f\n", p,
		    latency:percentile(p) / 1000))
	end
end
