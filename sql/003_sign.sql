-- 003_sign.sql - the signatures' trust store: root and intermediate
-- certificates and certificate revocation lists imported by an
-- administrator (PEM or DER), used to verify every signature.
-- Instants are Unix seconds.

-- One certificate or CRL, kept as DER. kind: 'root' (a self-signed CA
-- trusted as an anchor), 'intermediate' (a CA certificate that links a
-- signer to a root, trusted only through it), 'crl'. subject is the
-- certificate's subject or the CRL's issuer, one line (RFC 2253);
-- not_after the end of validity (CRL: nextUpdate, or NULL).
CREATE TABLE sign_trust (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('root','intermediate',
			'crl')),
	subject		TEXT NOT NULL,
	issuer		TEXT NOT NULL,
	serial		TEXT NOT NULL DEFAULT '',
	not_before	INTEGER,
	not_after	INTEGER,
	sha256		TEXT NOT NULL UNIQUE,	-- hex, of the DER
	der		BLOB NOT NULL,
	added_at	INTEGER NOT NULL,
	added_by	TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sign_trust_kind ON sign_trust (kind, subject);
