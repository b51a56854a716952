-- wrk script for bench/docs.sh: a clerk's scanning station filing the
-- documents it receives from outside, one multipart request each to
-- /api/v1/incoming, with a small PDF of its own (a page of text naming the
-- document), as the bearer CONGSO_TOKEN. Every request is a new document:
-- its number counts per wrk thread, its notation carries BENCH_RUN (a
-- word of the run's own) and the thread, so two runs on one folder never
-- file the same notation twice.
--
-- The bodies are built here, in wrk's own LuaJIT, because on this shared
-- machine the client's CPU is taken from the server's: curl spent about
-- 0.23 ms of CPU a filing, about a fifth of the server's.

local token = os.getenv("CONGSO_TOKEN")
local run = os.getenv("BENCH_RUN") or "0"
local boundary = "----congso-bench-filing"

if token == nil or token == "" then
	error("docs_file.lua: CONGSO_TOKEN must be set")
end

local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

local headers = {
	["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
	["Authorization"] = "Bearer " .. token,
}

-- A one-page PDF with `text` on it, its cross-reference offsets computed.
local function pdf(text)
	local stream = "BT /F1 12 Tf 72 760 Td (" .. text .. ") Tj ET"
	local objs = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]" ..
		    " /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length " .. #stream .. " >>\nstream\n" .. stream ..
		    "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	local out = { "%PDF-1.7\n" }
	local len = #out[1]
	local offs = {}
	for i, o in ipairs(objs) do
		offs[i] = len
		local obj = i .. " 0 obj\n" .. o .. "\nendobj\n"
		out[#out + 1] = obj
		len = len + #obj
	end
	out[#out + 1] = "xref\n0 " .. (#objs + 1) .. "\n0000000000 65535 f \n"
	for _, o in ipairs(offs) do
		out[#out + 1] = string.format("%010d 00000 n \n", o)
	end
	out[#out + 1] = "trailer << /Size " .. (#objs + 1) ..
	    " /Root 1 0 R >>\nstartxref\n" .. len .. "\n%%EOF\n"
	return table.concat(out)
end

local function field(name, value)
	return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" ..
	    name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local n = 0

function request()
	n = n + 1
	local number = 100000 + n
	local notation = number .. "/BTC-" .. run .. "-" .. tid
	local body = table.concat({
		field("type", "CV"),
		field("issuer_name", "Bộ Tài chính"),
		field("issuer_code", "000.00.00.G09"),
		field("notation", notation),
		field("number", tostring(number)),
		field("date", "2026-11-20"),
		field("summary", "Về việc hướng dẫn dự toán ngân sách, văn bản " ..
		    notation),
		"--" .. boundary .. "\r\nContent-Disposition: form-data;" ..
		    " name=\"file\"; filename=\"scan-" .. number .. ".pdf\"\r\n" ..
		    "Content-Type: application/pdf\r\n\r\n",
		pdf("Cong van so " .. notation .. " ve du toan ngan sach"),
		"\r\n--" .. boundary .. "--\r\n",
	})
	return wrk.format("POST", "/api/v1/incoming", headers, body)
end
