import { Schedule } from '@cdktf/provider-pagerduty/lib/schedule';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';

/** One layer of an on-call schedule: users taking turns of a fixed length. */
export interface OnCallLayer {
  /** @default - "Layer <n>" */
  readonly name?: string;
  /** PagerDuty user ids, in rotation order. */
  readonly userIds: readonly string[];
  /** Length of one on-call turn, in seconds (e.g. 604800 for a weekly rotation). */
  readonly rotationTurnLengthSeconds: number;
  /**
   * When the rotation is anchored (ISO 8601 with offset, e.g. `2026-01-05T09:00:00+09:00`): the first user's
   * turn starts at this instant, and the hand-off time of day and weekday follow from it.
   */
  readonly rotationVirtualStart: string;
  /**
   * When the layer takes effect (ISO 8601 with offset).
   * @default - the rotationVirtualStart
   */
  readonly start?: string;
}

export interface OnCallScheduleProps {
  /** Name of the schedule in PagerDuty. */
  readonly name: string;
  /** IANA time zone the schedule is shown in (e.g. `Asia/Tokyo`). */
  readonly timeZone: string;
  /** Layers, lowest first; a higher layer overrides the ones below while it has someone on call. */
  readonly layers: readonly OnCallLayer[];
  /** @default - "Managed by cdktf (observability wiring)" */
  readonly description?: string;
  /**
   * PagerDuty teams (ids) the schedule belongs to.
   * @default - no team
   */
  readonly teamIds?: readonly string[];
}

/** An on-call schedule that an escalation policy can target. */
export class OnCallSchedule extends Construct {
  public readonly resource: Schedule;
  /** The schedule's PagerDuty id (a reference, resolved at apply). */
  public readonly scheduleId: string;

  constructor(scope: Construct, id: string, props: OnCallScheduleProps) {
    super(scope, id);
    checkSettings(this, [
      props.layers.length === 0 && { setting: 'layers', value: [], allowed: 'must list at least one layer' },
      ...props.layers.map(
        (layer, i) =>
          layer.userIds.length === 0 && {
            setting: `layers[${i}].userIds`,
            value: [],
            allowed: 'must list at least one user',
          },
      ),
    ]);
    this.resource = new Schedule(this, 'Resource', {
      name: props.name,
      timeZone: props.timeZone,
      description: props.description ?? 'Managed by cdktf (observability wiring)',
      teams: props.teamIds ? [...props.teamIds] : undefined,
      layer: props.layers.map((layer, i) => ({
        name: layer.name ?? `Layer ${i + 1}`,
        users: [...layer.userIds],
        rotationTurnLengthSeconds: layer.rotationTurnLengthSeconds,
        rotationVirtualStart: layer.rotationVirtualStart,
        start: layer.start ?? layer.rotationVirtualStart,
      })),
    });
    this.scheduleId = this.resource.id;
  }
}
