# ussl: the old name of ssl (code written for MicroPython before 1.23).
from ssl import *
