#!/usr/bin/env bash
# Generate the test PKI for the rtls integration tests: ECDSA P-256, plus
# Ed25519 and P-384 servers (each under the P-256 CA and under a CA of its
# own key type) and P-384, Ed25519 and RSA (2048 and 4096 bits) client keys.
#
# Usage: tests/gen_certs.sh [OUTDIR]     (default: tests/build/certs)
#
# The output directory is wiped and rebuilt on every call, so the script is
# idempotent.  Everything is signed with `openssl ca` from one minimal config,
# which also lets us give certificates validity windows in the past or future
# (openssl 3.0's `x509` command has no -not_before).  Key files are made
# world-readable so a broker that drops privileges (mosquitto) can read them;
# they are throwaway test keys.
set -Eeuo pipefail

OUT=${1:-"$(cd "$(dirname "$0")" && pwd)/build/certs"}
rm -rf "$OUT"
mkdir -p "$OUT/.ca"
cd "$OUT"

# openssl's chatter goes to a log that is shown only if something fails.
LOG=.ca/openssl.log
trap 'echo "gen_certs.sh failed; openssl said:" >&2; cat "$OUT/$LOG" >&2' ERR

cat > .ca/openssl.cnf <<'EOF'
[ca]
default_ca = test_ca

[test_ca]
dir             = .ca
database        = $dir/index.txt
new_certs_dir   = $dir
serial          = $dir/serial
default_md      = sha256
policy          = any
unique_subject  = no
copy_extensions = none
email_in_dn     = no

[any]
commonName = supplied

[req]
distinguished_name = dn
prompt             = no
[dn]
CN = unused

[v3_ca]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[server]
basicConstraints       = CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[wronghost]
basicConstraints       = CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:other.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# A server certificate named by its commonName alone, as `openssl req`
# without -addext makes them (the commonName fallback), and one whose SAN
# names another host than its commonName (the SAN wins).
[cn_only]
basicConstraints       = CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[san_not_cn]
basicConstraints       = CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:other.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints       = CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# An intermediate CA (root -> intermediate -> leaf chains).
[v3_int]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# Name-constrained intermediates: one permitting localhost and 127.0.0.0/8
# (what the server certificate names), one permitting example.com only.
[v3_int_nc]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
nameConstraints        = critical, permitted;DNS:localhost, permitted;IP:127.0.0.0/255.0.0.0
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[v3_int_nc_other]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
nameConstraints        = critical, permitted;DNS:example.com
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# An end-entity certificate that is (wrongly) used as an intermediate.
[notca_int]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyCertSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
EOF

# key NAME: a fresh key in NAME.key of type $KEY_TYPE: p256 (the default)
# or p384 (SEC1 PEM), ed25519 or rsa4096 (PKCS#8 PEM), or rsa2048 (PKCS#1
# PEM, "RSA PRIVATE KEY").
key() {
    case ${KEY_TYPE:-p256} in
        p256) openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" 2>>"$LOG" ;;
        p384) openssl ecparam -name secp384r1 -genkey -noout -out "$1.key" 2>>"$LOG" ;;
        ed25519) openssl genpkey -algorithm ed25519 -out "$1.key" 2>>"$LOG" ;;
        rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>>"$LOG" \
                     | openssl rsa -traditional -out "$1.key" 2>>"$LOG" ;;
        rsa4096) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "$1.key" 2>>"$LOG" ;;
    esac
}

# csr NAME CN: a certificate request for NAME.key.
csr() {
    openssl req -new -key "$1.key" -subj "/CN=$2" -out ".ca/$1.csr"
}

# self_signed_ca NAME CN [ca-options...]: a root CA certificate NAME.crt.
self_signed_ca() {
    local name=$1 cn=$2
    shift 2
    key "$name"
    csr "$name" "$cn"
    openssl ca -batch -config .ca/openssl.cnf -selfsign -keyfile "$name.key" \
        -in ".ca/$name.csr" -out "$name.crt" -extensions v3_ca "${VALID[@]}" \
        -notext "$@" 2>>"$LOG"
}

# issue NAME CN ISSUER EXT [ca-options...]: NAME.crt signed by ISSUER.
issue() {
    local name=$1 cn=$2 issuer=$3 ext=$4
    shift 4
    key "$name"
    csr "$name" "$cn"
    openssl ca -batch -config .ca/openssl.cnf -cert "$issuer.crt" \
        -keyfile "$issuer.key" -in ".ca/$name.csr" -out "$name.crt" \
        -extensions "$ext" -notext "$@" 2>>"$LOG"
}

