/**
 * One call in a function entry that serves models: the registry then serves each model's
 * shop version from the model store (pointer re-read per TTL, fallbacks, reports), instead of
 * only the shipped model. Cheap at module load: nothing is read until the first `getModel`.
 */
import { Db, type SdkDatabase } from '../db/wx-db';
import { storeModelSource } from '../inference/model-source';
import { configureModelSource } from '../inference/registry';
import { createModelStore } from './store';
import { wxModelStorePorts, type SdkStorage } from './wx-ports';

/** Point the registry at the model store of this environment (`cloud` = the initialised wx-server-sdk). */
export function serveShopModels(cloud: { database(): unknown }): void {
  const store = createModelStore(
    wxModelStorePorts(new Db(cloud.database() as SdkDatabase), cloud as unknown as SdkStorage),
  );
  configureModelSource(storeModelSource(store));
}
