/**
 * Staff's list of a rule segment's recent export files (its names, export-names.ts), each with
 * what its link does now: an export has a state beside its short-lived link, as in the export
 * APIs of FullStory and Customer.io (a signed link that expires; an expired export is said to be
 * one), instead of an old link failing on its own. Staff pasting an old link see only cloud
 * storage's answer (`NoSuchKey` or `AccessDenied`, in English) or, for a file an erasure deleted,
 * possibly that file until the link expires (the CDN is not documented to purge); the page says
 * why here and not to use it.
 */
import { EXPORT_LINK_S } from './export-file';
import { exportNames } from './export-names';
import type { ExportListItem } from '../contracts/admin-replies';

/** The named exports of `rule` at `now`, newest first. */
export function exportList(rule: object, now: number): ExportListItem[] {
  return exportNames(rule)
    .map(([id, n]): ExportListItem => {
      const linkUntil = n.at + EXPORT_LINK_S * 1000;
      if (n.voidedAt !== undefined) return { id, at: n.at, linkUntil, state: 'voided', voidedAt: n.voidedAt };
      return { id, at: n.at, linkUntil, state: now < linkUntil ? 'ready' : 'expired' };
    })
    .sort((a, b) => b.at - a.at);
}
