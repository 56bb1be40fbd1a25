//! Points in Jacobian coordinates (X/Z², Y/Z³; Z = 0 is the point at
//! infinity) on a curve y² = x³ - 3x + b over any [`Field`]: doubling,
//! additions, SEC1 decoding and encoding. The formulas and their bounds are
//! BearSSL's (`ec_p256_m15.c`); they hold for every field of this module
//! (each has at least 16p of room).

use super::field::{Field, ShortField};

/// A point with z = 1 (never the point at infinity).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Affine<F> {
    pub(super) x: F,
    pub(super) y: F,
}

/// A point in Jacobian coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian<F> {
    pub(super) x: F,
    pub(super) y: F,
    pub(super) z: F,
}

/// x³ - 3x + b for a canonical x (below 2p).
fn curve_rhs<F: ShortField>(x: &F) -> F {
    x.square().mul(x).add_in(&F::B).sub_in(&x.times(3), 1, 4).reduced()
}

impl<F: ShortField> Affine<F> {
    /// Decodes a SEC1 point, uncompressed (0x04 || x || y) or compressed
    /// (0x02 or 0x03 || x): `None` unless the coordinates are below p and
    /// the point is on the curve (the identity has no such encoding).
    /// Variable time: points are public.
    #[inline(never)]
    pub(super) fn decode(bytes: &[u8]) -> Option<Affine<F>> {
        let n = F::BYTES;
        let (&tag, coordinates) = bytes.split_first()?;
        let compressed = match (tag, coordinates.len()) {
            (0x04, len) if len == 2 * n => false,
            (0x02 | 0x03, len) if len == n => true,
            _ => return None,
        };
        let (x, x_ok) = F::from_bytes(&coordinates[..n]);
        let (mut y, y_ok) = if compressed {
            (F::ZERO, true)
        } else {
            F::from_bytes(&coordinates[n..])
        };
        if !(x_ok && y_ok) {
            return None;
        }
        let rhs = curve_rhs(&x);
        if compressed {
            // The root of the parity asked for (if rhs has one: checked
            // below with the curve equation).
            y = rhs.sqrt();
            if y.is_odd() != u32::from(tag & 1) {
                y = y.neg();
            }
        }
        // y² = x³ - 3x + b
        let diff = y.square().sub_in(&rhs, 1, 2).reduced();
        (diff.is_zero() == 1).then_some(Affine { x, y })
    }

    /// The uncompressed SEC1 encoding into `out` (1 + 2·BYTES long).
    pub(super) fn encode(&self, out: &mut [u8]) {
        let n = F::BYTES;
        out[0] = 0x04;
        self.x.write_bytes(&mut out[1..1 + n]);
        self.y.write_bytes(&mut out[1 + n..1 + 2 * n]);
    }
}

impl<F: Field> From<&Affine<F>> for Jacobian<F> {
    fn from(p: &Affine<F>) -> Jacobian<F> {
        Jacobian {
            x: p.x,
            y: p.y,
            z: F::ONE,
        }
    }
}

impl<F: Field> Jacobian<F> {
    /// The point at infinity.
    pub(super) const INFINITY: Jacobian<F> = Jacobian {
        x: F::ZERO,
        y: F::ZERO,
        z: F::ZERO,
    };

    /// 1 if this is the point at infinity, else 0.
    pub(super) fn is_infinity(&self) -> u32 {
        self.z.is_zero()
    }

    /// Replaces self with `other` when `flag` is 1, in constant time.
    pub(super) fn select(&mut self, other: &Jacobian<F>, flag: u32) {
        self.x.select(&other.x, flag);
        self.y.select(&other.y, flag);
        self.z.select(&other.z, flag);
    }

    /// The affine point (x/z², y/z³), or `None` for the point at infinity.
    /// One field inversion; constant time except for the final check. By
    /// reference: a point is 120 or 180 bytes.
    #[allow(clippy::wrong_self_convention)]
    #[inline(never)]
    pub(super) fn to_affine(&self) -> Option<Affine<F>> {
        let affine = self.to_affine_with(&self.z.invert());
        (self.is_infinity() == 0).then_some(affine)
    }

    /// (x/z², y/z³) given zi = 1/z (garbage for the point at infinity).
    #[allow(clippy::wrong_self_convention)]
    pub(super) fn to_affine_with(&self, zi: &F) -> Affine<F> {
        let zi2 = zi.square();
        Affine {
            x: self.x.mul(&zi2),
            y: self.y.mul(&zi2.mul(zi)),
        }
    }

