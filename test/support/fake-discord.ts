/**
 * A fake Discord on 127.0.0.1 — REST (node:http) and gateway (ws) — that the real discord.js client
 * talks to. It records every REST call and gateway frame so tests assert on what the bot really sent,
 * and lets tests inject events (messages, slash commands, autocomplete, buttons), failures (any status
 * on a route), and dropped connections. Facts it relies on: /work/shared/notes/discord-fake.md.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A button or other component as it travels on the wire. */
export interface WireComponent {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  emoji?: { name?: string };
  components?: WireComponent[];
}

/** An embed as it travels on the wire. */
export interface WireEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

/** A message payload (create, edit, follow-up, or an interaction callback's `data`). */
export interface WireMessage {
  content?: string;
  embeds?: WireEmbed[];
  components?: WireComponent[];
  allowed_mentions?: { parse?: string[]; replied_user?: boolean };
  flags?: number;
  message_reference?: { message_id?: string };
  choices?: Array<{ name: string; value: string }>;
}

/** A slash-command definition in the registration PUT. */
export interface WireCommand {
  name: string;
  description: string;
  options?: Array<{ type: number; name: string; required?: boolean; autocomplete?: boolean }>;
}

/** Any JSON body the bot sends: a message, a callback (`type` + `data`), a thread (`name`), or commands. */
export type WireBody = WireMessage & { type?: number; data?: WireMessage; name?: string; auto_archive_duration?: number };

/** One REST call the bot made (path percent-decoded, without `/api/v10`). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The JSON body (for the command PUT, an array: see `commands()`). */
  body: WireBody;
  authorized: boolean;
}

/** The commands in a registration PUT. */
export function commandsOf(request: RecordedRequest): WireCommand[] {
  return request.body as unknown as WireCommand[];
}

/** The fields of gateway frames the tests read. */
export interface FrameData {
  intents?: number;
  token?: string;
  session_id?: string;
  [key: string]: unknown;
}

/** One gateway frame, in either direction. */
export interface RecordedFrame {
  direction: 'fromBot' | 'toBot';
  op: number;
  t?: string | null;
  d: FrameData | null;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
interface Override {
  method: string;
  pattern: RegExp;
  reply: Reply;
}

let counter = 0n;
/** A fresh snowflake (real format, so discord.js can read its timestamp). */
export function snowflake(): string {
  counter += 1n;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) + counter).toString();
}

const MESSAGE_CONTENT = 1 << 15;

/** Who runs an interaction: user, client language, member permissions (a bit field as a string). */
export interface InteractOptions {
  userId?: string;
  locale?: string;
  permissions?: string;
}

/** A file attached to a slash command option (served by the test from a local HTTP server). */
export interface FakeAttachment {
  filename: string;
  size: number;
  url: string;
  contentType?: string;
}

