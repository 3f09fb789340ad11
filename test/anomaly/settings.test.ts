// DETECTOR_SETTINGS: defaults, overrides, and errors that name the setting and what is allowed.
import { DEFAULT_DETECTOR_SETTINGS } from '../../lambda-src/anomaly/detect';
import { parseSettings } from '../../lambda-src/anomaly/handler';

test('no settings: the defaults', () => {
  expect(parseSettings(undefined)).toEqual({
    detector: DEFAULT_DETECTOR_SETTINGS,
    maxWindowLines: 50_000,
    maxBaselineLines: 200_000,
  });
});

test('given settings override the defaults, minutes become milliseconds', () => {
  const s = parseSettings(
    JSON.stringify({ windowMinutes: 5, baselineWindows: 288, zThreshold: 5, maxWindowLines: 10 }),
  );
  expect(s.detector).toMatchObject({ windowMs: 300_000, baselineWindows: 288, zThreshold: 5, minErrors: 5 });
  expect(s.maxWindowLines).toBe(10);
});

test.each([
  ['[]', 'DETECTOR_SETTINGS must be a JSON object'],
  ['{"window": 5}', 'DETECTOR_SETTINGS.window: unknown setting; allowed: windowMinutes, baselineWindows'],
  ['{"zThreshold": 0}', 'DETECTOR_SETTINGS.zThreshold: expected a number from 0.5 to 100, got 0'],
  ['{"minErrors": "5"}', 'DETECTOR_SETTINGS.minErrors: expected a number from 1 to 1000000, got "5"'],
])('%s is refused', (text, message) => {
  expect(() => parseSettings(text)).toThrow(message);
});
