// S3 actions a bucket policy refuses over plain HTTP (`aws:SecureTransport` false): the dashboard's site
// bucket and the management-events trail's bucket share one list.

/** What a TLS-only statement refuses without TLS: every read and write of the objects and of the bucket's settings. */
export const TLS_ONLY_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
] as const;
