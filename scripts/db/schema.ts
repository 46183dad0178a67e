/**
 * The versioned database schema (`schema.json`): collections, their indexes and security rules.
 */
import schemaJson from './schema.json';

/** One collection of the schema. */
export interface CollectionSchema {
  name: string;
  /** Each index is a list of fields (a compound index when more than one). */
  indexes: string[][];
  /** CloudBase security rules for client access. */
  rules: { read: boolean | string; write: boolean | string };
}

/** The schema file's content. */
export interface DbSchema {
  version: number;
  collections: CollectionSchema[];
}

/** The schema shipped with this version of Qunxiang. */
export const SCHEMA: DbSchema = schemaJson as DbSchema;
