#!/bin/sh
# demo_exchange.sh BIN DATA - for the demo (scripts/demo.sh): documents
# that bodies of Nghệ An sent to Sở Thông tin và Truyền thông of the demo
# province through the exchange. Each is an edXML package signed with a
# test certificate made here with openssl, taken in by
# `congso exchange import` exactly as a package posted by a peer is:
# its signature checked against the trust store, then registered as
# waiting for the clerk. The keys and certificates are for the demo only
# (DATA/lien-thong-mau/). No peer answers for Nghệ An in the demo, so the
# status 01 the province sends back stays in its outbox, as failed.
set -eu
bin=$1
data=$2
k=$data/lien-thong-mau
mkdir -p "$k"
chmod 700 "$k"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >"$k/ext"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$k/ca.key" \
    -out "$k/ca.pem" -days 3650 -subj "/CN=CA thu nghiem congso" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
# cert NAME SUBJECT: a key and a certificate under the demo CA.
cert() {
	openssl req -newkey rsa:2048 -nodes -keyout "$k/$1.key" \
	    -out "$k/$1.csr" -subj "$2" 2>/dev/null
	openssl x509 -req -in "$k/$1.csr" -CA "$k/ca.pem" -CAkey "$k/ca.key" \
	    -CAcreateserial -out "$k/$1.pem" -days 3650 -extfile "$k/ext" \
	    2>/dev/null
	rm -f "$k/$1.csr"
}
cert tn "/CN=UBND tinh Thai Nguyen - lien thong van ban/O=UBND tinh Thai Nguyen"
cert na "/CN=So Thong tin va Truyen thong tinh Nghe An/O=UBND tinh Nghe An"
"$bin" pdf trust add --data "$data" "$k/ca.pem" >/dev/null
"$bin" exchange setup --data "$data" --key "$k/tn.key" --cert "$k/tn.pem" \
    >/dev/null

export TZ=Asia/Ho_Chi_Minh
year=$(date +%Y)
day=$(date +%Y/%m/%d)
now=$(date '+%Y/%m/%d %H:%M:%S')
FROM=000.00.05.H41
TO=000.00.05.H55
# pkg FILE NUMBER NOTATION TYPE TYPE_NAME PRIORITY SUBJECT CONTENT: an
# unsigned document package from Sở TTTT Nghệ An.
pkg() {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>'
		printf '<From><OrganId>%s</OrganId><OrganName>Sở Thông tin và Truyền thông tỉnh Nghệ An</OrganName><OrganAdd>16 Trường Thi, thành phố Vinh, Nghệ An</OrganAdd></From>' $FROM
		printf '<To><OrganId>%s</OrganId><OrganName>Sở Thông tin và Truyền thông tỉnh Thái Nguyên</OrganName></To>' $TO
		printf '<Code><CodeNumber>%s</CodeNumber><CodeNotation>%s</CodeNotation></Code>' "$2" "$3"
		printf '<PromulgationInfo><Place>Nghệ An</Place><PromulgationDate>%s</PromulgationDate></PromulgationInfo>' "$day"
		printf '<DocumentType><Type>%s</Type><TypeName>%s</TypeName></DocumentType>' "$4" "$5"
		printf '<Subject>%s</Subject><Content>%s</Content>' "$7" "$8"
		printf '<SignerInfo><Competence>KT. GIÁM ĐỐC</Competence><Position>PHÓ GIÁM ĐỐC</Position><FullName>Nguyễn Văn Hòa</FullName></SignerInfo>'
		printf '<OtherInfo><Priority>%s</Priority></OtherInfo>' "$6"
		printf '<DocumentId>%s,%s,%s/%s</DocumentId></MessageHeader>' $FROM "$day" "$2" "$3"
		printf '<TraceHeaderList><TraceHeader><OrganId>%s</OrganId><Timestamp>%s</Timestamp></TraceHeader>' $FROM "$now"
		printf '<Bussiness><BussinessDocType>0</BussinessDocType></Bussiness></TraceHeaderList></edXMLHeader>'
		printf '<edXMLBody><Manifest/></edXMLBody></edXMLEnvelope></edXML>\n'
	} >"$1"
}
mkdir -p "$k/goi"
pkg "$k/goi/1.edxml" 1458 STTTT-CĐS CV "Công văn" 0 \
    "V/v phối hợp kết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP) giữa tỉnh Nghệ An và tỉnh Thái Nguyên" \
    "Đề nghị Sở Thông tin và Truyền thông tỉnh Thái Nguyên phối hợp thử nghiệm liên thông văn bản điện tử giữa hai tỉnh trong quý IV năm $year."
pkg "$k/goi/2.edxml" 327 QĐ-STTTT QĐ "Quyết định" 0 \
    "Quyết định ban hành Quy chế trao đổi văn bản điện tử liên tỉnh của Sở Thông tin và Truyền thông tỉnh Nghệ An" \
    "Ban hành kèm theo Quyết định này Quy chế trao đổi văn bản điện tử với các tỉnh bạn."
pkg "$k/goi/3.edxml" 86 GM-STTTT GM "Giấy mời" 1 \
    "Giấy mời dự Hội thảo chuyển đổi số vùng Bắc Trung Bộ và Trung du miền núi phía Bắc" \
    "Trân trọng kính mời đại diện lãnh đạo Sở tham dự hội thảo tại thành phố Vinh."
for i in 1 2 3; do
	"$bin" edxml sign --key "$k/na.key" --cert "$k/na.pem" \
	    "$k/goi/$i.edxml" "$k/goi/$i-ky.edxml" >/dev/null
done
"$bin" exchange import --data "$data" "$k/goi/1-ky.edxml" \
    "$k/goi/2-ky.edxml" "$k/goi/3-ky.edxml" >/dev/null
