// Every key of platform.yaml's schema reaches the synthesized Terraform JSON: a key the schema accepts and the
// constructs ignore cannot exist. The schema is walked leaf by leaf; each leaf
// has a row below that changes it (in a copy of the example config) to a distinguishable valid value, and the
// whole platform is synthesized before and after. A leaf without a row fails, so does a row whose change
// leaves every stack's JSON as it was, or that the config or a guardrail refuses (the error is the failure).
// Keys that matter only in combination get a `base` that sets the combination first (the comparison is then
// base vs base + change): zone count without pinned zone ids, an existing VPC with its subnets, a topic
// without e-mails, deletion protection outside production (a guardrail keeps it on in prod), an identity
// provider or domain set before one of its fields changes, support hours set on an account. No key is
// excluded. A key added to the schema fails the first test until it has a row here.
import { TerraformStack, Testing } from 'cdktf';
import type { z } from 'zod';
import { ConfigError, parsePlatformConfig } from '../../stacks/config';
import { platformConfig } from '../../stacks/config/platform';
import { speedUpSynthesis } from '../../stacks/synth-speed';
import { exampleRaw } from '../support/config';
import { buildTestPlatform } from '../support/synth';

type Raw = Record<string, any>;
type Edit = (raw: Raw) => void;

interface Row {
  /** Applied to the baseline and the changed config alike (the combination the key needs). */
  readonly base?: Edit;
  readonly change: Edit;
}

/** Sets `value` at a dotted path (numbers index arrays; `\\.` is a dot inside a key), creating objects. */
function at(path: string, value: unknown): Edit {
  return (raw) => {
    const keys = path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
    let node: Raw = raw;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key];
    }
    node[keys[keys.length - 1]] = value;
  };
}

const both =
  (...edits: Edit[]): Edit =>
  (raw) => {
    for (const edit of edits) edit(raw);
  };

const PAYMENTS = 'products.0';
const PAYMENTS_PROD = 'products.0.accounts.0';
const PAYMENTS_STG = 'products.0.accounts.1';
const SEARCH = 'products.1';
const SAML = { type: 'SAML', name: 'AcmeSSO', metadataUrl: 'https://sso.example.com/saml/metadata' };
const OIDC = {
  type: 'OIDC',
  name: 'AcmeOIDC',
  issuer: 'https://idp.example.com',
  clientId: 'dashboard',
  clientSecretArn: 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:dashboard-oidc',
};
const DOMAIN = {
  domainName: 'dashboard.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100',
};
const HOURS = { timeZone: 'Asia/Tokyo', days: ['mon', 'tue'], start: '09:00', end: '18:00' };
/** A catalog monitor id (it holds a dot, escaped for `at`). */
const OVERRIDE = 'rds\\.cpu_utilization';

