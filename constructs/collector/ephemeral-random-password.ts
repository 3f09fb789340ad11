import { ref, TerraformElement, Token } from 'cdktf';
import type { Construct } from 'constructs';

export interface EphemeralRandomPasswordProps {
  /** @default 32 */
  readonly length?: number;
  /** Leave out punctuation, so the password is safe in a connection string. @default true */
  readonly excludePunctuation?: boolean;
}

/**
 * A password from Secrets Manager's `GetRandomPassword`, as a terraform *ephemeral* resource
 * (`ephemeral "aws_secretsmanager_random_password"`, terraform >= 1.10): it is generated during the run and
 * never written to the plan or the state. It can only feed write-only arguments (`*_wo`, terraform >= 1.11),
 * which are applied when their `*_wo_version` changes. The prebuilt provider bindings have no class for
 * ephemeral resources, so this element renders the block itself.
 */
export class EphemeralRandomPassword extends TerraformElement {
  /** The generated password: only valid in write-only arguments. */
  public readonly value: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EphemeralRandomPasswordProps = {},
  ) {
    super(scope, id, 'ephemeral.aws_secretsmanager_random_password');
    this.value = Token.asString(
      ref(
        `ephemeral.aws_secretsmanager_random_password.${this.friendlyUniqueId}.random_password`,
        this.cdktfStack,
      ),
    );
  }

  public override toTerraform(): Record<string, unknown> {
    return {
      ephemeral: {
        aws_secretsmanager_random_password: {
          [this.friendlyUniqueId]: {
            password_length: this.props.length ?? 32,
            exclude_punctuation: this.props.excludePunctuation ?? true,
            require_each_included_type: true,
          },
        },
      },
    };
  }
}
