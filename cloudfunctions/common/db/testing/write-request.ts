/**
 * The request bodies wx-server-sdk sends for the memory SDK's writes, so the memory SDK measures a
 * write as the local cloud does (scripts/local-cloud/db/write-bytes.ts: the body's JSON) and
 * refuses the same ones. The shapes are the SDK's (@cloudbase/database 1.4.3): each document or
 * update is canonical EJSON (`{"$numberInt":"1"}`), sent as a string inside the JSON body, so
 * quotes, backslashes and numbers weigh more on the wire than in the document; the envelope carries
 * the action, the env and four tokens, as the local cloud receives them (empty tokens: in WeChat
 * cloud they are longer, and where its limit falls to the byte is not documented).
 * test/integration/write-limit-parity.test.ts checks these bodies against the ones the local cloud
 * receives from the real SDK.
 */
import { EJSON, type Document } from 'bson';

/** The SDK's encoding of a document, query or update: canonical EJSON, undefined fields left out. */
const ejson = (v: unknown): string => EJSON.stringify(v as Document, { relaxed: false });

/** What every request carries besides its own fields (the local cloud's env is `local`). */
const ENVELOPE = { envName: 'local', wxCloudApiToken: '', wxCloudbaseAccesstoken: '', tcb_sessionToken: '', crossAuthorizationToken: '' };

/** `collection.add`: one EJSON string per document. */
export const insertRequest = (collectionName: string, docs: unknown[]) => ({
  collectionName,
  data: docs.map(ejson),
  action: 'database.insertDocument',
  ...ENVELOPE,
});

/** `collection.where(query).update(...)`: the query and the update operators (the memory SDK's modifier). */
export const updateRequest = (collectionName: string, query: unknown, modifier: unknown) => ({
  collectionName,
  queryType: 'WHERE',
  multi: true,
  merge: true,
  upsert: false,
  data: ejson(modifier),
  query: ejson(query),
  action: 'database.modifyDocument',
  ...ENVELOPE,
});

/** `collection.doc(id).set({ data })`: the whole document, without `_id`, as an upsert. */
export const setRequest = (collectionName: string, id: string, data: unknown) => ({
  collectionName,
  queryType: 'DOC',
  data: ejson(data),
  multi: false,
  merge: false,
  upsert: true,
  query: ejson({ _id: id }),
  action: 'database.modifyDocument',
  ...ENVELOPE,
});
