import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { policyDocument } from '../core/policy-document';
import { checkSettings } from '../core/setting-error';
import { terraformLiteral } from '../core/terraform-literal';
import { TLS_ONLY_ACTIONS } from '../core/tls-only-actions';

/** Content types of the files a built page consists of. */
export const SITE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface SiteBucketProps {
  readonly bucketName: string;
  /** Directory of the built page (flat: index.html, app.js, app.css). */
  readonly siteDirectory: string;
}

/**
 * The private bucket the page is served from: public access blocked, ACLs disabled, encrypted, versioned,
 * TLS-only. Only the CloudFront distribution given to `allowDistribution` can read it.
 */
export class SiteBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly objects: S3Object[] = [];
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: SiteBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'Resource', { bucket: props.bucketName });
    suppressCheckov(
      this.bucket,
      'CKV_AWS_144',
      'holds only the built page, rebuilt from git on every deploy',
    );
    suppressCheckov(this.bucket, 'CKV_AWS_18', 'CloudFront serves every read; its access is what to log');
    suppressCheckov(this.bucket, 'CKV2_AWS_62', 'nothing reacts to changes of the page files');
    suppressCheckov(
      this.bucket,
      'CKV2_AWS_61',
      'versions of a few small files; the page is rebuilt from git',
    );
    suppressCheckov(
      this.bucket,
      'CKV_AWS_145',
      'holds only the page code (no data); SSE-S3 spares granting CloudFront a KMS key',
    );
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    const names = readdirSync(props.siteDirectory)
      .filter((name) => SITE_CONTENT_TYPES[path.extname(name)])
      .sort();
    checkSettings(this, [
      !existsSync(path.join(props.siteDirectory, 'index.html')) && {
        setting: 'siteDirectory',
        value: props.siteDirectory,
        allowed: 'must hold index.html (build the page first)',
      },
    ]);
    for (const name of names) this.addAsset(name, path.join(props.siteDirectory, name));
  }

  /**
   * Uploads a built file as it is: a file asset (`source`), never inlined, because Terraform would read
   * `${` and `%{` in the page's JavaScript as template syntax. `source_hash` makes a changed file an update.
   */
  private addAsset(name: string, file: string): S3Object {
    const asset = new TerraformAsset(this, `Asset-${name}`, { path: file, type: AssetType.FILE });
    return this.addObject(name, { source: asset.path, sourceHash: Fn.filemd5(asset.path) });
  }

  /**
   * Writes one file next to the page whose content is known only at deploy time (e.g. `config.json`, which
   * names resources of this stack). The literal text is escaped for Terraform; references stay references.
   */
  public addFile(name: string, content: string): S3Object {
    return this.addObject(name, { content: terraformLiteral(content) });
  }

  private addObject(
    name: string,
    body: { content?: string; source?: string; sourceHash?: string },
  ): S3Object {
    const object = new S3Object(this, `File-${name}`, {
      bucket: this.bucket.id,
      key: name,
      ...body,
      contentType: SITE_CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      // The page must never run stale code against a newer API: the browser revalidates every load.
      cacheControl: 'no-cache',
    });
    this.objects.push(object);
    return object;
  }

  /** Bucket policy: TLS only, and reads by this distribution through origin access control. */
  public allowDistribution(distributionArn: string): S3BucketPolicy {
    return new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          sid: 'CloudFrontReadsThePage',
          principals: { Service: 'cloudfront.amazonaws.com' },
          actions: ['s3:GetObject'],
          resources: [`${this.bucket.arn}/*`],
          conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
        },
        {
          sid: 'TlsOnly',
          effect: 'Deny',
          anyPrincipal: true,
          actions: TLS_ONLY_ACTIONS,
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
      // A bucket policy put before the public access block could be public for a moment.
      dependsOn: [this.publicAccessBlock],
    });
  }
}
