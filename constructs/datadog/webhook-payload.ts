// The JSON body Datadog's webhook integration posts to the collector's /webhooks/datadog.
// `$VARIABLES` are Datadog webhook template variables; the collector's Datadog normalizer reads these fields.

/** Payload template of the collector webhook (shared contract with lambda-src's Datadog normalizer). */
export const DATADOG_WEBHOOK_PAYLOAD = {
  id: '$ID',
  event_type: '$EVENT_TYPE',
  transition: '$ALERT_TRANSITION',
  alert_id: '$ALERT_ID',
  alert_cycle_key: '$ALERT_CYCLE_KEY',
  alert_status: '$ALERT_STATUS',
  alert_type: '$ALERT_TYPE',
  alert_priority: '$ALERT_PRIORITY',
  alert_title: '$ALERT_TITLE',
  alert_query: '$ALERT_QUERY',
  alert_scope: '$ALERT_SCOPE',
  aggregate: '$AGGREG_KEY',
  title: '$EVENT_TITLE',
  body: '$EVENT_MSG',
  date: '$DATE',
  last_updated: '$LAST_UPDATED',
  link: '$LINK',
  tags: '$TAGS',
  hostname: '$HOSTNAME',
  org: { id: '$ORG_ID', name: '$ORG_NAME' },
} as const;
