/** The standard normal distribution's tail and quantile, and the chi-square draws built on them. */

/**
 * Upper tail Q(x) = P(Z > x), with relative accuracy ~1e-7 far into the tail (the erfc
 * approximation of Numerical Recipes, 6.2), which the aged-item tail needs.
 */
export function normalUpperTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010422015, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p in (0, 1) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * A standard normal draw conditioned on exceeding `alpha`, from a uniform u in [0, 1):
 * inverse-CDF on the tail, with the exponential approximation once the tail underflows.
 */
export function normalAbove(alpha: number, u: number): number {
  const tail = normalUpperTail(alpha);
  if (tail > 1e-300) return Math.max(alpha, -normalQuantile(Math.max(Number.MIN_VALUE, (1 - u) * tail)));
  return alpha - Math.log(1 - u) / alpha;
}

/**
 * χ²(ν) / ν from a standard normal z (Wilson–Hilferty's cube approximation, good to a few
 * percent for ν >= 3, floored so a small ν cannot go to zero or below).
 */
export function chiSquareOverNu(nu: number, z: number): number {
  const k = 2 / (9 * nu);
  const root = 1 - k + z * Math.sqrt(k);
  return Math.max(0.05, root * root * root);
}