export class FakeDiscord {
  readonly botId = '1100000000000000001';
  readonly guildId = '1200000000000000001';
  /** An ordinary channel. */
  readonly channelId = '1300000000000000001';
  /** A second channel (tests list it in ANSWER_CHANNEL_IDS). */
  readonly qaChannelId = '1300000000000000002';
  readonly requests: RecordedRequest[] = [];
  readonly frames: RecordedFrame[] = [];
  /** Close codes of gateway connections, as the fake saw them (1000 when the bot closed cleanly). */
  readonly closeCodes: number[] = [];
  /** Bot messages by id, as returned to the bot. */
  readonly messages = new Map<string, Record<string, unknown>>();
  /** Set true to refuse the privileged Message Content intent (close 4014), as the portal does when it is off. */
  refuseMessageContent = false;
  /** Shards `/gateway/bot` recommends; guild events go to the shard `(guild_id >> 22) % count` that identified for it. */
  gatewayShards = 1;
  /** Extra guilds (beyond `guildId`), each with one channel `channelOf(guild)`, to spread events over shards. */
  readonly extraGuilds: string[] = [];
  /** When set, REST calls with another token get 401 (as Discord answers a wrong token). */
  acceptToken: string | undefined;
  private readonly overrides: Override[] = [];
  private readonly sockets = new Set<WebSocket>();
  /** The [shard, count] each socket identified with. */
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  private readonly waiters: Array<() => void> = [];
  private readonly threads = new Map<string, string>();
  /** The threads the bot started, as channel objects (a new session's GUILD_CREATE lists them, as Discord lists active threads). */
  private readonly threadChannels = new Map<string, Record<string, unknown>>();
  private readonly interactions = new Map<string, { channelId: string }>();
  private intents = 0;
  private seq = 0;
  private sessionId = '';

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  /** Starts the fake on a free loopback port. */
  static async start(): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/gateway' });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const fake = new FakeDiscord(http, wss, (http.address() as AddressInfo).port);
    http.on('request', (req, res) => void fake.onRequest(req, res));
    wss.on('connection', (socket) => fake.onConnection(socket));
    return fake;
  }

  /** The REST base to give the bot (DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get botUser(): Record<string, unknown> {
    return { id: this.botId, username: 'crisisbot', discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  /** Answers the next `method` request whose path matches with this status and body (once). */
  failNext(method: string, pattern: RegExp, status: number, body: unknown = {}, headers: Record<string, string> = {}): void {
    this.overrides.push({ method, pattern, reply: { status, body, headers } });
  }

  /** Resolves when a recorded request matches (already recorded ones count), else rejects after `timeoutMs`. */
  async waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, () => `request; saw ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  }

  /** Resolves when a recorded gateway frame matches. */
  async waitForFrame(predicate: (frame: RecordedFrame) => boolean, timeoutMs = 5_000): Promise<RecordedFrame> {
    return this.waitUntil(() => this.frames.find(predicate), timeoutMs, () => `frame; saw ops ${this.frames.map((f) => `${f.direction}:${f.op}${f.t ? `:${f.t}` : ''}`).join(', ')}`);
  }

  /** Resolves when `condition` holds (checked on every request and frame, and every 250 ms). */
  async until(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    await this.waitUntil(() => (condition() ? true : undefined), timeoutMs, () => what);
  }

  private async waitUntil<T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for a ${describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Forgets recorded requests and frames, and failures queued but not used (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.frames.length = 0;
    this.overrides.length = 0;
  }

  // ---- gateway ----

  private send(socket: WebSocket, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    this.frames.push({ direction: 'toBot', op: payload.op, t: payload.t ?? null, d: payload.d as FrameData | null });
    socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  /** Sends a dispatch event to every connected client (a guild's event only to the shard that owns the guild). */
  dispatch(t: string, d: unknown, only?: WebSocket): void {
    this.seq += 1;
    const guild = (d as { guild_id?: string } | null)?.guild_id;
    for (const socket of only ? [only] : this.sockets) {
      const shard = this.shardOf.get(socket);
      if (!only && guild && shard && Number((BigInt(guild) >> 22n) % BigInt(shard[1])) !== shard[0]) continue;
      this.send(socket, { op: 0, t, s: this.seq, d });
    }
  }

  /** The shard (of `gatewayShards`) that receives a guild's events. */
  shardForGuild(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.gatewayShards));
  }

  /** Shard ids that have identified (one per gateway connection). */
  get identifiedShards(): number[] {
    return [...this.shardOf.values()].map(([id]) => id).sort();
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', (code: number) => {
      this.sockets.delete(socket);
      this.closeCodes.push(code);
      this.notify();
    });
    socket.on('message', (raw: Buffer) => this.onFrame(socket, JSON.parse(raw.toString()) as { op: number; d: FrameData | null }));
    this.send(socket, { op: 10, d: { heartbeat_interval: 2_000 } });
  }

  private onFrame(socket: WebSocket, frame: { op: number; d: FrameData | null }): void {
    this.frames.push({ direction: 'fromBot', op: frame.op, d: frame.d });
    this.notify();
    if (frame.op === 1) this.send(socket, { op: 11, d: null });
    if (frame.op === 2) {
      this.intents = Number(frame.d?.intents ?? 0);
      if (this.refuseMessageContent && (this.intents & MESSAGE_CONTENT) !== 0) {
        socket.close(4014, 'Disallowed intent(s).');
        return;
      }
      this.sessionId = `session-${snowflake()}`;
      this.seq = 0;
      const shard = (frame.d?.shard as [number, number] | undefined) ?? [0, 1];
      this.shardOf.set(socket, shard);
      const mine = [this.guildId, ...this.extraGuilds].filter((g) => Number((BigInt(g) >> 22n) % BigInt(shard[1])) === shard[0]);
      const application = { id: this.botId, flags: 0 };
      this.dispatch('READY', { v: 10, user: this.botUser, guilds: mine.map((id) => ({ id, unavailable: true })), session_id: this.sessionId, resume_gateway_url: this.gatewayUrl, application, shard }, socket);
      for (const id of mine) this.dispatch('GUILD_CREATE', this.guild(id), socket);
    }
    if (frame.op === 6) {
      if (frame.d?.session_id === this.sessionId) this.dispatch('RESUMED', {});
      else this.send(socket, { op: 9, d: false });
    }
  }

  /** The one channel of an extra guild. */
  channelOf(guildId: string): string {
    return (BigInt(guildId) + 1n).toString();
  }

  private guild(guildId = this.guildId): Record<string, unknown> {
    const channel = (id: string, name: string): Record<string, unknown> => ({ id, type: 0, name, guild_id: guildId, position: 0, permission_overwrites: [] });
    const channels = guildId === this.guildId ? [channel(this.channelId, 'general'), channel(this.qaChannelId, 'ask-crisisbot')] : [channel(this.channelOf(guildId), 'general')];
    return {
      id: guildId, name: 'Fake Guild', icon: null, owner_id: '1400000000000000099', unavailable: false, member_count: 3, large: false,
      features: [], emojis: [], stickers: [], members: [], presences: [], voice_states: [], threads: [...this.threadChannels.values()].filter((t) => t.guild_id === guildId), stage_instances: [], guild_scheduled_events: [],
      roles: [{ id: guildId, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels,
      joined_at: new Date().toISOString(),
    };
  }

  /** Drops every gateway connection abruptly (the client should resume). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Closes every gateway connection with a close code (4000 unknown error: the client resumes). */
  closeConnections(code: number, reason = ''): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  private user(id: string): Record<string, unknown> {
    return { id, username: `user${id.slice(-3)}`, discriminator: '0', global_name: null, avatar: null };
  }

  /** A user posts a message; without the Message Content intent, Discord blanks unmentioned content. Returns the message id. */
  postMessage(options: { content: string; channelId?: string; guildId?: string; userId?: string; mentionBot?: boolean }): string {
    const id = snowflake();
    const channelId = options.channelId ?? this.channelId;
    const content = options.mentionBot ? `<@${this.botId}> ${options.content}` : options.content;
    const visible = options.mentionBot || (this.intents & MESSAGE_CONTENT) !== 0;
    this.dispatch('MESSAGE_CREATE', {
      id, channel_id: channelId, guild_id: options.guildId ?? this.guildId, author: this.user(options.userId ?? '1400000000000000001'),
      member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      content: visible ? content : '', timestamp: new Date().toISOString(), edited_timestamp: null, tts: false,
      mention_everyone: false, mentions: options.mentionBot ? [this.botUser] : [], mention_roles: [], attachments: [], embeds: [],
      pinned: false, type: 0, components: [],
    });
    return id;
  }

  private interact(type: number, data: Record<string, unknown>, options: InteractOptions & { channelId?: string; message?: unknown }): { id: string; token: string } {
    const id = snowflake();
    const token = `itoken-${id}-${'x'.repeat(40)}`;
    const channelId = options.channelId ?? this.channelId;
    this.interactions.set(token, { channelId });
    this.dispatch('INTERACTION_CREATE', {
      id, application_id: this.botId, type, token, version: 1, data, guild_id: this.guildId,
      channel: { id: channelId, type: 0, guild_id: this.guildId }, channel_id: channelId,
      member: { user: this.user(options.userId ?? '1400000000000000001'), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, permissions: options.permissions ?? '2251799813685247', flags: 0 },
      locale: options.locale ?? 'en-US', guild_locale: 'en-US', app_permissions: '2251799813685247', entitlements: [], authorizing_integration_owners: { '0': this.guildId }, context: 0,
      ...(options.message ? { message: options.message } : {}),
    });
    return { id, token };
  }

  private static options(values: Record<string, string | boolean>, focused?: string): Array<Record<string, unknown>> {
    return Object.entries(values).map(([name, value]) => ({ name, type: typeof value === 'boolean' ? 5 : 3, value, ...(name === focused ? { focused: true } : {}) }));
  }

  /** A user runs a slash command. */
  slashCommand(name: string, values: Record<string, string | boolean> = {}, options: InteractOptions & { attachments?: Record<string, FakeAttachment> } = {}): { id: string; token: string } {
    const attachments = Object.entries(options.attachments ?? {}).map(([option, file]) => ({ option, id: snowflake(), file }));
    const resolved = Object.fromEntries(
      attachments.map(({ id, file }) => [id, { id, filename: file.filename, size: file.size, url: file.url, proxy_url: file.url, ...(file.contentType ? { content_type: file.contentType } : {}) }]),
    );
    const data = {
      id: snowflake(), name, type: 1, guild_id: this.guildId,
      options: [...FakeDiscord.options(values), ...attachments.map(({ option, id }) => ({ name: option, type: 11, value: id }))],
      ...(attachments.length > 0 ? { resolved: { attachments: resolved } } : {}),
    };
    return this.interact(2, data, options);
  }

  /** A user types in an autocomplete option (`focused`). */
  autocomplete(name: string, values: Record<string, string>, focused: string): { id: string; token: string } {
    return this.interact(4, { id: snowflake(), name, type: 1, guild_id: this.guildId, options: FakeDiscord.options(values, focused) }, {});
  }

  /** A user presses a button on one of the bot's messages. */
  pressButton(customId: string, message: unknown, options: InteractOptions = {}): { id: string; token: string } {
    return this.interact(3, { custom_id: customId, component_type: 2 }, { ...options, message });
  }

  // ---- REST ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, '');
    const method = req.method ?? 'GET';
    const request: RecordedRequest = { method, path, query: url.searchParams, body: parseBody(Buffer.concat(chunks), req.headers['content-type']), authorized: this.acceptToken === undefined ? Boolean(req.headers.authorization) : req.headers.authorization === `Bot ${this.acceptToken}` };
    this.requests.push(request);
    this.notify();
    const index = this.overrides.findIndex((o) => o.method === method && o.pattern.test(path));
    const reply = index >= 0 ? this.overrides.splice(index, 1)[0]!.reply : this.route(request);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    // A 204 has no body, and so no Content-Type (else the client tries to parse nothing as JSON).
    res.writeHead(reply.status, { ...(reply.status === 204 ? {} : { 'Content-Type': 'application/json' }), ...(reply.headers ?? {}) });
    res.end(text);
  }

  private messageFrom(channelId: string, body: WireBody | undefined): Record<string, unknown> {
    const message = {
      id: snowflake(), channel_id: channelId, guild_id: this.guildId, author: this.botUser, content: body?.content ?? '',
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
      attachments: [], embeds: body?.embeds ?? [], pinned: false, type: 0, components: body?.components ?? [], flags: body?.flags ?? 0,
    };
    this.messages.set(message.id, message);
    return message;
  }

  private route(request: RecordedRequest): Reply {
    const { method, path, body } = request;
    let m: RegExpExecArray | null;
    const needsToken = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsToken && !request.authorized) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl, shards: this.gatewayShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 } } };
    }
    if (method === 'GET' && path === '/applications/@me') return { status: 200, body: { id: this.botId, name: 'crisisbot', flags: 0, bot_public: true } };
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/u.test(path)) {
      return { status: 200, body: commandsOf(request).map((command) => ({ ...command, id: snowflake(), application_id: this.botId, version: snowflake() })) };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/typing$/u.exec(path))) return { status: 204 };
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/u.exec(path))) {
      const id = snowflake();
      this.threads.set(id, m[1]!);
      const thread: Record<string, unknown> = {
        id, type: 11, guild_id: this.extraGuilds.find((g) => this.channelOf(g) === m![1]) ?? this.guildId, parent_id: m[1], name: body?.name ?? 'thread', owner_id: this.botId, last_message_id: null,
        rate_limit_per_user: 0, message_count: 0, member_count: 1, flags: 0,
        thread_metadata: { archived: false, auto_archive_duration: body?.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false },
      };
      this.threadChannels.set(id, thread);
      return { status: 201, body: thread };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/u.exec(path))) return { status: 200, body: this.messageFrom(m[1]!, body) };
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) return { status: 204 };
    if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/u.exec(path)) && (method === 'PATCH' || method === 'POST')) {
      const channelId = this.interactions.get(m[1]!)?.channelId ?? this.channelId;
      return { status: 200, body: this.messageFrom(channelId, body) };
    }
    return { status: 404, body: { message: `404: Not Found (fake has no ${method} ${path})`, code: 0 } };
  }

  /** Channel id of a thread the bot started (undefined if none). */
  threadParent(threadId: string): string | undefined {
    return this.threads.get(threadId);
  }

  /** Stops the fake: closes every socket and connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

/** JSON body, or the `payload_json` part of a multipart body; `{}` when there is none. */
function parseBody(raw: Buffer, contentType: string | undefined): WireBody {
  const text = raw.toString('utf8');
  if (contentType?.startsWith('multipart/form-data')) {
    const match = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/u.exec(text);
    return match?.[1] ? (JSON.parse(match[1]) as WireBody) : {};
  }
  return text !== '' && contentType?.includes('json') ? (JSON.parse(text) as WireBody) : {};
}
