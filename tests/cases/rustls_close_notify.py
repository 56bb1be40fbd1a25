# close_notify both ways against rustls with --close-after 10 (see
# close_notify_case); tests/run.py checks the server sent its close_notify
# each time and received the client's (rustls tells it from a bare TCP
# close).
from _interop import close_notify_case

close_notify_case()
