// Per-environment settings in `review parity`: an environment that does not page (or pages at low urgency)
// lacks the product's PagerDuty resources and mentions no on-call; that is declared by its account entry
// (`products[].accounts[]`, stacks/config/environment.ts), not drift.
import type { ProductAccountConfig, ProductConfig } from '../stacks/config';
import { productForAccount } from '../stacks/config/environment';
import { code } from './markdown';
import type { Topic } from './parity-settings';

/** How one account's alerts reach PagerDuty. */
export type Paging = 'pages' | 'low-urgency' | 'none';

export function accountPaging(product: ProductConfig, account: ProductAccountConfig): Paging {
  const pd = productForAccount(product, account).pagerduty;
  return !pd.pages ? 'none' : pd.lowUrgency ? 'low-urgency' : 'pages';
}

const PAGING_TEXT: Record<Paging, string> = {
  pages: 'pages',
  'low-urgency': 'has a low-urgency PagerDuty service only',
  none: 'does not page',
};

/**
 * Why a PagerDuty resource (or a monitor message that mentions PagerDuty) differs between two stacks:
 * their environments page differently. Undefined when they page alike or the topic is not PagerDuty.
 */
export function pagingReason(
  stack: {
    readonly product: string;
    readonly env: string;
    readonly paging?: Paging;
    readonly productPages?: boolean;
  },
  other: { readonly paging?: Paging },
  topic: Topic,
): string | undefined {
  if (!stack.paging || !other.paging || stack.paging === other.paging) return undefined;
  if (!topic.tokens.has('pagerduty')) return undefined;
  // The product's own `pagerduty.pages: false` is the setting that declares it, whatever its accounts say.
  if (stack.productPages === false) return `${stack.product}: ${code('pagerduty.pages: false')}`;
  return `${stack.product}: env ${code(stack.env)} ${PAGING_TEXT[stack.paging]} (${code('products[].accounts[]')})`;
}

/** Resources of the product's PagerDuty construct that exist exactly when the account pages. */
const PAGING_RESOURCES = [
  'pagerdutyservice',
  'pagerdutyescalationpolicy',
  'pagerdutydatadoglink',
  'pagerdutyincidentwebhook',
];

/**
 * Whether a resource present in one stack and not the other is drift whatever else their settings say:
 * one that exists exactly when an account pages, between two accounts that page alike.
 */
export function pagingContradicts(
  stack: { readonly paging?: Paging },
  other: { readonly paging?: Paging },
  topic: Topic,
): boolean {
  if (!stack.paging || !other.paging || stack.paging !== other.paging) return false;
  return PAGING_RESOURCES.some((r) => topic.squashed.startsWith(r));
}
