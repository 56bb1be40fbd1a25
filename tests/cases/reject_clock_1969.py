# A device clock before 1970 (tests/run.py starts it at 1969-12-31
# 23:59:00) against a valid certificate: "not yet valid" with the device
# time in 1969, not "expired" (the port's nanosecond clock wraps below zero
# and must be read signed).
from _expect import expect_clock_rejection

expect_clock_rejection("1969-12-31 23:59:")
