// The robust z-score: median and MAD ignore the spikes that a mean and a standard deviation follow.
import { median, robustZ } from '../../lambda-src/anomaly/robust-score';

test('median of odd and even counts; none is an error', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow('median of no values');
});

test('z is the distance from the median in units of 1.4826 MAD', () => {
  const baseline = [10, 12, 11, 9, 10, 13, 8, 10];
  const s = robustZ(20, baseline);
  expect(s.median).toBe(10);
  expect(s.mad).toBe(1); // |deviations| 0 2 1 1 0 3 2 0 → median 1
  expect(s.spread).toBeCloseTo(1.4826, 4);
  expect(s.z).toBeCloseTo(10 / 1.4826, 4);
});

test('one huge spike in the baseline barely moves the score, unlike a mean/sd score', () => {
  const calm = [5, 6, 5, 4, 5, 6, 5, 4];
  const spiky = [...calm.slice(0, 7), 500];
  expect(robustZ(30, spiky).z).toBeGreaterThan(10);
  const mean = spiky.reduce((a, b) => a + b, 0) / spiky.length;
  const sd = Math.sqrt(spiky.reduce((a, b) => a + (b - mean) ** 2, 0) / spiky.length);
  expect((30 - mean) / sd).toBeLessThan(0); // the classic score would call 30 errors below normal
});

test('a flat baseline (MAD 0) is scored against the minimum spread, not divided by zero', () => {
  const s = robustZ(4, [0, 0, 0, 0, 0]);
  expect(s.mad).toBe(0);
  expect(s.spread).toBe(1);
  expect(s.z).toBe(4);
  expect(robustZ(4, [0, 0, 0], 2).z).toBe(2);
});
