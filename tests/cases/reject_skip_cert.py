# Hostile TLS 1.3 server that sends EncryptedExtensions + a correct Finished
# but no Certificate/CertificateVerify: the client must refuse it (with a
# negative error code) instead of trusting an unauthenticated server.
from _common import rejection_case

rejection_case("skip_cert")
