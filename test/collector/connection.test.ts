import { MongoNetworkError, MongoServerError } from 'mongodb';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { clientOptions, documentDbUri } from '../../lambda-src/collector/store/connection';
import { isUnavailable } from '../../lambda-src/collector/store/errors';

describe('DocumentDB connection settings', () => {
  const secret = {
    username: 'collector',
    password: 'p@ss:w/rd?',
    host: 'observability.cluster-abc.ap-northeast-1.docdb.amazonaws.com',
    port: 27017,
  };

  test('the connection string from the secret turns TLS on, reads from secondaries, escapes the password', () => {
    const uri = new URL(documentDbUri(secret, false));
    expect(uri.username).toBe('collector');
    expect(decodeURIComponent(uri.password)).toBe('p@ss:w/rd?');
    expect(uri.host).toBe('observability.cluster-abc.ap-northeast-1.docdb.amazonaws.com:27017');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      tls: 'true',
      replicaSet: 'rs0',
      readPreference: 'secondaryPreferred',
      retryWrites: 'false',
    });
  });

  test('retryWrites follows DOCDB_RETRY_WRITES (on for engines from 8.0.2)', () => {
    expect(new URL(documentDbUri(secret, true)).searchParams.get('retryWrites')).toBe('true');
    expect(loadCollectorConfig({ DOCDB_RETRY_WRITES: 'false' }).retryWrites).toBe(false);
    expect(loadCollectorConfig({ DOCDB_RETRY_WRITES: 'FALSE' }).retryWrites).toBe(false);
    expect(loadCollectorConfig({ DOCDB_RETRY_WRITES: 'true' }).retryWrites).toBe(true);
  });

  test('a small pool and timeouts below the Lambda timeout (15 s in the central stack)', () => {
    const options = clientOptions({ dbTimeoutMs: 5000 });
    expect(options.maxPoolSize).toBeLessThanOrEqual(2);
    expect(options.serverSelectionTimeoutMS! + options.socketTimeoutMS!).toBeLessThan(15_000);
  });
});

describe('loadCollectorConfig', () => {
  test('defaults', () => {
    const config = loadCollectorConfig({ API_KEY_PRODUCTS: '{"k1":"payments"}' });
    expect(config).toMatchObject({
      apiKeyProducts: { k1: 'payments' },
      maxBodyBytes: 1_048_576,
      maxInflatedBodyBytes: 8_388_608,
      dbName: 'observability',
      logRetentionDays: 14,
      retryWrites: true,
      dbTimeoutMs: 5000,
      problems: [],
    });
  });

  test('fails soft on bad numbers, naming the variable and the value', () => {
    const config = loadCollectorConfig({
      API_KEY_PRODUCTS: '{}',
      MAX_BODY_BYTES: '1MB',
      LOG_RETENTION_DAYS: '-3',
    });
    expect(config.maxBodyBytes).toBe(1_048_576);
    expect(config.problems).toEqual([
      'MAX_BODY_BYTES must be a positive integer, got "1MB"; using 1048576',
      'LOG_RETENTION_DAYS must be a positive integer, got "-3"; using 14',
    ]);
  });

  test('fails soft on API_KEY_PRODUCTS entries that are not product names', () => {
    const config = loadCollectorConfig({ API_KEY_PRODUCTS: '{"a":"payments","b":7,"c":""}' });
    expect(config.apiKeyProducts).toEqual({ a: 'payments' });
    expect(config.problems).toEqual([
      'API_KEY_PRODUCTS["b"] must be a product name, got 7',
      'API_KEY_PRODUCTS["c"] must be a product name, got ""',
    ]);
  });

  test('fails soft when API_KEY_PRODUCTS is missing', () => {
    expect(loadCollectorConfig({}).problems).toEqual([
      'API_KEY_PRODUCTS is not set: every request will be refused with 403',
    ]);
  });
});

describe('isUnavailable: what answers 503', () => {
  test('a failover, a network error or stale credentials are "unavailable"', () => {
    expect(isUnavailable(new MongoServerError({ code: 189, errmsg: 'PrimarySteppedDown' }))).toBe(true);
    expect(isUnavailable(new MongoServerError({ code: 10107, errmsg: 'not primary' }))).toBe(true);
    expect(isUnavailable(new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }))).toBe(true);
    expect(isUnavailable(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
  });

  test('a refused document is not', () => {
    expect(isUnavailable(new MongoServerError({ code: 2, errmsg: 'invalid key: "$where"' }))).toBe(false);
    expect(isUnavailable(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(false);
    expect(isUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
