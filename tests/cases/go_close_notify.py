# close_notify both ways against Go's crypto/tls with -close-after 10 (see
# close_notify_case). Go's Read reports a close_notify and a bare TCP close
# alike, as EOF, so tests/run.py can only check that the server sent its
# close_notify each time; rustls_close_notify checks the client's arrives.
from _interop import close_notify_case

close_notify_case()
