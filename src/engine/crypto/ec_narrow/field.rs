//! What the point formulas need of a prime field on 13-bit limbs
//! (`p256::field`, `p384::field`, `c25519::field`): [`Field`] for any of
//! them, [`ShortField`] for the fields of the short Weierstrass curves;
//! and the arithmetic they share: one copy of the code, on slices of
//! elements' words of any length, which the fields' `impl Field` call with
//! their prime (`c25519::field` has its own products and reduction).
//!
//! An element is stored as its limbs packed two to a word ([`LimbPair`]),
//! so that it is read with word loads only; the loops take each word's
//! limbs apart in registers and work on them as u32s.
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
    /// The element with these words ([`LimbPair`]s, as the comb tables
    /// store them).
    fn from_words(words: &[LimbPair]) -> Self;
    /// self·b mod p (below 2p).
    fn mul(&self, b: &Self) -> Self;
    /// self² mod p (below 2p).
    fn square(&self) -> Self;
    /// self = ka·self + kb·b + kp·p in place (no reduction), kb possibly
    /// negative (two's complement): the caller keeps the total non-negative
    /// and in range. What [`add`](Self::add), [`times`](Self::times) and
    /// [`sub`](Self::sub) do, on self by value: a temporary (a product, a
    /// sum) is then updated where it is, not copied.
    fn lin(&mut self, ka: u32, b: &Self, kb: u32, kp: u32);
    /// self = k·self in place, for a small k (no reduction).
    fn scale(&mut self, k: u32);
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

    /// self + b (no reduction: the caller keeps the sum in range).
    #[inline(never)]
    fn add(&self, b: &Self) -> Self {
        let mut sum = *self;
        sum.lin(1, b, 1, 0);
        sum
    }

    /// k·self for a small k (no reduction, as for [`add`](Self::add)).
    #[inline(never)]
    fn times(&self, k: u32) -> Self {
        let mut product = *self;
        product.lin(k, self, 0, 0);
        product
    }

    /// self + kp·p - kb·b (no reduction): kp·p must exceed kb·b so that the
    /// result is non-negative, and the sum stay in range.
    #[inline(never)]
    fn sub(&self, b: &Self, kb: u32, kp: u32) -> Self {
        let mut difference = *self;
        difference.lin(1, b, kb.wrapping_neg(), kp);
        difference
    }

    /// [`add`](Self::add) on self by value, in place: for a temporary (a
    /// product, a sum), which is then not copied.
    #[inline(always)]
    fn add_in(mut self, b: &Self) -> Self {
        self.lin(1, b, 1, 0);
        self
    }

    /// [`times`](Self::times) in place, as [`add_in`](Self::add_in).
    #[inline(always)]
    fn times_in(mut self, k: u32) -> Self {
        self.scale(k);
        self
    }

    /// [`sub`](Self::sub) in place, as [`add_in`](Self::add_in).
    #[inline(always)]
    fn sub_in(mut self, b: &Self, kb: u32, kp: u32) -> Self {
        self.lin(1, b, kb.wrapping_neg(), kp);
        self
    }

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

/// A word of a stored field element: two 13-bit limbs, limb 2i in the low
/// half of word i and limb 2i + 1 in the high half (the bytes of u16
/// limbs). The ESP8266 build keeps rtls' read-only data in flash, which
/// allows only 32-bit loads, so it rewrites every sub-word load (`l16ui`,
/// `l8ui`) as a word load, a shift and a mask (`boards/lx106/forcel32.py`):
/// u16 limbs would cost that in every product, linear operation and
/// selection. A limb in a word of its own would avoid it too, but double
/// every element, point and table on the stack. Loops read a word and take
/// its limbs apart in registers ([`lo`], [`hi`]: an instruction each on
/// LX106), and join two limbs to store them ([`pair`]).
pub(crate) type LimbPair = u32;

/// The low limb of a word.
#[inline(always)]
pub(super) fn lo(word: LimbPair) -> u32 {
    word & 0xffff
}

/// The high limb of a word.
#[inline(always)]
pub(super) fn hi(word: LimbPair) -> u32 {
    word >> 16
}

