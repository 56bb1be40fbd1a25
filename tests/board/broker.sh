#!/usr/bin/env bash
# The broker for tests/board/tls_check.py: mosquitto with mutual TLS
# (TLS 1.3 only, a client certificate required, its CN the username) on
# ADDRESS:PORT, with certificates made fresh in DIR (P-256): a CA, a server
# certificate for ADDRESS (and localhost), and a client certificate
# (CN rtls-device-01) for the board.
#
#   tests/board/broker.sh 192.168.1.10     # this PC's address on the board's network
#
# then copy DIR/ca.crt, DIR/client.crt and DIR/client.key to the board
# (boards/NODEMCU/README.md, "Testing on a board"). tests/run.py starts it
# on 127.0.0.1 for the case board_tls_check. Needs mosquitto and openssl.
set -euo pipefail
usage="usage: broker.sh ADDRESS [PORT [DIR]]  (ADDRESS: this PC's address that the board reaches)"
address=${1:?$usage}
port=${2:-8883}
dir=${3:-build/board-kit}
mkdir -p "$dir"
cd "$dir"

if [[ $address =~ ^[0-9.]+$ || $address == *:* ]]; then
    san="IP:$address,DNS:localhost"
else
    san="DNS:$address,DNS:localhost"
fi

key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }

# sign NAME SUBJECT EXTENSIONS: NAME.crt for NAME.key, issued by the CA.
sign() {
    key "$1.key"
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
    printf '%s\n' "$3" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
        -days 3650 -sha256 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
}

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=rtls board kit CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
sign server "/CN=rtls board kit broker" \
    "$(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE' "$san")"
sign client "/CN=rtls-device-01" \
    "$(printf 'extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE')"

printf 'user rtls-device-01\ntopic readwrite rtls/#\n' > acl
{
    echo "per_listener_settings false"
    echo "persistence false"
    echo "log_dest stdout"
    echo "log_type all"
    echo "allow_anonymous false"
    echo "acl_file $PWD/acl"
    echo "listener $port $address"
    echo "cafile $PWD/ca.crt"
    echo "certfile $PWD/server.crt"
    echo "keyfile $PWD/server.key"
    echo "require_certificate true"
    echo "use_identity_as_username true"
    echo "tls_version tlsv1.3"
    # As root (a container, CI): keep root, as mosquitto would otherwise
    # switch to a user that cannot read the keys here.
    if [ "$(id -u)" -eq 0 ]; then echo "user root"; fi
} > mosquitto.conf
echo "broker: mqtts://$address:$port, certificates in $PWD (copy ca.crt client.crt client.key to the board)"
exec mosquitto -c mosquitto.conf