/** One row per schema leaf (paths as the walk below names them). */
const ROWS: Record<string, Row> = {
  'deployment.roleName': { change: at('deployment.roleName', 'platform-deploy') },
  'deployment.stateBucket': { change: at('deployment.stateBucket', 'acme-other-tfstate') },
  'deployment.stateRegion': { change: at('deployment.stateRegion', 'us-east-1') },
  'deployment.stateKeyPrefix': { change: at('deployment.stateKeyPrefix', 'obs') },
  'deployment.stateRoleArn': {
    change: at('deployment.stateRoleArn', 'arn:aws:iam::111111111111:role/state'),
  },
  'deployment.stateKmsKeyId': { change: at('deployment.stateKmsKeyId', 'alias/tfstate') },
  'deployment.tags{}': { change: at('deployment.tags.cost-center', 'other') },

  'central.accountId': { change: at('central.accountId', '999999999999') },
  'central.region': { change: at('central.region', 'us-east-1') },
  'central.env': { change: at('central.env', 'ops') },
  'central.team': { change: at('central.team', 'platform') },
  'central.network.vpcCidr': { change: at('central.network.vpcCidr', '10.50.0.0/16') },
  'central.network.availabilityZones': {
    base: at('central.network.zoneIds', undefined),
    change: at('central.network.availabilityZones', 3),
  },
  'central.network.zoneIds[]': { change: at('central.network.zoneIds', ['apne1-az1', 'apne1-az2']) },
  'central.network.existingVpcId': {
    base: both(
      at('central.network.zoneIds', undefined),
      at('central.network.existingVpcId', 'vpc-0123456789abcdef0'),
      at('central.network.existingSubnetIds', ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']),
    ),
    change: at('central.network.existingVpcId', 'vpc-0123456789abcdef1'),
  },
  'central.network.existingSubnetIds[]': {
    base: both(
      at('central.network.zoneIds', undefined),
      at('central.network.existingVpcId', 'vpc-0123456789abcdef0'),
      at('central.network.existingSubnetIds', ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']),
    ),
    change: at('central.network.existingSubnetIds', ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef2']),
  },
  'central.documentDb.instanceClass': { change: at('central.documentDb.instanceClass', 'db.r6g.large') },
  'central.documentDb.instanceCount': { change: at('central.documentDb.instanceCount', 3) },
  'central.documentDb.backupRetentionDays': { change: at('central.documentDb.backupRetentionDays', 14) },
  'central.documentDb.engineVersion': { change: at('central.documentDb.engineVersion', '8.0.0') },
  // Production (central.env prod) refuses to turn it off: a guardrail names the cluster.
  'central.documentDb.deletionProtection': {
    base: at('central.env', 'stg'),
    change: at('central.documentDb.deletionProtection', false),
  },
  'central.documentDb.masterPasswordVersion': { change: at('central.documentDb.masterPasswordVersion', 2) },
  'central.documentDb.userPasswordVersion': { change: at('central.documentDb.userPasswordVersion', 2) },
  'central.lambda.runtime': { change: at('central.lambda.runtime', 'nodejs24.x') },
  'central.lambda.memoryMb': { change: at('central.lambda.memoryMb', 1024) },
  'central.lambda.timeoutSeconds': { change: at('central.lambda.timeoutSeconds', 20) },
  'central.lambda.logRetentionDays': { change: at('central.lambda.logRetentionDays', 60) },
  'central.api.throttle.rateLimit': { change: at('central.api.throttle.rateLimit', 150) },
  'central.api.throttle.burstLimit': { change: at('central.api.throttle.burstLimit', 300) },
  'central.api.usagePlan.throttle.rateLimit': { change: at('central.api.usagePlan.throttle.rateLimit', 25) },
  'central.api.usagePlan.throttle.burstLimit': {
    change: at('central.api.usagePlan.throttle.burstLimit', 50),
  },
  'central.api.usagePlan.quota.limit': { change: at('central.api.usagePlan.quota.limit', 6_000_000) },
  'central.api.usagePlan.quota.period': { change: at('central.api.usagePlan.quota.period', 'WEEK') },
  'central.api.products{}.throttle.rateLimit': {
    change: at('central.api.products.search.throttle.rateLimit', 11),
  },
  'central.api.products{}.throttle.burstLimit': {
    change: at('central.api.products.search.throttle.burstLimit', 21),
  },
  'central.api.products{}.quota.limit': {
    change: at('central.api.products.search.quota', { limit: 1000, period: 'MONTH' }),
  },
  'central.api.products{}.quota.period': {
    change: at('central.api.products.search.quota', { limit: 5_000_000, period: 'DAY' }),
  },
  'central.api.maxBodyBytes': { change: at('central.api.maxBodyBytes', 2048) },
  'central.alarms.quarantine.threshold': { change: at('central.alarms.quarantine.threshold', 3) },
  'central.alarms.quarantine.periodMinutes': { change: at('central.alarms.quarantine.periodMinutes', 15) },
  'central.alarms.emails[]': { change: at('central.alarms.emails', ['sre@example.com']) },
  'central.alarms.pagerduty.serviceId': { change: at('central.alarms.pagerduty.serviceId', 'PSRE002') },
  'central.alarms.pagerduty.datadogServiceName': {
    change: at('central.alarms.pagerduty.datadogServiceName', 'platform'),
  },
  'central.alarms.deadLetterQueue.thresholdMessages': {
    change: at('central.alarms.deadLetterQueue.thresholdMessages', 5),
  },
  'central.alarms.deadLetterQueue.notifyWindowMinutes': {
    change: at('central.alarms.deadLetterQueue.notifyWindowMinutes', 30),
  },
  'central.alarms.deadLetterQueue.pageAfterMinutes': {
    change: at('central.alarms.deadLetterQueue.pageAfterMinutes', 120),
  },
  'central.alarms.topicArn': {
    base: at('central.alarms.emails', []),
    change: at('central.alarms.topicArn', 'arn:aws:sns:ap-northeast-1:111111111111:alarms'),
  },
  'central.privacy.redactPersonalData': { change: at('central.privacy.redactPersonalData', false) },
  'central.privacy.rawRetentionDays': { change: at('central.privacy.rawRetentionDays', 30) },
  'central.dashboard.postmortemWriters': {
    change: at('central.dashboard.postmortemWriters', 'incident-writers'),
  },
  'central.anomalyDetection.enabled': { change: at('central.anomalyDetection.enabled', false) },
  'central.anomalyDetection.windowMinutes': { change: at('central.anomalyDetection.windowMinutes', 30) },
  'central.anomalyDetection.delayMinutes': { change: at('central.anomalyDetection.delayMinutes', 5) },
  'central.anomalyDetection.baselineWindows': {
    change: at('central.anomalyDetection.baselineWindows', 48),
  },
  'central.anomalyDetection.zThreshold': { change: at('central.anomalyDetection.zThreshold', 5) },
  'central.anomalyDetection.minErrors': { change: at('central.anomalyDetection.minErrors', 10) },
  'central.anomalyDetection.minBaselineWindows': {
    change: at('central.anomalyDetection.minBaselineWindows', 4),
  },
  'central.anomalyDetection.minBaselineLines': {
    change: at('central.anomalyDetection.minBaselineLines', 50),
  },
  'central.anomalyDetection.maxNewPatterns': { change: at('central.anomalyDetection.maxNewPatterns', 3) },
  'central.anomalyDetection.memoryMb': { change: at('central.anomalyDetection.memoryMb', 2048) },
  'central.dashboard.cognitoDomainPrefix': {
    change: at('central.dashboard.cognitoDomainPrefix', 'acme-sre'),
  },
  'central.dashboard.identityProvider(SAML).type': {
    base: at('central.dashboard.identityProvider', SAML),
    change: at('central.dashboard.identityProvider', OIDC),
  },
  'central.dashboard.identityProvider(SAML).name': {
    base: at('central.dashboard.identityProvider', SAML),
    change: at('central.dashboard.identityProvider.name', 'OtherSSO'),
  },
  'central.dashboard.identityProvider(SAML).metadataUrl': {
    base: at('central.dashboard.identityProvider', SAML),
    change: at('central.dashboard.identityProvider.metadataUrl', 'https://sso.example.com/other'),
  },
  'central.dashboard.identityProvider(OIDC).type': {
    base: at('central.dashboard.identityProvider', OIDC),
    change: at('central.dashboard.identityProvider', SAML),
  },
  'central.dashboard.identityProvider(OIDC).name': {
    base: at('central.dashboard.identityProvider', OIDC),
    change: at('central.dashboard.identityProvider.name', 'OtherOIDC'),
  },
  'central.dashboard.identityProvider(OIDC).issuer': {
    base: at('central.dashboard.identityProvider', OIDC),
    change: at('central.dashboard.identityProvider.issuer', 'https://idp2.example.com'),
  },
  'central.dashboard.identityProvider(OIDC).clientId': {
    base: at('central.dashboard.identityProvider', OIDC),
    change: at('central.dashboard.identityProvider.clientId', 'dashboard-2'),
  },
  'central.dashboard.identityProvider(OIDC).clientSecretArn': {
    base: at('central.dashboard.identityProvider', OIDC),
    change: at(
      'central.dashboard.identityProvider.clientSecretArn',
      'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:other',
    ),
  },
  'central.dashboard.domain.domainName': {
    base: at('central.dashboard.domain', DOMAIN),
    change: at('central.dashboard.domain.domainName', 'sre.example.com'),
  },
  'central.dashboard.domain.certificateArn': {
    base: at('central.dashboard.domain', DOMAIN),
    change: at(
      'central.dashboard.domain.certificateArn',
      'arn:aws:acm:us-east-1:111111111111:certificate/1f0e0d0c-0b0a-0908-0706-050403020100',
    ),
  },

  'products[].name': { change: at(`${PAYMENTS}.name`, 'billing') },
  'products[].team': { change: at(`${PAYMENTS}.team`, 'billing') },
  'products[].slackChannel': { change: at(`${PAYMENTS}.slackChannel`, 'billing-alerts') },
  'products[].services[]': { change: at(`${SEARCH}.services`, ['ec2', 'alb', 'ecs', 'elasticache']) },
  'products[].accounts[].env': { change: at(`${PAYMENTS_STG}.env`, 'qa') },
  'products[].accounts[].accountId': { change: at(`${PAYMENTS_STG}.accountId`, '333333333334') },
  'products[].accounts[].region': { change: at(`${PAYMENTS_STG}.region`, 'us-west-2') },
  'products[].accounts[].pages': { change: at(`${PAYMENTS_STG}.pages`, true) },
  'products[].accounts[].slackChannel': { change: at(`${PAYMENTS_STG}.slackChannel`, 'payments-qa-alerts') },
  'products[].accounts[].pagerduty.supportHours.timeZone': {
    base: at(`${PAYMENTS_PROD}.pagerduty.supportHours`, HOURS),
    change: at(`${PAYMENTS_PROD}.pagerduty.supportHours.timeZone`, 'Europe/Berlin'),
  },
  'products[].accounts[].pagerduty.supportHours.days[]': {
    base: at(`${PAYMENTS_PROD}.pagerduty.supportHours`, HOURS),
    change: at(`${PAYMENTS_PROD}.pagerduty.supportHours.days`, ['mon', 'wed']),
  },
  'products[].accounts[].pagerduty.supportHours.start': {
    base: at(`${PAYMENTS_PROD}.pagerduty.supportHours`, HOURS),
    change: at(`${PAYMENTS_PROD}.pagerduty.supportHours.start`, '08:00'),
  },
  'products[].accounts[].pagerduty.supportHours.end': {
    base: at(`${PAYMENTS_PROD}.pagerduty.supportHours`, HOURS),
    change: at(`${PAYMENTS_PROD}.pagerduty.supportHours.end`, '19:00'),
  },
  'products[].accounts[].pagerduty.lowUrgencyService': {
    change: at(`${PAYMENTS_STG}.pagerduty.lowUrgencyService`, true),
  },
  'products[].accounts[].monitors.overrides{}.critical': {
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.critical`, 96),
  },
  'products[].accounts[].monitors.overrides{}.warning': {
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.warning`, 86),
  },
  'products[].accounts[].monitors.overrides{}.windowMinutes': {
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.windowMinutes`, 20),
  },
  'products[].accounts[].monitors.overrides{}.evaluationDelaySeconds': {
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.evaluationDelaySeconds`, 600),
  },
  'products[].accounts[].monitors.overrides{}.priority': {
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.priority`, 5),
  },
  'products[].accounts[].monitors.overrides{}.pages': {
    base: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.pages`, true),
    change: at(`${PAYMENTS_PROD}.monitors.overrides.${OVERRIDE}.pages`, false),
  },
  'products[].accounts[].monitors.disabled[]': {
    change: at(`${PAYMENTS_PROD}.monitors.disabled`, ['rds.cpu_utilization']),
  },
  'products[].datadog.site': { change: at(`${PAYMENTS}.datadog.site`, 'datadoghq.eu') },
  'products[].datadog.slackAccount': { change: at(`${PAYMENTS}.datadog.slackAccount`, 'acme-eu') },
  'products[].datadog.monitors.overrides{}.critical': {
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.critical`, 96),
  },
  'products[].datadog.monitors.overrides{}.warning': {
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.warning`, 86),
  },
  'products[].datadog.monitors.overrides{}.windowMinutes': {
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.windowMinutes`, 20),
  },
  'products[].datadog.monitors.overrides{}.evaluationDelaySeconds': {
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.evaluationDelaySeconds`, 600),
  },
  'products[].datadog.monitors.overrides{}.priority': {
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.priority`, 5),
  },
  'products[].datadog.monitors.overrides{}.pages': {
    base: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.pages`, true),
    change: at(`${PAYMENTS}.datadog.monitors.overrides.${OVERRIDE}.pages`, false),
  },
  'products[].datadog.monitors.disabled[]': {
    change: at(`${PAYMENTS}.datadog.monitors.disabled`, [
      'ebs.throughput_percentage_low',
      'rds.cpu_utilization',
    ]),
  },
  'products[].datadog.slos.availabilityTargetPercent': {
    change: at(`${PAYMENTS}.datadog.slos.availabilityTargetPercent`, 99.9),
  },
  'products[].datadog.slos.latencyTargetPercent': {
    change: at(`${PAYMENTS}.datadog.slos.latencyTargetPercent`, 98),
  },
  'products[].datadog.slos.latencyThresholdSeconds': {
    change: at(`${PAYMENTS}.datadog.slos.latencyThresholdSeconds`, 0.5),
  },
  'products[].datadog.slos.timeframe': { change: at(`${PAYMENTS}.datadog.slos.timeframe`, '7d') },
  'products[].pagerduty.pages': { change: at(`${PAYMENTS}.pagerduty.pages`, false) },
  'products[].pagerduty.serviceName': { change: at(`${PAYMENTS}.pagerduty.serviceName`, 'checkout') },
  'products[].pagerduty.escalation.loops': { change: at(`${PAYMENTS}.pagerduty.escalation.loops`, 3) },
  'products[].pagerduty.escalation.rules[].delayMinutes': {
    change: at(`${PAYMENTS}.pagerduty.escalation.rules.0.delayMinutes`, 12),
  },
  'products[].pagerduty.escalation.rules[].targets[].user': {
    change: at(`${PAYMENTS}.pagerduty.escalation.rules.1.targets.0.user`, 'PXPGF43'),
  },
  'products[].pagerduty.escalation.rules[].targets[].scheduleId': {
    change: at(`${PAYMENTS}.pagerduty.escalation.rules.0.targets.0.scheduleId`, 'PQ9K7I9'),
  },
  'products[].pagerduty.escalation.rules[].targets[].schedule': {
    base: at(`${SEARCH}.pagerduty.schedules.1`, {
      name: 'secondary',
      timeZone: 'America/New_York',
      layers: [
        {
          name: 'weekly',
          users: ['PGR0VU2'],
          rotationTurnLengthHours: 168,
          rotationVirtualStart: '2026-01-05T09:00:00-05:00',
        },
      ],
    }),
    change: at(`${SEARCH}.pagerduty.escalation.rules.0.targets.0.schedule`, 'secondary'),
  },
  'products[].pagerduty.schedules[].name': {
    base: at(`${SEARCH}.pagerduty.escalation.rules.0.targets.0`, { user: 'PTUXL6G' }),
    change: at(`${SEARCH}.pagerduty.schedules.0.name`, 'weekly'),
  },
  'products[].pagerduty.schedules[].timeZone': {
    change: at(`${SEARCH}.pagerduty.schedules.0.timeZone`, 'Europe/Berlin'),
  },
  'products[].pagerduty.schedules[].layers[].name': {
    change: at(`${SEARCH}.pagerduty.schedules.0.layers.0.name`, 'rotation'),
  },
  'products[].pagerduty.schedules[].layers[].users[]': {
    change: at(`${SEARCH}.pagerduty.schedules.0.layers.0.users`, ['PGR0VU2', 'PUS0KTE']),
  },
  'products[].pagerduty.schedules[].layers[].rotationTurnLengthHours': {
    change: at(`${SEARCH}.pagerduty.schedules.0.layers.0.rotationTurnLengthHours`, 24),
  },
  'products[].pagerduty.schedules[].layers[].rotationVirtualStart': {
    change: at(`${SEARCH}.pagerduty.schedules.0.layers.0.rotationVirtualStart`, '2026-01-06T09:00:00-05:00'),
  },
  'products[].pagerduty.acknowledgementTimeoutSeconds': {
    change: at(`${PAYMENTS}.pagerduty.acknowledgementTimeoutSeconds`, 600),
  },
  'products[].pagerduty.autoResolveTimeoutSeconds': {
    change: at(`${PAYMENTS}.pagerduty.autoResolveTimeoutSeconds`, null),
  },
  'products[].pagerduty.supportHours.timeZone': {
    change: at(`${SEARCH}.pagerduty.supportHours.timeZone`, 'Europe/Berlin'),
  },
  'products[].pagerduty.supportHours.days[]': {
    change: at(`${SEARCH}.pagerduty.supportHours.days`, ['mon', 'tue']),
  },
  'products[].pagerduty.supportHours.start': {
    change: at(`${SEARCH}.pagerduty.supportHours.start`, '07:00'),
  },
  'products[].pagerduty.supportHours.end': { change: at(`${SEARCH}.pagerduty.supportHours.end`, '21:00') },
  'products[].eventForwarding.enabled': { change: at(`${SEARCH}.eventForwarding.enabled`, false) },
  'products[].eventForwarding.guardDutyMinSeverity': {
    change: at(`${PAYMENTS}.eventForwarding.guardDutyMinSeverity`, 7),
  },
  'products[].eventForwarding.inspectorMinSeverity': {
    change: at(`${SEARCH}.eventForwarding.inspectorMinSeverity`, 'CRITICAL'),
  },
  'products[].eventForwarding.securityHubMinSeverity': {
    change: at(`${PAYMENTS}.eventForwarding.securityHubMinSeverity`, 'HIGH'),
  },
  'products[].eventForwarding.toilSource': {
    change: at(`${PAYMENTS}.eventForwarding.toilSource`, 'acme.jobs'),
  },
  'products[].eventForwarding.healthEvents': {
    change: at(`${PAYMENTS}.eventForwarding.healthEvents`, false),
  },
  'products[].eventForwarding.unauthorizedApiCalls.enabled': {
    change: at(`${PAYMENTS}.eventForwarding.unauthorizedApiCalls.enabled`, false),
  },
  'products[].eventForwarding.unauthorizedApiCalls.createTrail': {
    change: at(`${PAYMENTS}.eventForwarding.unauthorizedApiCalls.createTrail`, true),
  },
  'products[].eventForwarding.unauthorizedApiCalls.trailRetentionDays': {
    change: at(`${SEARCH}.eventForwarding.unauthorizedApiCalls.trailRetentionDays`, 90),
  },
  'products[].eventForwarding.devOpsGuru.enabled': {
    change: at(`${PAYMENTS}.eventForwarding.devOpsGuru.enabled`, false),
  },
  'products[].eventForwarding.devOpsGuru.coverage': {
    change: both(
      at(`${PAYMENTS}.eventForwarding.devOpsGuru.coverage`, 'tags'),
      at(`${PAYMENTS}.eventForwarding.devOpsGuru.tagKey`, 'DevOps-Guru-payments'),
    ),
  },
  'products[].eventForwarding.devOpsGuru.stackNames[]': {
    change: at(`${PAYMENTS}.eventForwarding.devOpsGuru.stackNames`, ['payments-app']),
  },
  'products[].eventForwarding.devOpsGuru.tagKey': {
    change: at(`${SEARCH}.eventForwarding.devOpsGuru.tagKey`, 'DevOps-Guru-other'),
  },
  'products[].eventForwarding.devOpsGuru.tagValues[]': {
    change: at(`${SEARCH}.eventForwarding.devOpsGuru.tagValues`, ['on']),
  },
  'products[].eventForwarding.devOpsGuru.logAnomalyDetection': {
    change: at(`${PAYMENTS}.eventForwarding.devOpsGuru.logAnomalyDetection`, false),
  },
  'products[].eventForwarding.rateLimitPerSecond': {
    change: at(`${PAYMENTS}.eventForwarding.rateLimitPerSecond`, 30),
  },
  'products[].eventForwarding.maxEventAgeSeconds': {
    change: at(`${PAYMENTS}.eventForwarding.maxEventAgeSeconds`, 3600),
  },
  'products[].eventForwarding.maxRetryAttempts': {
    change: at(`${PAYMENTS}.eventForwarding.maxRetryAttempts`, 10),
  },
  'products[].eventForwarding.deadLetterRetentionSeconds': {
    change: at(`${PAYMENTS}.eventForwarding.deadLetterRetentionSeconds`, 86_400),
  },
  'products[].toilApps[].name': { change: at(`${SEARCH}.toilApps.0.name`, 'toil-log-trim') },
  'products[].toilApps[].applicationId': {
    change: at(
      `${SEARCH}.toilApps.0.applicationId`,
      'arn:aws:serverlessrepo:ap-northeast-1:555555555555:applications/toil-log-trim',
    ),
  },
  'products[].toilApps[].semanticVersion': { change: at(`${SEARCH}.toilApps.0.semanticVersion`, '1.0.8') },
  'products[].toilApps[].parameters{}': { change: at(`${SEARCH}.toilApps.0.parameters.RetentionDays`, 60) },
  'products[].toilApps[].capabilities[]': {
    change: at(`${SEARCH}.toilApps.0.capabilities`, ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY']),
  },
};

