import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TerraformStack, Testing } from 'cdktf';
import { suppressCheckov } from '../../constructs/core/checkov';
import { enforce, scannableCopy, suppressionsOf } from '../../scripts/checkov/enforce';

function queueStack(configure: (queue: SqsQueue) => void = () => {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const queue = new SqsQueue(stack, 'queue', { name: 'q', sqsManagedSseEnabled: true });
  configure(queue);
  // Testing.synth strips every "//" block; the stack's own JSON keeps them, as `cdktf synth` writes them.
  return { stack, json: stack.toTerraform(), logicalId: queue.friendlyUniqueId };
}

/** checkov's JSON report for one stack, as `checkov --quiet --framework terraform_json -o json` prints it. */
function report(failed: { check_id: string; resource: string }[], passed = 3) {
  return {
    check_type: 'terraform_json',
    results: { failed_checks: failed.map((f) => ({ ...f, check_name: `name of ${f.check_id}` })) },
    summary: { passed, failed: failed.length, skipped: 0, parsing_errors: 0 },
  };
}

describe('checkov suppressions', () => {
  test('a suppression is a skip comment with its reason in the resource comment block', () => {
    const { json, logicalId } = queueStack((q) =>
      suppressCheckov(q, 'CKV_AWS_27', 'encrypted with SQS-managed keys'),
    );
    const comment = json.resource.aws_sqs_queue[logicalId]['//'];
    expect(comment.checkov).toEqual(['checkov:skip=CKV_AWS_27: encrypted with SQS-managed keys']);
    expect(comment.metadata.path).toBe('test/queue');
  });

  test('suppressing the same check twice keeps one comment; different checks accumulate', () => {
    const { json, logicalId } = queueStack((q) => {
      suppressCheckov(q, 'CKV_AWS_27', 'first reason given here');
      suppressCheckov(q, 'CKV_AWS_27', 'second reason given here');
      suppressCheckov(q, 'CKV2_AWS_73', 'another reason given here');
    });
    expect(json.resource.aws_sqs_queue[logicalId]['//'].checkov).toEqual([
      'checkov:skip=CKV_AWS_27: first reason given here',
      'checkov:skip=CKV2_AWS_73: another reason given here',
    ]);
  });

  test('fails without a real check id or a reason', () => {
    expect(() => queueStack((q) => suppressCheckov(q, 'AWS_27', 'a reason long enough'))).toThrow(
      '"AWS_27" is not a checkov check id',
    );
    expect(() => queueStack((q) => suppressCheckov(q, 'CKV_AWS_27', 'n/a'))).toThrow('give the reason');
  });

  test('enforce excuses exactly the suppressed check on exactly that resource', () => {
    const { json, logicalId } = queueStack((q) =>
      suppressCheckov(q, 'CKV_AWS_27', 'encrypted with SQS-managed keys'),
    );
    const verdict = enforce(
      report([
        { check_id: 'CKV_AWS_27', resource: `resource.${logicalId}` },
        { check_id: 'CKV_AWS_28', resource: `resource.${logicalId}` },
        { check_id: 'CKV_AWS_27', resource: 'resource.other_queue' },
      ]),
      json,
    );
    expect(verdict.suppressed.map((s) => [s.check.check_id, s.check.resource, s.reason])).toEqual([
      ['CKV_AWS_27', `resource.${logicalId}`, 'encrypted with SQS-managed keys'],
    ]);
    expect(verdict.failed.map((f) => [f.check_id, f.resource])).toEqual([
      ['CKV_AWS_28', `resource.${logicalId}`],
      ['CKV_AWS_27', 'resource.other_queue'],
    ]);
    expect(verdict.passed).toBe(3);
  });

  test('fails on a malformed skip comment and on a stack checkov could not parse', () => {
    expect(() =>
      suppressionsOf({ resource: { aws_sqs_queue: { q: { '//': { checkov: ['skip CKV_AWS_27'] } } } } }),
    ).toThrow('q: malformed checkov skip comment');
    const broken = { ...report([]), summary: { passed: 0, failed: 0, parsing_errors: 1 } };
    expect(() => enforce(broken, {})).toThrow('checkov could not parse the stack');
  });
});

describe('the copy checkov scans', () => {
  test('drops the non-object entries of the terraform block that its parser rejects, and nothing else', () => {
    const stack = {
      terraform: {
        required_version: '>= 1.11.0',
        backend: { s3: { bucket: 'b' } },
        required_providers: { aws: {} },
      },
      resource: { aws_sqs_queue: { q: { name: 'q' } } },
    };
    expect(scannableCopy(stack)).toEqual({
      terraform: { backend: { s3: { bucket: 'b' } }, required_providers: { aws: {} } },
      resource: { aws_sqs_queue: { q: { name: 'q' } } },
    });
  });
});
