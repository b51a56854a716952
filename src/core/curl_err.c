/* curl_err.c - transfer errors in Vietnamese (curl_conn.h). Apart from
 * curl_conn.c so that what only reports an error (the TSA client, and
 * the fuzzers built from it) needs nothing else of it. */
#include <curl/curl.h>

#include "core/curl_conn.h"

const char *
curl_conn_error_vn(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return "không có lỗi";
	case CURLE_COULDNT_CONNECT:
		return "không kết nối được: máy nhận không chạy hoặc bị chặn";
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "không tìm được địa chỉ của máy nhận";
	case CURLE_OPERATION_TIMEDOUT:
		return "quá thời gian chờ trả lời";
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return "lỗi kết nối bảo mật (TLS) hoặc chứng thư của máy nhận";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return "kết nối bị ngắt giữa chừng";
	case CURLE_READ_ERROR:
		return "không đọc được dữ liệu cần gửi";
	case CURLE_WRITE_ERROR:
		return "không nhận được câu trả lời";
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return "địa chỉ không hợp lệ";
	case CURLE_LOGIN_DENIED:
		return "máy nhận từ chối đăng nhập";
	case CURLE_FAILED_INIT:
		return "yêu cầu chưa được gửi đi hoặc chưa có trả lời";
	default:
		return "lỗi truyền dữ liệu";
	}
}
