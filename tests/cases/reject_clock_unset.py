# A device whose clock was never set (an ESP8266 before ntptime.settime()
# says 2000-01-01; tests/run.py starts this interpreter's clock there)
# against a valid certificate: "not yet valid", naming the certificate's
# notBefore, the device time and the fix.
from _expect import expect_clock_rejection

expect_clock_rejection("2000-01-01 00:00:")
