//! Points of the twisted Edwards curve -x² + y² = 1 + d·x²·y² (Ed25519,
//! RFC 8032 §5.1) in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
//! x·y = T/Z. The addition formulas are complete (they also double and take
//! the identity), so a constant-time multiplication needs no special cases.

use super::field::Fe;
use crate::engine::crypto::ec_narrow::field::Field;

/// d = -121665/121666.
const D: Fe = Fe::from_limbs([
    0x18a3, 0x1acb, 0x1284, 0x169b, 0x175e, 0x0c55, 0x0507, 0x09a8, 0x100a, 0x0003, 0x1a26, 0x0ef3,
    0x0797, 0x03a0, 0x0e33, 0x1fce, 0x0b6f, 0x0771, 0x00db, 0x00a4,
]);

/// 2d, for additions.
const D2: Fe = Fe::from_limbs([
    0x1159, 0x1597, 0x0509, 0x0d37, 0x0ebd, 0x18ab, 0x0a0e, 0x1350, 0x0014, 0x0007, 0x144c, 0x1de7,
    0x0f2e, 0x0740, 0x1c66, 0x1f9c, 0x16df, 0x0ee2, 0x01b6, 0x0048,
]);

/// A square root of -1 (2^((p-1)/4)).
const SQRT_M1: Fe = Fe::from_limbs([
    0x00b0, 0x1075, 0x09d2, 0x1c36, 0x0c4e, 0x123c, 0x14bf, 0x00d5, 0x0318, 0x197a, 0x15e9, 0x1bf7,
    0x0993, 0x0680, 0x0cad, 0x1be1, 0x0fc1, 0x0402, 0x00c9, 0x0057,
]);

/// A point (see the module's coordinates). Every coordinate is below 2p
/// (a product's bound), which the formulas' sums and differences need.
#[derive(Clone, Copy, Debug)]
pub(super) struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
    t: Fe,
}

impl Point {
    /// The identity (0, 1).
    pub(super) const IDENTITY: Point = Point { x: Fe::ZERO, y: Fe::ONE, z: Fe::ONE, t: Fe::ZERO };

    /// The base point B (y = 4/5, x even).
    pub(super) const BASE: Point = Point {
        x: Fe::from_limbs([
            0x151a, 0x192e, 0x1823, 0x0c5a, 0x0c95, 0x13d9, 0x1496, 0x0c12, 0x0cc7, 0x0349, 0x1717,
            0x1bad, 0x031f, 0x1271, 0x1b02, 0x0a7f, 0x0d6e, 0x169e, 0x1a4d, 0x0042,
        ]),
        y: Fe::from_limbs([
            0x0658, 0x1333, 0x1999, 0x0ccc, 0x0666, 0x1333, 0x1999, 0x0ccc, 0x0666, 0x1333, 0x1999,
            0x0ccc, 0x0666, 0x1333, 0x1999, 0x0ccc, 0x0666, 0x1333, 0x1999, 0x00cc,
        ]),
        z: Fe::ONE,
        t: Fe::from_limbs([
            0x1da3, 0x0dbe, 0x0ce9, 0x1d15, 0x16dd, 0x097a, 0x1d45, 0x100e, 0x109f, 0x0907, 0x18df,
            0x0957, 0x08e6, 0x1527, 0x159b, 0x0ecc, 0x178b, 0x187e, 0x01d7, 0x00cf,
        ]),
    };

