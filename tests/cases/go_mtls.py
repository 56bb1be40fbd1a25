# Mutual TLS against Go's crypto/tls (see _interop.mtls_case): "required"
# is RequireAndVerifyClientCert trusting ca.crt, "optional"
# VerifyClientCertIfGiven. Go 1.19 answers an empty Certificate with a
# bad_certificate alert (rustls and openssl send certificate_required).
# Go's ticket carries the client's certificate, so the server still knows
# who it is after a resumption (such a session, 500-odd bytes, must fit
# rtls's ticket store).
from _interop import mtls_case

mtls_case("bad_certificate")