    /// 2·self, for every point including infinity (z stays 0). Uses a = -3:
    /// m = 3(x + z²)(x - z²); 4 multiplications and 4 squarings.
    #[inline(never)]
    pub(super) fn double(&mut self) {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let zz = z.square();
        let m = x.add(&zz).mul(&x.sub(&zz, 1, 2)).times_in(3);
        // 2y² (kept: its square is 4y⁴) and s = 4xy².
        let yy2 = y.square().times_in(2);
        let s = x.mul(&yy2).times_in(2).reduced();
        // x' = m² - 2s
        let x3 = m.square().sub_in(&s, 2, 4).reduced();
        // z' = 2yz
        let z3 = y.mul(z).times_in(2).reduced();
        // y' = m(s - x') - 8y⁴
        let y3 = m.mul(&s.sub(&x3, 1, 2)).sub_in(&yy2.square(), 2, 4).reduced();
        *self = Jacobian { x: x3, y: y3, z: z3 };
    }

    /// The shared part of both additions, given u1 = x1·z2², s1 = y1·z2³,
    /// u2 = x2·z1², s2 = y2·z1³: sets x and y, returns h = u2 - u1 (the
    /// caller sets z = z1·z2·h) and 1 if r = s2 - s1 is non-zero, else 0.
    #[inline(never)]
    fn add_from(&mut self, u1: &F, s1: &F, u2: &F, s2: &F) -> (F, u32) {
        let h = u2.sub(u1, 1, 2);
        let r = s2.sub(s1, 1, 2).reduced();
        let r_nonzero = 1 ^ r.is_zero();
        let hh = h.square();
        let u1hh = u1.mul(&hh);
        let hhh = hh.mul(&h);
        // x3 = r² - (h³ + 2·u1·h²)
        let x3 = r.square().sub_in(&hhh.add_in(&u1hh.times(2)), 1, 8).reduced();
        // y3 = r·(u1·h² - x3) - s1·h³
        self.y = r.mul(&u1hh.sub(&x3, 1, 2)).sub_in(&s1.mul(&hhh), 1, 2).reduced();
        self.x = x3;
        (h, r_nonzero)
    }

    /// self + other, constant time (12 multiplications, 4 squarings).
    ///
    /// Wrong (the point at infinity) when exactly one operand is infinity
    /// or when both are equal; returns 0 when r = 0 (equal points, or both
    /// infinity), else 1. So with neither operand infinity: a finite result
    /// is right; an infinite one with 1 is right (self = -other); with 0
    /// the caller should have doubled.
    #[inline(never)]
    pub(super) fn add(&mut self, other: &Jacobian<F>) -> u32 {
        let zz2 = other.z.square();
        let u1 = self.x.mul(&zz2);
        let s1 = self.y.mul(&other.z.mul(&zz2));
        let zz1 = self.z.square();
        let u2 = other.x.mul(&zz1);
        let s2 = other.y.mul(&self.z.mul(&zz1));
        let (h, r_nonzero) = self.add_from(&u1, &s1, &u2, &s2);
        self.z = self.z.mul(&other.z).mul(&h);
        r_nonzero
    }

    /// self + other for an affine `other`, constant time (8
    /// multiplications, 3 squarings). Same exceptions and return value as
    /// [`add`](Self::add), self infinity being one of them.
    #[inline(never)]
    pub(super) fn add_affine(&mut self, other: &Affine<F>) -> u32 {
        let zz1 = self.z.square();
        let u2 = other.x.mul(&zz1);
        let s2 = other.y.mul(&self.z.mul(&zz1));
        let (u1, s1) = (self.x, self.y);
        let (h, r_nonzero) = self.add_from(&u1, &s1, &u2, &s2);
        self.z = self.z.mul(&h);
        r_nonzero
    }

    /// self + other for every case (infinity, equal or opposite points);
    /// variable time, for public points only.
    #[inline(never)]
    pub(super) fn add_vartime(&mut self, other: &Jacobian<F>) {
        if other.is_infinity() == 1 {
            return;
        }
        if self.is_infinity() == 1 {
            *self = *other;
            return;
        }
        let before = *self;
        if self.add(other) == 0 && self.is_infinity() == 1 {
            *self = before;
            self.double();
        }
    }

    /// [`add_vartime`](Self::add_vartime) for an affine `other`.
    #[inline(never)]
    pub(super) fn add_affine_vartime(&mut self, other: &Affine<F>) {
        if self.is_infinity() == 1 {
            *self = Jacobian::from(other);
            return;
        }
        let before = *self;
        if self.add_affine(other) == 0 && self.is_infinity() == 1 {
            *self = before;
            self.double();
        }
    }

    /// -self.
    #[cfg(test)]
    pub(super) fn neg(&self) -> Jacobian<F> {
        Jacobian {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }
}