    /// Decodes 32 bytes (RFC 8032 §5.1.3) as curve25519-dalek's
    /// `decompress` does: y's bits are taken mod p (a non-canonical y is
    /// accepted), and x = 0 with the sign bit set too. Also returns whether
    /// the encoding is canonical (what re-encoding the point gives back).
    /// `None` if no x fits y. Variable time: points are public.
    #[inline(never)]
    pub(super) fn decode(bytes: &[u8; 32]) -> Option<(Point, bool)> {
        let sign = u32::from(bytes[31] >> 7);
        let (y, y_canonical) = Fe::from_le(bytes);
        // x² = u/v with u = y² - 1, v = d·y² + 1 (never 0: -1/d is not a
        // square). Sums and differences are reduced below 2p before
        // is_zero, which takes values below 2p.
        let yy = y.square();
        let u = yy.sub(&Fe::ONE, 1, 2).reduced();
        let v = yy.mul(&D).add(&Fe::ONE);
        // x = u·v³·(u·v⁷)^((p-5)/8), times √-1 if v·x² = -u (RFC 8032).
        let v3 = v.square().mul(&v);
        let uv7 = u.mul(&v3.square().mul(&v));
        let mut x = u.mul(&v3).mul(&uv7.pow_p58());
        let vxx = v.mul(&x.square());
        if vxx.sub(&u, 1, 2).reduced().is_zero() == 0 {
            if vxx.add(&u).reduced().is_zero() == 0 {
                return None;
            }
            x = x.mul(&SQRT_M1);
        }
        let zero_x = x.is_zero();
        if x.is_odd() != sign {
            x = x.neg();
        }
        let point = Point { x, y, z: Fe::ONE, t: x.mul(&y) };
        Some((point, y_canonical && (zero_x & sign) == 0))
    }

    /// The 32-byte encoding: y, with x's parity in bit 255.
    #[inline(never)]
    pub(super) fn encode(&self) -> [u8; 32] {
        let zi = self.z.invert();
        let x = self.x.mul(&zi);
        let mut out = self.y.mul(&zi).to_le();
        out[31] |= (x.is_odd() as u8) << 7;
        out
    }

    /// -self.
    pub(super) fn neg(&self) -> Point {
        Point { x: self.x.neg(), t: self.t.neg(), ..*self }
    }

    /// Sets self to the point of the "completed" coordinates both formulas
    /// end with (x = e/g, y = h/f; ref10's `p1p1`), in extended form; T
    /// only if `with_t` (a doubling does not read it).
    fn set_completed(&mut self, e: &Fe, f: &Fe, g: &Fe, h: &Fe, with_t: bool) {
        self.x = e.mul(f);
        self.y = g.mul(h);
        self.z = f.mul(g);
        if with_t {
            self.t = e.mul(h);
        }
    }

    /// self + other into self (complete: also for equal points and the
    /// identity; "add-2008-hwcd-3" with a = -1).
    #[inline(never)]
    pub(super) fn add(&mut self, other: &Point) {
        let a = self.y.sub(&self.x, 1, 2).mul(&other.y.sub(&other.x, 1, 2));
        let b = self.y.add(&self.x).mul(&other.y.add(&other.x));
        let c = self.t.mul(&other.t).mul(&D2);
        let d = self.z.mul(&other.z).times(2);
        // Each below 6p: products below 2p, d below 4p.
        self.set_completed(&b.sub(&a, 1, 2), &d.sub(&c, 1, 2), &d.add(&c), &b.add(&a), true);
    }

    /// 2·self into self, cheaper than [`add`](Self::add) ("dbl-2008-hwcd",
    /// a = -1); T is left stale unless `with_t` (when only doublings and
    /// no addition follow, or none at all: nothing reads it).
    #[inline(never)]
    pub(super) fn double(&mut self, with_t: bool) {
        let xx = self.x.square();
        let yy = self.y.square();
        let zz2 = self.z.square().times(2);
        let sum = yy.add(&xx);
        let diff = yy.sub(&xx, 1, 2);
        let e = self.x.add(&self.y).square().sub(&sum, 1, 4);
        // e, sum, diff below 4p; zz2 - diff below 8p.
        self.set_completed(&e, &zz2.sub(&diff, 1, 4), &diff, &sum, with_t);
    }

    /// Replaces self with `other` when `flag` is 1, in constant time.
    fn select(&mut self, other: &Point, flag: u32) {
        self.x.select(&other.x, flag);
        self.y.select(&other.y, flag);
        self.z.select(&other.z, flag);
        self.t.select(&other.t, flag);
    }

