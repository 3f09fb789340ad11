// A TCP proxy between the collector and a MongoDB-wire server that breaks write commands on purpose:
// loopback only, seeded (the same seed gives the same decisions for the same traffic), and bounded (a
// fault budget, delays shorter than a few seconds). It frames the wire protocol (every message starts with
// its int32 length) so that it can pick write commands and their replies, and fails them at chosen points.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from '../../dashboard/seeded-random';

/** Where a write is broken, and how. */
export const FAULT_KINDS = [
  'reset-before-write', // connection reset instead of forwarding the write: never applied
  'cut-mid-write', // part of the write forwarded, then reset: the server drops the partial message
  'close-before-write', // connection closed cleanly (FIN) instead of forwarding the write: never applied
  'drop-write', // write swallowed, connection left hanging: the driver times out; never applied
  'delay-write', // write held back, then forwarded: applied, perhaps after the driver gave up
  'reset-after-write', // write applied, its reply thrown away and the connection reset
  'close-after-write', // write applied, its reply thrown away and the connection closed cleanly (FIN), as a server shutting down does
  'cut-mid-reply', // write applied, part of its reply forwarded, then reset
  'drop-reply', // write applied, reply swallowed, connection left hanging: the driver times out
  'delay-reply', // write applied, reply held back, then forwarded
  'outage', // the server "stops": every connection reset, new ones refused for up to maxDelayMs, then back
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  /** The real server; must be on the loopback interface. */
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  readonly seed: number;
  /** Share of write commands that get a fault, 0..1. */
  readonly faultRate: number;
  /** Fault budget: after this many, writes pass untouched. */
  readonly maxFaults: number;
  /** Upper bound of one delay (and of an outage), ms. */
  readonly maxDelayMs: number;
  /** Faults to choose from. @default FAULT_KINDS */
  readonly kinds?: readonly FaultKind[];
}

/** Commands that change documents (OP_MSG section 0's first key). */
const WRITE_COMMANDS = new Set(['insert', 'update', 'delete']);
const OP_MSG = 2013;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export class FaultProxy {
  readonly faults: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
    FaultKind,
    number
  >;
  /** Write commands seen, faulted or not. */
  writes = 0;
  /** Faults are injected only while this is true. */
  enabled = true;
  private readonly random: () => number;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private outage = false;
  private closed = false;
  private restart: NodeJS.Timeout | undefined;

  constructor(private readonly options: FaultProxyOptions) {
    if (!LOOPBACK.has(options.upstreamHost))
      throw new Error(`fault proxy: upstream must be on loopback, got ${options.upstreamHost}`);
    this.random = seededRandom(options.seed);
    this.server = createServer((client) => this.pipe(client));
  }

  get totalFaults(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0);
  }

  /** Listens on 127.0.0.1 on a free port; resolves to the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : 0;
        resolve(this.port);
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restart);
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stops listening (connections are refused: ECONNREFUSED) and resets every connection, for `ms`. */
  private stopFor(ms: number): void {
    this.outage = true;
    this.server.close();
    for (const s of this.sockets) s.resetAndDestroy();
    this.restart = setTimeout(() => {
      if (this.closed) return;
      // The same port again, as a restarted server would; loopback only, so nothing else is expected on it.
      this.server.listen(this.port, '127.0.0.1', () => {
        this.outage = false;
      });
    }, ms);
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  }

  private decide(): FaultKind | undefined {
    if (!this.enabled || this.outage || this.totalFaults >= this.options.maxFaults) return undefined;
    if (this.random() >= this.options.faultRate) return undefined;
    const kinds = this.options.kinds ?? FAULT_KINDS;
    const kind = kinds[Math.floor(this.random() * kinds.length)];
    this.faults[kind]++;
    return kind;
  }

  private delay(): number {
    return Math.round(this.random() * this.options.maxDelayMs);
  }

  private pipe(client: Socket): void {
    this.track(client);
    const upstream = this.track(createConnection(this.options.upstreamPort, this.options.upstreamHost));
    let dead = false;
    /** Set after forwarding a faulted write: what to do with its reply. */
    let replyFault: FaultKind | undefined;
    const kill = () => {
      dead = true;
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    };
    const close = () => {
      dead = true;
      client.end();
      upstream.end();
    };
    const hang = () => {
      // Nothing more goes through either way; the driver's socket timeout ends it.
      dead = true;
    };
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());

    // Messages are handled one after the other, delays included, so their order is kept.
    let toServer = Promise.resolve();
    let toClient = Promise.resolve();

    frames(client, (message) => {
      toServer = toServer.then(async () => {
        if (dead) return;
        if (!isWrite(message)) return void upstream.write(message);
        this.writes++;
        const kind = this.decide();
        switch (kind) {
          case 'reset-before-write':
            return kill();
          case 'close-before-write':
            return close();
          case 'outage':
            dead = true;
            return this.stopFor(this.delay());
          case 'cut-mid-write':
            upstream.write(message.subarray(0, 1 + Math.floor(this.random() * (message.length - 1))));
            // Let the partial message reach the server before the reset.
            await sleep(5);
            return kill();
          case 'drop-write':
            return hang();
          case 'delay-write':
            await sleep(this.delay());
            if (!dead) upstream.write(message);
            return;
          default:
            replyFault = kind;
            upstream.write(message);
        }
      });
    });

    frames(upstream, (message) => {
      toClient = toClient.then(async () => {
        if (dead) return;
        const kind = replyFault;
        replyFault = undefined;
        switch (kind) {
          case 'reset-after-write':
            return kill();
          case 'close-after-write':
            return close();
          case 'cut-mid-reply':
            client.write(message.subarray(0, 1 + Math.floor(this.random() * (message.length - 1))));
            await sleep(5);
            return kill();
          case 'drop-reply':
            return hang();
          case 'delay-reply':
            await sleep(this.delay());
            if (!dead) client.write(message);
            return;
          default:
            client.write(message);
        }
      });
    });
  }
}

/** Calls `onMessage` with each complete wire-protocol message read from the socket. */
function frames(socket: Socket, onMessage: (message: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readInt32LE(0);
      if (pending.length < length) break;
      onMessage(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  });
}

/** An OP_MSG whose body's first key is a write command. */
function isWrite(message: Buffer): boolean {
  // Header (16 bytes: length, requestID, responseTo, opCode), flagBits (4), section kind (1), document.
  if (message.length < 27 || message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return false;
  // The document: int32 size, then the first element: type byte and a NUL-terminated name.
  const nameStart = 26;
  const nameEnd = message.indexOf(0, nameStart);
  return nameEnd > nameStart && WRITE_COMMANDS.has(message.toString('latin1', nameStart, nameEnd));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
