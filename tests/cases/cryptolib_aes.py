# cryptolib.aes (rtls' AES, usermod/cryptolib.c): SP 800-38A's vectors
# through the Python API, and what MicroPython 1.25's own cryptolib
# (extmod/modcryptolib.c) does with careless calls -- the same exception
# type and text, in its order of checks: arguments, key and IV lengths,
# whole blocks, output buffers, one direction per object, in-place and
# chained calls.  (tests/micropython_suite.py --suite cryptolib runs
# MicroPython's own cryptolib tests; cryptolib_micropython_suite.)
import cryptolib
from binascii import unhexlify

from _common import check

ECB, CBC, CTR = 1, 2, 6

PLAINTEXT = unhexlify(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
KEY_128 = unhexlify("2b7e151628aed2a6abf7158809cf4f3c")
KEY_256 = unhexlify(
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
CBC_IV = unhexlify("000102030405060708090a0b0c0d0e0f")
CTR_COUNTER = unhexlify("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
# SP 800-38A F.1.1, F.1.5, F.2.1, F.2.5, F.5.1, F.5.5.
VECTORS = [
    (ECB, KEY_128, None,
     "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
     "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"),
    (ECB, KEY_256, None,
     "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
     "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7"),
    (CBC, KEY_128, CBC_IV,
     "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
     "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"),
    (CBC, KEY_256, CBC_IV,
     "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
     "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"),
    (CTR, KEY_128, CTR_COUNTER,
     "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
     "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"),
    (CTR, KEY_256, CTR_COUNTER,
     "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
     "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6"),
]

KEY = b"0123456789abcdef"
IV = b"fedcba9876543210"


def aes(mode, key=KEY, iv=IV):
    return cryptolib.aes(key, mode, iv) if mode != ECB else cryptolib.aes(key, mode)


def expect(label, exc_type, text, func, *args):
    """func(*args) must raise exc_type; with text, its args[0] must be
    exactly that (MicroPython's own text)."""
    try:
        result = func(*args)
    except exc_type as exc:
        if text is not None:
            check(exc.args == (text,), "%s: %r, expected %s(%r)"
                  % (label, exc, exc_type.__name__, text))
        print("ok: %s -> %s%r" % (label, exc_type.__name__, exc.args))
        return
    except Exception as exc:
        raise AssertionError("%s: %r, expected %s" % (label, exc, exc_type.__name__))
    raise AssertionError("%s: returned %r, expected %s" % (label, result, exc_type.__name__))


# The module: constants (PEP 272's numbers), the old name.
check((cryptolib.MODE_ECB, cryptolib.MODE_CBC, cryptolib.MODE_CTR) == (1, 2, 6),
      "MODE_* constants")
import ucryptolib
check(ucryptolib is cryptolib, "ucryptolib is not cryptolib")

# SP 800-38A through the API: both ways, in one call and a block per call
# (the chain and the counter go on between calls), into a new bytes object.
for mode, key, iv, ciphertext in VECTORS:
    ciphertext = unhexlify(ciphertext)
    label = "mode %d AES-%d" % (mode, len(key) * 8)
    enc = aes(mode, key, iv).encrypt(PLAINTEXT)
    check(type(enc) is bytes and enc == ciphertext, label + " encrypt")
    check(aes(mode, key, iv).decrypt(ciphertext) == PLAINTEXT, label + " decrypt")
    enc, dec = aes(mode, key, iv), aes(mode, key, iv)
    check(b"".join(enc.encrypt(PLAINTEXT[i:i + 16]) for i in range(0, 64, 16)) == ciphertext,
          label + " encrypt by blocks")
    check(b"".join(dec.decrypt(ciphertext[i:i + 16]) for i in range(0, 64, 16)) == PLAINTEXT,
          label + " decrypt by blocks")
print("ok: SP 800-38A ECB, CBC, CTR with AES-128 and AES-256")

# CTR: any length, the keystream going on mid-block; decrypting is the same
# transformation (a fresh object may decrypt first).
data = bytes(range(256)) * 3
whole = aes(CTR).encrypt(data)
ctr = aes(CTR)
pieces = [ctr.encrypt(data[a:b]) for a, b in ((0, 1), (1, 1), (1, 16), (16, 33), (33, 700), (700, 768))]
check(b"".join(pieces) == whole, "CTR in pieces")
check(aes(CTR).decrypt(whole) == data, "CTR decrypt")
# The whole 128-bit counter is incremented, carrying across bytes.
wrap = aes(CTR, iv=b"\xff" * 16).encrypt(bytes(48))
ecb = aes(ECB)
check(wrap == ecb.encrypt(b"\xff" * 16 + bytes(16) + bytes(15) + b"\x01"),
      "CTR counter wraps from ff..ff to 00..00")
print("ok: CTR in pieces and across the counter's wrap")

# Arguments of the constructor: count, keywords, types, in MicroPython's
# order (mode, then key, then IV).
expect("aes(key)", TypeError, None, cryptolib.aes, KEY)
expect("aes(key, 2, iv, 4)", TypeError, None, cryptolib.aes, KEY, CBC, IV, 4)
expect("aes(key, mode=1)", TypeError, None, lambda: cryptolib.aes(KEY, mode=ECB))
expect("aes(key, '1')", TypeError, None, cryptolib.aes, KEY, "1")
expect("aes(key, 1.0)", TypeError, None, cryptolib.aes, KEY, 1.0)
for mode in (0, 3, 4, 5, 7, -1, 1 << 40):
    expect("aes(key, %d)" % mode, ValueError, "mode", cryptolib.aes, KEY, mode)
expect("bad mode before bad key", ValueError, "mode", cryptolib.aes, b"k", 9)
expect("aes(123, 1)", TypeError, None, cryptolib.aes, 123, ECB)
for length in (0, 8, 15, 17, 24, 31, 33, 64):
    expect("key of %d bytes" % length, ValueError, "key", cryptolib.aes, b"k" * length, ECB)
expect("bad key before bad IV", ValueError, "key", cryptolib.aes, b"k" * 24, CBC, b"iv")
for mode in (CBC, CTR):
    expect("mode %d without IV" % mode, ValueError, "IV", cryptolib.aes, KEY, mode)
    expect("mode %d with IV None" % mode, ValueError, "IV", cryptolib.aes, KEY, mode, None)
for mode in (ECB, CBC, CTR):
    for length in (0, 8, 15, 17, 32):
        expect("mode %d, IV of %d bytes" % (mode, length), ValueError, "IV",
               cryptolib.aes, KEY, mode, b"i" * length)
    expect("mode %d, IV an int" % mode, TypeError, None, cryptolib.aes, KEY, mode, 16)
# ECB takes an IV (checked) or None, and ignores it; keys and IVs may be
# any buffer (str too, as MicroPython's buffer protocol gives its bytes).
block = bytes(range(16))
reference = cryptolib.aes(KEY, ECB).encrypt(block)
for key, iv in ((KEY, None), (KEY, IV), (bytearray(KEY), None), (memoryview(KEY), IV),
                (KEY.decode(), None)):
    check(cryptolib.aes(key, ECB, iv).encrypt(block) == reference,
          "ECB with key %r, IV %r" % (key, iv))
check(cryptolib.aes(KEY, True).encrypt(block) == reference, "mode True is 1")
check(cryptolib.aes(KEY, CBC, bytearray(IV)).encrypt(block)
      == cryptolib.aes(KEY, CBC, IV.decode()).encrypt(block), "IV as bytearray and str")
print("ok: constructor arguments")

# Calls: whole blocks for ECB and CBC (CTR takes any length), the output
# buffer, in MicroPython's order: input, length, output, direction.
for mode in (ECB, CBC):
    for length in (1, 15, 17, 33):
        expect("mode %d encrypt of %d bytes" % (mode, length), ValueError, "blksize % 16",
               aes(mode).encrypt, bytes(length))
        expect("mode %d decrypt of %d bytes" % (mode, length), ValueError, "blksize % 16",
               aes(mode).decrypt, bytes(length))
    expect("mode %d blksize before output size" % mode, ValueError, "blksize % 16",
           aes(mode).encrypt, bytes(15), bytearray(1))
    expect("mode %d blksize before output type" % mode, ValueError, "blksize % 16",
           aes(mode).encrypt, bytes(15), b"read-only")
for mode in (ECB, CBC, CTR):
    cipher = aes(mode)
    expect("mode %d encrypt(int)" % mode, TypeError, None, cipher.encrypt, 16)
    expect("mode %d encrypt() " % mode, TypeError, None, cipher.encrypt)
    expect("mode %d encrypt with 3 buffers" % mode, TypeError, None,
           cipher.encrypt, bytes(16), bytearray(16), bytearray(16))
    expect("mode %d output too small" % mode, ValueError, "output too small",
           cipher.encrypt, bytes(32), bytearray(31))
    expect("mode %d output read-only bytes" % mode, TypeError, None,
           cipher.encrypt, bytes(16), bytes(16))
    expect("mode %d output a str" % mode, TypeError, None,
           cipher.encrypt, bytes(16), "x" * 16)
    # None of the refused calls fixed the direction: it may still decrypt.
    check(cipher.decrypt(b"") == b"", "mode %d: refused calls fixed the direction" % mode)
check(aes(CTR).encrypt(bytes(5)) == aes(CTR).encrypt(bytes(16))[:5], "CTR of 5 bytes")
check(aes(ECB).encrypt(b"") == b"" and aes(CBC).decrypt(bytearray()) == b"", "empty input")
print("ok: call arguments and lengths")

# Output buffers: the result goes into out_buf (returned itself); bytes
# past the input's length stay; in place when it is in_buf; any writable
# buffer, a memoryview slice among them.
for mode in (ECB, CBC, CTR):
    expected = aes(mode).encrypt(data[:64])
    out = bytearray(b"*" * 80)
    check(aes(mode).encrypt(data[:64], out) is out, "mode %d returns out_buf" % mode)
    check(out == expected + b"*" * 16, "mode %d out_buf longer than the input" % mode)
    buf = bytearray(data[:64])
    aes(mode).encrypt(buf, buf)
    check(buf == expected, "mode %d in place" % mode)
    dec = aes(mode)
    dec.decrypt(buf, buf)
    check(buf == data[:64], "mode %d decrypted in place" % mode)
    window = bytearray(96)
    aes(mode).encrypt(memoryview(data)[:64], memoryview(window)[16:80])
    check(window == bytes(16) + expected + bytes(16), "mode %d into a memoryview slice" % mode)
print("ok: output buffers, in place")

# One direction per object: the first call (even an empty one) fixes it,
# and a refused call neither writes out_buf nor moves the chain or counter.
for mode in (ECB, CBC, CTR):
    for first, other in (("encrypt", "decrypt"), ("decrypt", "encrypt")):
        cipher = aes(mode)
        getattr(cipher, first)(b"")
        expect("mode %d %s after %s" % (mode, other, first), ValueError, "can't encrypt & decrypt",
               getattr(cipher, other), bytes(16))
        part = 5 if mode == CTR else 16
        result = getattr(cipher, first)(data[:part])
        out = bytearray(b"*" * 16)
        expect("mode %d %s after %s, into out_buf" % (mode, other, first), ValueError,
               "can't encrypt & decrypt", getattr(cipher, other), bytes(16), out)
        check(out == b"*" * 16, "mode %d: the refused call wrote out_buf" % mode)
        # Output size is checked before the direction.
        expect("mode %d output size before direction" % mode, ValueError, "output too small",
               getattr(cipher, other), bytes(16), bytearray(1))
        result += getattr(cipher, first)(data[part:64])
        check(result == getattr(aes(mode), first)(data[:64]),
              "mode %d: a refused call moved the chain" % mode)
print("ok: one direction per object")

# Larger data: 4 KiB through each mode and back.
big = bytes(range(256)) * 16
for mode in (ECB, CBC, CTR):
    for key in (KEY, KEY * 2):
        check(aes(mode, key).decrypt(aes(mode, key).encrypt(big)) == big,
              "mode %d AES-%d round trip of 4 KiB" % (mode, len(key) * 8))
print("ok: 4 KiB round trips")
print("PASS")
