/**
 * The seam between the local cloud's HTTP server and the services behind it (database, functions,
 * openapi). The server parses each `POST /admin` request (JSON or multipart) into an
 * {@link AdminRequest} and hands it to the handler registered for its `action`.
 */

/** One parsed wire request from `wx-server-sdk`. */
export interface AdminRequest {
  /** e.g. `database.getDocument`, `functions.invokeFunction`, `wx.openApi`. */
  action: string;
  /** JSON body fields, or multipart fields (text parts as strings, file parts as Buffers). */
  body: Record<string, unknown>;
  /** Query string of the request (`env`, `seqId`, …). */
  query: URLSearchParams;
  /** Request headers, lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
}

/** What a handler answers: the whole response envelope, plus an optional content type/binary body. */
export type AdminResponse =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'binary'; body: Buffer; contentType: string; status?: number };

/** A handler for one action (or every action under a prefix). */
export type ActionHandler = (req: AdminRequest) => Promise<AdminResponse>;

/** Routes an action name to its handler: exact names first, then the longest matching prefix. */
export class ActionRegistry {
  private readonly exact = new Map<string, ActionHandler>();
  private readonly prefixes: Array<[string, ActionHandler]> = [];

  /** Register `handler` for `name`, or for every action starting with `name` when it ends in `.`. */
  register(name: string, handler: ActionHandler): void {
    if (name.endsWith('.')) {
      this.prefixes.push([name, handler]);
      this.prefixes.sort((a, b) => b[0].length - a[0].length);
    } else this.exact.set(name, handler);
  }

  /** The handler for `action`, or undefined when nothing is registered for it. */
  resolve(action: string): ActionHandler | undefined {
    return this.exact.get(action) ?? this.prefixes.find(([p]) => action.startsWith(p))?.[1];
  }
}
