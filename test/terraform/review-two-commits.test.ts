// The plan review on this project's own stacks: state applied from a base config (replay provider), the head
// config changes one monitor threshold and one product's Slack channel, and the review of Terraform's plan
// must show exactly the resources whose configuration changed, updated in place.
import * as path from 'node:path';
import { type Io, run } from '../../review/cli';
import { synthTo } from '../../scripts/terraform/synth-to';
import { readStack } from '../../scripts/terraform/workspace';
import { parsePlatformConfig } from '../../stacks/config';
import { exampleRaw } from '../support/config';
import {
  checkWithReplay,
  describeWithTerraform,
  type PlanJson,
  problems,
  readPlan,
  scratchDir,
  TERRAFORM_TIMEOUT_MS,
} from '../support/terraform';

const STACK = 'payments-prod';
const MONITOR = 'alb.target_5xx_rate';

/** Every resource block of a synthesized stack without cdktf's metadata, by address. */
function resourceBlocks(stackDir: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const json = readStack(stackDir).resource as Record<string, Record<string, Record<string, unknown>>>;
  for (const [type, byName] of Object.entries(json))
    for (const [name, block] of Object.entries(byName)) {
      const { '//': _metadata, ...config } = block;
      blocks.set(`${type}.${name}`, JSON.stringify(config));
    }
  return blocks;
}

describeWithTerraform('plan review of a two-commit change to payments-prod', () => {
  const root = scratchDir('review-two-commits');
  const work = path.join(root, 'work');
  const base = exampleRaw();
  const payments = base.products.find((p: { name: string }) => p.name === 'payments');
  const oldThreshold = payments.datadog.monitors.overrides[MONITOR].critical;
  const oldChannel = payments.slackChannel;
  const head = structuredClone(base);
  const headPayments = head.products.find((p: { name: string }) => p.name === 'payments');
  headPayments.datadog.monitors.overrides[MONITOR].critical = oldThreshold + 1;
  headPayments.slackChannel = 'payments-incidents';

  let plan: PlanJson;
  let markdown = '';
  let code = -1;
  let expected: string[];

  beforeAll(async () => {
    synthTo(parsePlatformConfig(base, 'base.yaml'), path.join(root, 'base'));
    synthTo(parsePlatformConfig(head, 'head.yaml'), path.join(root, 'head'));
    const baseDir = path.join(root, 'base', 'stacks', STACK);
    const headDir = path.join(root, 'head', 'stacks', STACK);
    const applied = await checkWithReplay(baseDir, work, { apply: true });
    expect(problems(applied)).toEqual([]);
    const planned = await checkWithReplay(headDir, work, { plan: true, keepState: true });
    expect(problems(planned)).toEqual([]);
    plan = readPlan(planned);

    // The oracle: resources whose synthesized configuration differs between the two commits.
    const before = resourceBlocks(baseDir);
    const after = resourceBlocks(headDir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expected = [...after.keys()].filter((address) => after.get(address) !== before.get(address)).sort();

    let out = '';
    const io: Io = { out: (t) => (out += t), err: (t) => (out += t) };
    code = run(['plan', '--synth', path.join(root, 'head'), '--name', STACK, planned.planJsonFile!], io);
    markdown = out;
  }, TERRAFORM_TIMEOUT_MS);

  test('the changed configuration is the threshold monitor and what names the Slack channel', () => {
    const blocks = resourceBlocks(path.join(root, 'head', 'stacks', STACK));
    const mentionsNewChannel = [...blocks]
      .filter(([, b]) => b.includes('payments-incidents'))
      .map(([a]) => a);
    expect(mentionsNewChannel.length).toBeGreaterThan(0);
    expect(expected).toEqual(expect.arrayContaining(mentionsNewChannel));
    const monitor = plan.resource_changes.find(
      (c: PlanJson) => c.type === 'datadog_monitor' && JSON.stringify(c.change.before).includes(MONITOR),
    );
    expect(monitor).toBeDefined();
    expect(expected).toContain(monitor.address);
  });

  test('Terraform plans exactly those resources as in-place updates: nothing created or destroyed', () => {
    const acted = plan.resource_changes
      .filter((c: PlanJson) => c.mode === 'managed' && !c.change.actions.every((a: string) => a === 'no-op'))
      .map((c: PlanJson) => [c.address, c.change.actions.join(',')]);
    expect(acted.sort()).toEqual(expected.map((address) => [address, 'update']));
  });

  test('the rendered review shows those updates and their attribute changes', () => {
    expect(code).toBe(1);
    expect(markdown).toContain(`Plan: 0 to add, ${expected.length} to change, 0 to destroy.`);
    for (const address of expected) expect(markdown).toContain(address);
    expect(markdown).toMatch(new RegExp(`critical: "?${oldThreshold}"? -> "?${oldThreshold + 1}"?`));
    expect(markdown).toContain(`${oldChannel}`);
    expect(markdown).toContain('payments-incidents');
    expect(markdown).not.toMatch(/\*\*(create|delete|replace)\*\*/);
    // Only the attributes the two changes touch: the channel, the messages that mention it, and the
    // threshold with the query that embeds it.
    const changedAttributes = new Set([...markdown.matchAll(/^\s*~ ([\w.[\]]+):/gm)].map((m) => m[1]));
    expect([...changedAttributes].sort()).toEqual([
      'channel_name',
      'message',
      'monitor_thresholds[0].critical',
      'query',
    ]);
  });
});
