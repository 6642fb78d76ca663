// kube-proxy prints the statistic probability with Go's `%0.10f`, which rounds the exact binary
// value of the float64 half-to-even. JavaScript's toFixed rounds exact ties up instead (k = 2048:
// Go `0.0004882812`, toFixed `0.0004882813`), so the decimal is computed exactly here.
// Shared by the compiler (cascade) and the iptables renderer/reader, hence in the model.

function exactParts(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** Go `fmt.Sprintf("%0.<digits>f", x)` for a finite, non-negative x. */
export function goFixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) throw new Error(`goFixed: unsupported value ${x}`);
  // toFixed is exact except that it rounds an exact tie up; only near-ties take the exact path.
  const scaled = x * 10 ** digits;
  if (digits <= 20 && Math.abs((scaled % 1) - 0.5) > 1e-6) return x.toFixed(digits);
  return exactFixed(x, digits);
}

function exactFixed(x: number, digits: number): string {
  const { mantissa, exponent } = exactParts(x);
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const denominator = 1n << BigInt(-exponent);
    const numerator = mantissa * scale;
    scaled = numerator / denominator;
    const twiceRemainder = 2n * (numerator % denominator);
    if (twiceRemainder > denominator || (twiceRemainder === denominator && scaled % 2n === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, "0");
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The text kube-proxy writes after `--probability`. */
export function probabilityText(p: number): string {
  return goFixed(p, 10);
}