type Schema = z.core.$ZodType;

/** Leaf paths of the schema: objects by key, arrays as `[]`, records as `{}`, union options as `(type)`. */
function leaves(schema: Schema, path: string, out: string[] = []): string[] {
  const def = schema._zod.def as unknown as Record<string, any> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return leaves(def.innerType, path, out);
    case 'pipe':
      return leaves(def.in, path, out);
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, Schema>)) {
        leaves(value, path ? `${path}.${key}` : key, out);
      }
      return out;
    case 'array':
      return leaves(def.element, `${path}[]`, out);
    case 'record':
      return leaves(def.valueType, `${path}{}`, out);
    case 'union':
      for (const option of def.options as Schema[]) {
        const type = (
          option._zod.def as unknown as { shape: { type: { _zod: { def: { values: string[] } } } } }
        ).shape.type._zod.def.values[0];
        leaves(option, `${path}(${type})`, out);
      }
      return out;
    default:
      out.push(path);
      return out;
  }
}

/** Every stack's JSON, by stack name; a refusal (config error or cdktf validation) as its message. */
function synthesize(raw: Raw): Map<string, string> | Error {
  try {
    const platform = buildTestPlatform(parsePlatformConfig(raw, 'platform.yaml'));
    const stacks = platform.central.node.root.node.children.filter(
      (c): c is TerraformStack => c instanceof TerraformStack,
    );
    return new Map(stacks.map((s) => [s.node.id, Testing.synth(s, true)]));
  } catch (err) {
    if (err instanceof ConfigError || /Validation failed/.test((err as Error).message)) return err as Error;
    throw err;
  }
}