/// Limbs `lo` and `hi` (below 2^16) as a word.
#[inline(always)]
pub(super) const fn pair(lo: u32, hi: u32) -> LimbPair {
    lo | hi << 16
}

/// Limb `i` of an element's words.
#[inline(always)]
pub(super) fn limb(words: &[LimbPair], i: usize) -> u32 {
    (words[i / 2] >> (16 * (i % 2))) & 0xffff
}

/// Limbs (L of them) as an element's words (W = L/2), for constants.
pub(super) const fn pack<const L: usize, const W: usize>(limbs: [u32; L]) -> [LimbPair; W] {
    assert!(L == 2 * W);
    let mut words = [0; W];
    let mut i = 0;
    while i < W {
        words[i] = pair(limbs[2 * i], limbs[2 * i + 1]);
        i += 1;
    }
    words
}

/// An element's words as limbs into `limbs` (twice as long).
pub(super) fn unpack(words: &[LimbPair], limbs: &mut [u32]) {
    for (limbs, &word) in limbs.chunks_exact_mut(2).zip(words) {
        limbs[0] = lo(word);
        limbs[1] = hi(word);
    }
}

/// Limbs as an element's words into `words` (half as long).
pub(super) fn repack(limbs: &[u32], words: &mut [LimbPair]) {
    for (word, limbs) in words.iter_mut().zip(limbs.chunks_exact(2)) {
        *word = pair(limbs[0], limbs[1]);
    }
}

/// Limbs of the largest field (P-384's 30): the size of scratch buffers.
pub(super) const MAX_LIMBS: usize = 30;
/// A limb's 13 bits.
pub(super) const MASK: u32 = 0x1fff;

/// What [`fold_top`] needs of a prime of the special form p = 2^bits - c,
/// c a short signed sum of powers of two (the other shared functions take
/// p's limbs).
pub(super) struct Prime {
    /// The bits of p's top limb: bits = 13·(limbs - 1) + top_bits.
    pub(super) top_bits: u32,
    /// 2^bits ≡ c (mod p) as terms ±2^(13·limb + shift), (limb, shift):
    /// the added ones and the subtracted ones (two lists rather than a
    /// sign with each term: a bool would be a byte load).
    pub(super) added: &'static [(usize, u32)],
    pub(super) subtracted: &'static [(usize, u32)],
}

// The arithmetic both fields share, on slices of either length (one copy
// of the code for both curves), in rolled loops (opt-level z keeps them as
// written): linear operations, carries, the final fold, selection and
// comparison. The products and the fold of their high words are per field
// (`macros`). Only public values (lengths, the prime) steer branches and
// addresses.

/// [`MASK`] in a register for a loop: as a constant, LLVM reloads it from
/// the literal pool on every iteration (opt-level z).
#[inline(always)]
pub(super) fn opaque_mask() -> u32 {
    core::hint::black_box(MASK)
}

/// Carries signed words (two's complement in u32) to 13 bits each;
/// returns the signed carry out of the last one. Two words a step.
pub(super) fn carry(w: &mut [u32]) -> u32 {
    let mask = opaque_mask();
    let mut cc = 0u32;
    let mut step = |w: &mut u32| {
        let z = w.wrapping_add(cc);
        *w = z & mask;
        cc = ((z as i32) >> 13) as u32;
    };
    let (pairs, rest) = w.as_chunks_mut::<2>();
    for [w0, w1] in pairs {
        step(w0);
        step(w1);
    }
    for w in rest {
        step(w);
    }
    cc
}

