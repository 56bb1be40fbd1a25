# Mutual TLS against rustls (see _interop.mtls_case): "required" is a
# WebPkiClientVerifier trusting ca.crt, "optional" the same allowing
# unauthenticated clients. rustls answers an empty Certificate with
# certificate_required.
from _interop import mtls_case

mtls_case("certificate_required")
