/** Database access for the ingest functions: typed SDK facade and storage ports. */
export * from './wx-db';
export * from './ports';
export * from './wx-ports';