/// The value of 13-bit words `w` (one per limb) plus the signed carry `cc`
/// at bit 13·limbs, reduced below 2p when it is above -p and below
/// 2^(13·limbs + 21), into `w` as limbs: what is above p's top bit (cc and
/// the top limb's high bits, a signed x) is folded back once as x·c, whole
/// words injected at c's terms. A negative x may leave a negative value:
/// then p is added once (the value is then above -p, so the sum stays
/// below 2p).
#[inline(never)]
pub(super) fn fold_top(w: &mut [u32], cc: u32, prime: &Prime) {
    let top = w.len() - 1;
    let tb = prime.top_bits;
    let x = (cc << (13 - tb)) | (w[top] >> tb);
    w[top] &= (1 << tb) - 1;
    // x - neg folded by c, neg·2^bits added: x·c + neg·p.
    let neg = x >> 31;
    let x = x.wrapping_sub(neg);
    for &(limb, shift) in prime.added {
        w[limb] = w[limb].wrapping_add(x << shift);
    }
    for &(limb, shift) in prime.subtracted {
        w[limb] = w[limb].wrapping_sub(x << shift);
    }
    w[top] = w[top].wrapping_add(neg << tb);
    // The total is in range: nothing carries out.
    let cc = carry(w);
    debug_assert_eq!(cc, 0);
}

/// Any element reduced below 2p ([`fold_top`] with no carry: x is
/// non-negative).
#[inline(never)]
pub(super) fn reduce(a: &mut [LimbPair], prime: &Prime) {
    let mut w = [0u32; MAX_LIMBS];
    let w = &mut w[..2 * a.len()];
    unpack(a, w);
    fold_top(w, 0, prime);
    repack(w, a);
}

/// a = ka·a + kb·b + kp·p, in place, carried to limbs, for the linear
/// operations ([`Field::lin`]): kb may be negative (two's complement), the
/// total must be non-negative and below 2^(13·limbs). A word (two limbs) a
/// step.
#[inline(never)]
pub(super) fn combine(
    a: &mut [LimbPair],
    ka: u32,
    b: &[LimbPair],
    kb: u32,
    kp: u32,
    p: &[LimbPair],
) {
    let mask = opaque_mask();
    let mut cc = 0u32;
    // A closure would be called, not inlined (opt-level s).
    macro_rules! limb {
        ($a:expr, $b:expr, $p:expr) => {{
            let z = (ka * $a)
                .wrapping_add(kb.wrapping_mul($b))
                .wrapping_add(kp * $p)
                .wrapping_add(cc);
            cc = ((z as i32) >> 13) as u32;
            z & mask
        }};
    }
    for ((a, &b), &p) in a.iter_mut().zip(b).zip(p) {
        let low = limb!(lo(*a), lo(b), lo(p));
        *a = pair(low, limb!(hi(*a), hi(b), hi(p)));
    }
    // The total is in range: nothing carries out.
    debug_assert_eq!(cc, 0);
}

/// Replaces a with b when `flag` is 1 (0: unchanged), in constant time.
#[inline(never)]
pub(super) fn select(a: &mut [LimbPair], b: &[LimbPair], flag: u32) {
    let mask = flag.wrapping_neg();
    for (a, &b) in a.iter_mut().zip(b) {
        *a ^= mask & (*a ^ b);
    }
}

/// Subtracts p from a value below 2p when it is not below p, in constant
/// time; returns 1 if it subtracted, else 0.
#[inline(never)]
pub(super) fn reduce_final(a: &mut [LimbPair], p: &[LimbPair]) -> u32 {
    let mut t = [0; MAX_LIMBS / 2];
    let t = &mut t[..a.len()];
    let mut cc = 0u32;
    macro_rules! limb {
        ($a:expr, $p:expr) => {{
            let w = $a.wrapping_sub($p).wrapping_sub(cc);
            cc = w >> 31;
            w & MASK
        }};
    }
    for ((t, &a), &p) in t.iter_mut().zip(a.iter()).zip(p) {
        let low = limb!(lo(a), lo(p));
        *t = pair(low, limb!(hi(a), hi(p)));
    }
    let subtract = cc ^ 1;
    select(a, t, subtract);
    subtract
}

/// The canonical value of a (below 2p) into `out`, and 1 if it is zero,
/// else 0 (constant time).
#[inline(never)]
pub(super) fn canonical(a: &[LimbPair], p: &[LimbPair], out: &mut [LimbPair]) -> u32 {
    out.copy_from_slice(a);
    reduce_final(out, p);
    let bits = out.iter().fold(0u32, |bits, &w| bits | w);
    1 ^ ((bits | bits.wrapping_neg()) >> 31)
}
