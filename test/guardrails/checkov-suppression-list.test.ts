import { Testing } from 'cdktf';
import { buildTestPlatform } from '../support/synth';

/**
 * Every checkov check the example platform excuses, as `<construct path> <check id>`. Each one carries its
 * reason next to the resource (see `suppressCheckov`); docs/central.md explains them. A new suppression, or one
 * that disappears, must change this list in the same commit, so that review sees it.
 */
const INTENDED: Record<string, readonly string[]> = {
  central: [
    'Collector/AnomalyDetector/Function/Logs/Resource CKV_AWS_338',
    'Collector/AnomalyDetector/Function/Resource CKV_AWS_116',
    'Collector/AnomalyDetector/Function/Resource CKV_AWS_173',
    'Collector/AnomalyDetector/Function/Resource CKV_AWS_272',
    'Collector/AnomalyDetector/EveryWindow CKV_AWS_297',
    'Collector/Api/AccessLogs/Resource CKV_AWS_338',
    'Collector/Api/MethodSettings CKV_AWS_225',
    'Collector/Api/POSTEvents CKV2_AWS_53',
    'Collector/Api/POSTWebhooksDatadog CKV2_AWS_53',
    'Collector/Api/POSTWebhooksDrift CKV2_AWS_53',
    'Collector/Api/POSTWebhooksFluentbit CKV2_AWS_53',
    'Collector/Api/POSTWebhooksPagerduty CKV2_AWS_53',
    'Collector/Api/POSTWebhooksSentry CKV2_AWS_53',
    'Collector/Api/Stage CKV2_AWS_29',
    'Collector/Api/Stage CKV2_AWS_4',
    'Collector/Api/Stage CKV2_AWS_51',
    'Collector/Api/Stage CKV_AWS_120',
    'Collector/AuthorizerFunction/Function/Logs/Resource CKV_AWS_338',
    'Collector/AuthorizerFunction/Function/Resource CKV_AWS_115',
    'Collector/AuthorizerFunction/Function/Resource CKV_AWS_116',
    'Collector/AuthorizerFunction/Function/Resource CKV_AWS_117',
    'Collector/AuthorizerFunction/Function/Resource CKV_AWS_173',
    'Collector/AuthorizerFunction/Function/Resource CKV_AWS_272',
    'Collector/CollectorFunction/Function/Logs/Resource CKV_AWS_338',
    'Collector/CollectorFunction/Function/Resource CKV_AWS_116',
    'Collector/CollectorFunction/Function/Resource CKV_AWS_173',
    'Collector/CollectorFunction/Function/Resource CKV_AWS_272',
    'Collector/Database/AuditLogs/Resource CKV_AWS_338',
    'Collector/Database/MasterSecret CKV2_AWS_57',
    'Collector/Database/ProfilerLogs/Resource CKV_AWS_338',
    'Collector/DatabaseUsers/Function/Logs/Resource CKV_AWS_338',
    'Collector/DatabaseUsers/Function/Resource CKV_AWS_116',
    'Collector/DatabaseUsers/Function/Resource CKV_AWS_173',
    'Collector/DatabaseUsers/Function/Resource CKV_AWS_272',
    'Collector/DatabaseUsers/Secret-collector CKV2_AWS_57',
    'Collector/DatabaseUsers/Secret-detector CKV2_AWS_57',
    'Collector/DatabaseUsers/Secret-query CKV2_AWS_57',
    'Collector/Network/FlowLogs/Resource CKV_AWS_338',
    'Collector/ProductKey-payments/Resource CKV2_AWS_57',
    'Collector/ProductKey-search/Resource CKV2_AWS_57',
    'Collector/SigningSecrets CKV2_AWS_57',
    'Dashboard/Cdn/Resource CKV2_AWS_42',
    'Dashboard/Cdn/Resource CKV2_AWS_47',
    'Dashboard/Cdn/Resource CKV_AWS_174',
    'Dashboard/Cdn/Resource CKV_AWS_310',
    'Dashboard/Cdn/Resource CKV_AWS_374',
    'Dashboard/Cdn/Resource CKV_AWS_68',
    'Dashboard/Cdn/Resource CKV_AWS_86',
    'Dashboard/QueryApi/AccessLogs/Resource CKV_AWS_338',
    'Dashboard/QueryApi/Function/Logs/Resource CKV_AWS_338',
    'Dashboard/QueryApi/Function/Resource CKV_AWS_116',
    'Dashboard/QueryApi/Function/Resource CKV_AWS_173',
    'Dashboard/QueryApi/Function/Resource CKV_AWS_272',
    'Dashboard/QueryApi/GetProxy CKV2_AWS_53',
    'Dashboard/QueryApi/PostProxy CKV2_AWS_53',
    'Dashboard/QueryApi/PutProxy CKV2_AWS_53',
    'Dashboard/QueryApi/MethodSettings CKV_AWS_225',
    'Dashboard/QueryApi/Stage CKV2_AWS_29',
    'Dashboard/QueryApi/Stage CKV2_AWS_4',
    'Dashboard/QueryApi/Stage CKV2_AWS_51',
    'Dashboard/QueryApi/Stage CKV_AWS_120',
    'Dashboard/Site/Resource CKV2_AWS_61',
    'Dashboard/Site/Resource CKV2_AWS_62',
    'Dashboard/Site/Resource CKV_AWS_144',
    'Dashboard/Site/Resource CKV_AWS_145',
    'Dashboard/Site/Resource CKV_AWS_18',
  ],
  'payments-prod': [],
  'payments-stg': [],
  // The management-events trail (eventForwarding.unauthorizedApiCalls.createTrail), docs/event-forwarding.md.
  'search-prod': [
    'ManagementEventsTrail/Trail CKV2_AWS_10',
    'ManagementEventsTrail/Trail CKV_AWS_252',
    'ManagementEventsTrail/TrailBucket CKV2_AWS_62',
    'ManagementEventsTrail/TrailBucket CKV_AWS_144',
    'ManagementEventsTrail/TrailBucket CKV_AWS_18',
  ],
};

const SKIP = /^checkov:skip=(CKV2?_[A-Z0-9]+_\d+): (.+)$/;

test('the checkov suppressions of every stack are exactly the intended ones, each with its reason', () => {
  const stacks = buildTestPlatform();
  const found: Record<string, string[]> = {};
  for (const stack of [stacks.central, ...stacks.products]) {
    Testing.synth(stack); // applies the aspects; the stack's own JSON keeps the "//" comment blocks
    const json = stack.toTerraform() as Record<string, Record<string, Record<string, any>>>;
    const rows: string[] = [];
    for (const block of ['resource', 'data']) {
      for (const byId of Object.values(json[block] ?? {})) {
        for (const config of Object.values(byId)) {
          for (const comment of config['//']?.checkov ?? []) {
            const match = SKIP.exec(comment);
            expect(match?.[2]?.length ?? 0).toBeGreaterThanOrEqual(10);
            const path = String(config['//'].metadata.path).split('/').slice(1).join('/');
            rows.push(`${path} ${match?.[1]}`);
          }
        }
      }
    }
    found[stack.node.id] = rows.sort();
  }
  expect(found).toEqual(Object.fromEntries(Object.entries(INTENDED).map(([k, v]) => [k, [...v].sort()])));
});
