/**
 * The bucket Firehose writes failed data to (`FailedDataOnly`): records the
 * Lambda could not transform and batches OpenObserve did not accept in time.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Objects that Firehose never finished are cleaned up after this many days. */
const ABORT_INCOMPLETE_UPLOADS_DAYS = 1;

export interface BackupBucketProps {
  /** Days before failed data expires (a CloudFormation token is fine). */
  readonly failedDataRetentionDays: number;
}

export class BackupBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Failed Okta events are the only copy of that data: keep the bucket when
      // the stack is deleted, and let the lifecycle rule empty it over time.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireFailedData',
          enabled: true,
          expiration: Duration.days(props.failedDataRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOADS_DAYS),
        },
      ],
    });

    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket only receives Firehose failure backups written by one service role, is private and TLS-only; ' +
        'a server-access-log bucket would itself need an exemption. Use CloudTrail S3 data events if object-level audit is required.',
    });
  }
}
