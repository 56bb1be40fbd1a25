//! What the point formulas need of a prime field on 13-bit limbs
//! (`p256::field`, `p384::field`, `c25519::field`), and the byte
//! conversions they share: [`Field`] for any of them, [`ShortField`] for
//! the fields of the short Weierstrass curves.
//!
//! Invariant of every element: each limb is below 2^13, so the value is
//! below 2^(13·limbs) (2^260 for P-256, 2^390 for P-384: at least 16p).
//! [`Field::mul`], [`Field::square`] and [`Field::reduce`] return values
//! below 2p; only [`Field::reduce_final`] and [`Field::write_bytes`] give
//! the canonical one. A product of two limbs fits 26 bits, so a column of
//! up to 31 products fits a u32 without any carry handling: every
//! multiplication is a 32×32→32 `mull` on LX106.

/// A field element; see the module's invariant.
pub(crate) trait Field: Copy {
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// Bytes of an encoded element (and of a scalar).
    const BYTES: usize;

    /// The big-endian [`BYTES`](Self::BYTES) bytes as an element, and
    /// whether they were below p (else the value is unreduced but still a
    /// valid element).
    fn from_bytes(bytes: &[u8]) -> (Self, bool);
    /// The canonical value as big-endian bytes into `out`
    /// ([`BYTES`](Self::BYTES) long).
    fn write_bytes(&self, out: &mut [u8]);
    /// An element from limbs packed two to a word, low half first (as the
    /// comb tables store them).
    fn unpack(words: &[u32]) -> Self;
    /// self·b mod p (below 2p).
    fn mul(&self, b: &Self) -> Self;
    /// self² mod p (below 2p).
    fn square(&self) -> Self;
    /// self + b (no reduction: the caller keeps the sum in range).
    fn add(&self, b: &Self) -> Self;
    /// k·self for a small k (no reduction, as for [`add`](Self::add)).
    fn times(&self, k: u32) -> Self;
    /// self + kp·p - kb·b (no reduction): kp·p must exceed kb·b so that the
    /// result is non-negative, and the sum stay in range.
    fn sub(&self, b: &Self, kb: u32, kp: u32) -> Self;
    /// Reduces any element to one below 2p (what is above p's top bit is
    /// folded back once).
    fn reduce(&mut self);
    /// Subtracts p from a value below 2p when it is not below p, in
    /// constant time. Returns 1 if it subtracted, else 0.
    fn reduce_final(&mut self) -> u32;
    /// Replaces self with `other` when `flag` is 1 (0: unchanged), in
    /// constant time.
    fn select(&mut self, other: &Self, flag: u32);
    /// 1 if the canonical value is zero, else 0 (constant time).
    fn is_zero(&self) -> u32;
    /// The canonical value's lowest bit.
    fn is_odd(&self) -> u32;
    /// 1/self (0 for 0), by Fermat (self^(p-2)).
    fn invert(&self) -> Self;

    /// self squared `n` times.
    fn square_n(&self, n: u32) -> Self {
        let mut x = *self;
        for _ in 0..n {
            x = x.square();
        }
        x
    }

    /// self reduced below 2p ([`reduce`](Self::reduce) by value).
    fn reduced(mut self) -> Self {
        self.reduce();
        self
    }

    /// -self, as 2p - self (below 2p for inputs below 2p).
    fn neg(&self) -> Self {
        Self::ZERO.sub(self, 1, 2).reduced()
    }
}

/// A field of a curve y² = x³ - 3x + b with p ≡ 3 mod 4 (P-256, P-384):
/// what point decoding needs beyond [`Field`].
pub(crate) trait ShortField: Field {
    /// The curve's b coefficient.
    const B: Self;

    /// self^((p+1)/4): a square root of self if it has one; the caller
    /// checks.
    fn sqrt(&self) -> Self;
}