function edited(...edits: (Edit | undefined)[]): Raw {
  const raw = exampleRaw();
  for (const edit of edits) edit?.(raw);
  return raw;
}

beforeAll(() => {
  speedUpSynthesis();
});

const schemaLeaves = leaves(platformConfig, '');

test('every leaf of the schema has a row, and every row a leaf', () => {
  expect(schemaLeaves.filter((leaf) => !(leaf in ROWS))).toEqual([]);
  expect(Object.keys(ROWS).filter((row) => !schemaLeaves.includes(row))).toEqual([]);
});

describe('a changed key changes the synthesized JSON, or is refused', () => {
  const baselines = new Map<Edit | undefined, Map<string, string>>();
  const baseline = (base: Edit | undefined) => {
    if (!baselines.has(base)) {
      const result = synthesize(edited(base));
      if (result instanceof Error) throw new Error(`the base of the row is refused: ${result.message}`);
      baselines.set(base, result);
    }
    return baselines.get(base)!;
  };

  test.each(schemaLeaves.filter((leaf) => leaf in ROWS))('%s', (leaf) => {
    const row = ROWS[leaf];
    const before = baseline(row.base);
    const after = synthesize(edited(row.base, row.change));
    if (after instanceof Error) throw after;
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (stack) => before.get(stack) !== after.get(stack),
    );
    expect(changed.length).toBeGreaterThan(0);
  });
});
