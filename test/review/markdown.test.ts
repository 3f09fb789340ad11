import { code, compareText, contrast, fence, joinPath } from '../../review/markdown';

test('long values are cut down to where they differ; short ones stay whole', () => {
  const query = (minutes: number) =>
    `max(last_${minutes}m):min:aws.ecs.service.running{aws_account:222222222222} by {clustername,servicename} / max:aws.ecs.service.desired{aws_account:222222222222} by {clustername,servicename} * 100 < 50`;
  const [before, after] = contrast(query(15), query(10));
  expect(before).toBe('"max(last_15m):min:aws.ecs.service.running{aws_accou…');
  expect(after).toBe('"max(last_10m):min:aws.ecs.service.running{aws_accou…');
  expect(contrast('5', '10')).toEqual(['"5"', '"10"']);
  expect(contrast(5, 10)).toEqual(['5', '10']);
});

test('ordering does not depend on the locale', () => {
  expect(['b', 'B', 'a', '_'].sort(compareText)).toEqual(['B', '_', 'a', 'b']);
});

test('code spans and fences survive backticks in the text', () => {
  expect(code('a`b')).toBe('``a`b``');
  expect(fence(['x = "```"'], 'diff')).toBe('````diff\nx = "```"\n````');
});

test('attribute paths use terraform notation', () => {
  expect(joinPath(joinPath(joinPath('', 'tags'), 'cost-center'), 0)).toBe('tags.cost-center[0]');
  expect(joinPath('overrides', 'alb.target_5xx_rate')).toBe('overrides["alb.target_5xx_rate"]');
});