    /// Whether self is the identity (x = 0, y = z).
    fn is_identity(&self) -> bool {
        self.x.is_zero() == 1 && self.y.sub(&self.z, 1, 2).reduced().is_zero() == 1
    }

    /// Whether 8·self is the identity (a point of order 1, 2, 4 or 8).
    #[inline(never)]
    pub(super) fn is_small_order(&self) -> bool {
        let mut p = *self;
        for _ in 0..3 {
            p.double(false);
        }
        p.is_identity()
    }

    /// [k]·B for a secret 32-byte little-endian scalar (any value below
    /// 2^255), constant time: signed digits of 3 bits, k = Σ d_i·8^i with
    /// d_i in [-4, 3] for i < 85 and d_85 (bit 255 of the recoding) 0 or 1,
    /// from the top: three doublings, then the table's [|d_i|]·B (every
    /// entry read, the identity for 0) negated when d_i < 0. The digits
    /// come without carries from k + Σ 4·8^i: each window of that sum less
    /// 4 is a digit.
    #[inline(never)]
    pub(super) fn mul_base(k: &[u8; 32]) -> Point {
        // k + c, c = Σ_{i<85} 4·8^i (bits 2, 5, 8, ...: bytes 24 49 92
        // repeated), below 2^256.
        // One byte more (zero), for the windows' byte pairs.
        let mut kc = [0u8; 33];
        let (mut c, mut cc) = (0x0092_4924u32, 0u32);
        for (o, &b) in kc.iter_mut().zip(k) {
            let z = u32::from(b) + (c & 0xff) + cc;
            *o = z as u8;
            cc = z >> 8;
            c = (c >> 8) | (c << 16);
        }
        let mut table = [Point::BASE; 4];
        table[1].double(true);
        table[2] = table[1];
        table[2].add(&Point::BASE);
        table[3] = table[1];
        table[3].double(true);
        let mut acc = Point::IDENTITY;
        acc.select(&Point::BASE, u32::from(kc[31] >> 7));
        let mut pick = Point::IDENTITY;
        for i in (0..85).rev() {
            for with_t in [false, false, true] {
                acc.double(with_t);
            }
            // The window's bits 3i..3i+2 (they may straddle two bytes).
            let bit = 3 * i;
            let pair = u32::from(kc[bit / 8]) | u32::from(kc[bit / 8 + 1]) << 8;
            let digit = ((pair >> (bit % 8)) & 7).wrapping_sub(4);
            let negative = digit >> 31;
            let abs = (digit ^ negative.wrapping_neg()).wrapping_add(negative);
            pick = Point::IDENTITY;
            for (j, entry) in (1u32..).zip(&table) {
                pick.select(entry, ((abs ^ j).wrapping_sub(1)) >> 31);
            }
            let x = pick.x.neg();
            pick.x.select(&x, negative);
            let t = pick.t.neg();
            pick.t.select(&t, negative);
            acc.add(&pick);
        }
        zeroize::Zeroize::zeroize(&mut kc);
        zeroize::Zeroize::zeroize(&mut pick);
        acc
    }

    /// [s]·B + [k]·self for public scalars below 2^253, variable time
    /// (verification): one pass over both scalars' bits, adding B, self or
    /// B + self (Straus-Shamir).
    #[inline(never)]
    pub(super) fn mul_double_vartime(&self, k: &[u8; 32], s: &[u8; 32]) -> Point {
        let mut table = [Point::BASE, *self, *self];
        table[2].add(&Point::BASE);
        let mut acc = Point::IDENTITY;
        for i in (0..253).rev() {
            let bits = (s[i / 8] >> (i % 8) & 1) | (k[i / 8] >> (i % 8) & 1) << 1;
            acc.double(bits != 0);
            if bits != 0 {
                acc.add(&table[usize::from(bits) - 1]);
            }
        }
        acc
    }
}

impl zeroize::Zeroize for Point {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.y.zeroize();
        self.z.zeroize();
        self.t.zeroize();
    }
}
