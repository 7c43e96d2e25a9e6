#!/usr/bin/env bash
# Makes a throw-away certificate authority and certificates for a cluster on this machine (TLS between silos and
# clients, https for the dashboard, and Redis). Not for production: the CA key sits next to the certificates.
#   bash silo-config/make-dev-certs.sh [DIR]          (default silo-config/certs)
# DIR/ca.pem      the CA every peer's certificate must chain to (RealtimeGrains:Tls:CaFile, RealtimeGrains:Redis:CaFile)
# DIR/silo.pem    + silo.key: a silo's certificate (server and client authentication: silos connect to each other)
# DIR/client.pem  + client.key: a client's certificate (client authentication only: it cannot serve as a silo or gateway)
# DIR/client.pfx  the client's certificate and key as PKCS#12, password "$RTG_PFX_PASSWORD" (default: changeit)
# DIR/redis.pem   + redis.key: the Redis server's certificate
# Every certificate names 127.0.0.1 and localhost (add more with RTG_CERT_SANS="IP:10.0.0.11,DNS:silo1.lan").
set -euo pipefail
command -v openssl >/dev/null || { echo "make-dev-certs.sh: openssl is not installed (apt-get install openssl)" >&2; exit 1; }
dir="${1:-$(dirname "$0")/certs}"
sans="IP:127.0.0.1,DNS:localhost${RTG_CERT_SANS:+,$RTG_CERT_SANS}"
mkdir -p "$dir"
cd "$dir"
umask 077

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=RealtimeGrains dev CA $(date +%s)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca.key -out ca.pem 2>/dev/null

issue() { # name, extended key usage
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=rtg-$1" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=%s\n' "$2" "$sans" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm "$1.csr" "$1.ext"
}
issue silo serverAuth,clientAuth
issue client clientAuth
issue redis serverAuth
openssl pkcs12 -export -in client.pem -inkey client.key -out client.pfx -passout "pass:${RTG_PFX_PASSWORD:-changeit}"
chmod 644 ./*.pem
echo "certificates for $sans in $(pwd)"
