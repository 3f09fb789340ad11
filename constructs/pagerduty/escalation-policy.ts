import { EscalationPolicy as PagerdutyEscalationPolicy } from '@cdktf/provider-pagerduty/lib/escalation-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';

/** Who an escalation rule notifies: a PagerDuty user, or whoever is on call in a schedule. */
export interface EscalationTarget {
  readonly type: 'user' | 'schedule';
  /** PagerDuty id of the user or schedule (e.g. `PABC123`), or a reference to a schedule created here. */
  readonly id: string;
}

/** One level of an escalation policy. */
export interface EscalationRule {
  /**
   * Minutes an unacknowledged incident stays at this level before it escalates to the next one (or, after
   * the last level, loops back to the first). PagerDuty's minimum is 1.
   */
  readonly delayMinutes: number;
  /** Users and schedules notified at this level, all at once (PagerDuty allows 1 to 10). */
  readonly targets: readonly EscalationTarget[];
}

/** PagerDuty limits, from its API and web app. */
export const ESCALATION_LIMITS = {
  minDelayMinutes: 1,
  maxTargetsPerRule: 10,
  maxLoops: 9,
} as const;

export interface EscalationPolicyProps {
  /** Name of the policy in PagerDuty (unique in the PagerDuty account). */
  readonly name: string;
  /** Ordered levels: the first is notified first. */
  readonly rules: readonly EscalationRule[];
  /**
   * How many times the whole policy repeats when nobody acknowledges after the last level.
   * @default 0 - the policy runs once
   */
  readonly loops?: number;
  /** @default - "Managed by cdktf (observability wiring)" */
  readonly description?: string;
  /**
   * PagerDuty team (id) that owns the policy; needs the account's `teams` ability.
   * @default - no team
   */
  readonly teamId?: string;
}

const TARGET_TYPES = { user: 'user_reference', schedule: 'schedule_reference' } as const;

/** Problems with escalation rules, as sentences; empty when the rules are usable. */
export function escalationRuleProblems(rules: readonly EscalationRule[], loops = 0): string[] {
  const problems: string[] = [];
  if (rules.length === 0) problems.push('an escalation policy needs at least one rule');
  rules.forEach((rule, i) => {
    const { delayMinutes } = rule;
    if (!Token.isUnresolved(delayMinutes)) {
      if (!Number.isInteger(delayMinutes) || delayMinutes < ESCALATION_LIMITS.minDelayMinutes) {
        problems.push(
          `rule ${i + 1}: delayMinutes must be a whole number of minutes >= ${ESCALATION_LIMITS.minDelayMinutes}, got ${delayMinutes}`,
        );
      }
    }
    if (rule.targets.length === 0) problems.push(`rule ${i + 1}: needs at least one target`);
    if (rule.targets.length > ESCALATION_LIMITS.maxTargetsPerRule) {
      problems.push(
        `rule ${i + 1}: at most ${ESCALATION_LIMITS.maxTargetsPerRule} targets, got ${rule.targets.length}`,
      );
    }
  });
  if (
    !Token.isUnresolved(loops) &&
    (!Number.isInteger(loops) || loops < 0 || loops > ESCALATION_LIMITS.maxLoops)
  ) {
    problems.push(`loops must be a whole number from 0 to ${ESCALATION_LIMITS.maxLoops}, got ${loops}`);
  }
  return problems;
}

/**
 * A PagerDuty escalation policy: ordered levels of users and schedules, each given `delayMinutes` to
 * acknowledge before the incident moves on.
 */
export class EscalationPolicy extends Construct {
  public readonly resource: PagerdutyEscalationPolicy;
  /** The policy's PagerDuty id (a reference, resolved at apply). */
  public readonly policyId: string;

  constructor(scope: Construct, id: string, props: EscalationPolicyProps) {
    super(scope, id);
    // escalationRuleProblems also checks platform.yaml; each of its lines names the rule or `loops`.
    checkSettings(
      this,
      escalationRuleProblems(props.rules, props.loops).map((problem) =>
        problem.startsWith('loops')
          ? {
              setting: 'loops',
              value: props.loops,
              allowed: problem.replace(/^loops /, '').replace(/, got .*$/, ''),
            }
          : { setting: 'rules', value: `${props.rules.length} rules`, allowed: problem },
      ),
    );
    this.resource = new PagerdutyEscalationPolicy(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'Managed by cdktf (observability wiring)',
      numLoops: props.loops ?? 0,
      teams: props.teamId ? [props.teamId] : undefined,
      rule: props.rules.map((rule) => ({
        escalationDelayInMinutes: rule.delayMinutes,
        target: rule.targets.map((t) => ({ type: TARGET_TYPES[t.type], id: t.id })),
      })),
    });
    this.policyId = this.resource.id;
  }
}