touch .ca/index.txt
echo 1000 > .ca/serial

# "Valid" certificates start a day ago, so small clock skews do not matter.
VALID=(-startdate "$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)"
       -enddate "$(date -u -d '+10 years' +%Y%m%d%H%M%SZ)")

self_signed_ca ca "rtls test CA"
self_signed_ca other_ca "rtls unrelated CA"

issue server       localhost        ca        server    "${VALID[@]}"
issue client       rtls-device-01   ca        client    "${VALID[@]}"
issue other_server localhost        other_ca  server    "${VALID[@]}"
issue expired      localhost        ca        server \
    -startdate 20200101000000Z -enddate 20210101000000Z
issue notyet       localhost        ca        server \
    -startdate 20900101000000Z -enddate 20910101000000Z
issue wronghost    other.example    ca        wronghost "${VALID[@]}"
issue cn_only      localhost        ca        cn_only   "${VALID[@]}"
issue san_not_cn   localhost        ca        san_not_cn "${VALID[@]}"
issue notca_int    "rtls not-a-CA"  ca        notca_int "${VALID[@]}"
issue notca_leaf   localhost        notca_int server    "${VALID[@]}"
cat notca_leaf.crt notca_int.crt > notca_chain.pem
# A three-certificate chain: ca -> int_ca -> chain_server ("localhost").
issue int_ca       "rtls test intermediate CA" ca     v3_int "${VALID[@]}"
issue chain_server localhost        int_ca    server    "${VALID[@]}"
# The same under name-constrained intermediates: within them, and not.
issue nc_int       "rtls localhost-only CA" ca    v3_int_nc "${VALID[@]}"
issue nc_server    localhost        nc_int    server    "${VALID[@]}"
issue nc_other_int "rtls example.com-only CA" ca  v3_int_nc_other "${VALID[@]}"
issue nc_other_server localhost     nc_other_int server "${VALID[@]}"
# Ed25519 (RFC 8410) servers: under the P-256 CA, and under an Ed25519 CA
# (whose signatures are PureEdDSA, without a digest: -md default).
KEY_TYPE=ed25519 issue ed_server localhost ca server "${VALID[@]}"
KEY_TYPE=ed25519 self_signed_ca ed_ca "rtls Ed25519 CA" -md default
KEY_TYPE=ed25519 issue ed_ca_server localhost ed_ca server -md default "${VALID[@]}"
# P-384 servers: under the P-256 CA, and under a P-384 CA (whose
# signatures are ecdsa-with-SHA384).
KEY_TYPE=p384 issue p384_server localhost ca server "${VALID[@]}"
KEY_TYPE=p384 self_signed_ca p384_ca "rtls P-384 CA" -md sha384
KEY_TYPE=p384 issue p384_ca_server localhost p384_ca server -md sha384 "${VALID[@]}"
# Client keys on P-384 and Ed25519, under the P-256 CA.
KEY_TYPE=p384 issue client384 rtls-device-384 ca client "${VALID[@]}"
KEY_TYPE=ed25519 issue client_ed rtls-device-ed ca client "${VALID[@]}"
# RSA client keys, under the P-256 CA.
KEY_TYPE=rsa2048 issue client_rsa rtls-device-rsa ca client "${VALID[@]}"
KEY_TYPE=rsa4096 issue client_rsa4096 rtls-device-rsa4096 ca client "${VALID[@]}"

# DER and PKCS#8 encodings.
openssl x509 -in ca.crt -outform DER -out ca.der
openssl x509 -in server.crt -outform DER -out server.der
openssl x509 -in client.crt -outform DER -out client.der
openssl x509 -in chain_server.crt -outform DER -out chain_server.der
openssl x509 -in ed_ca.crt -outform DER -out ed_ca.der
openssl x509 -in p384_ca.crt -outform DER -out p384_ca.der
openssl x509 -in client384.crt -outform DER -out client384.der
openssl x509 -in client_ed.crt -outform DER -out client_ed.der
openssl x509 -in client_rsa.crt -outform DER -out client_rsa.der
openssl x509 -in client_rsa4096.crt -outform DER -out client_rsa4096.der
openssl ec -in client.key -outform DER -out client.key.der 2>>"$LOG"
openssl pkcs8 -topk8 -nocrypt -in client.key -out client.pk8.pem
openssl pkcs8 -topk8 -nocrypt -in client.key -outform DER -out client.pk8.der

# The CA bookkeeping (index, serial, CSRs) is not needed any more.
rm -rf .ca
chmod 644 ./*
